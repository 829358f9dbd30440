"""The problems and warnings found in one imported file, each located: ``FILE:LINE: message``."""

from __future__ import annotations

from itinerary.errors import ProgramError


class Problems:
    """Located problems and warnings of one file: ``FILE:LINE: message`` lines."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def at(self, line: int | None, message: str) -> str:
        return f"{self.source}:{line}: {message}" if line else f"{self.source}: {message}"

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(self.at(line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(self.at(line, message))

    def fail(self, line: int | None, message: str) -> ProgramError:
        """A ProgramError with this problem (after any already found)."""
        return ProgramError([*self.errors, self.at(line, message)])

    def raise_errors(self) -> None:
        if self.errors:
            raise ProgramError(self.errors)


def shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message; cut short, with its length, when it is long."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"
