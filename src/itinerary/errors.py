"""The one exception family of the core: every error carries a message a person can act on."""

from __future__ import annotations


class ItineraryError(Exception):
    """Something the user can fix; the CLI prints it and exits with status 2."""


class DataFileError(ItineraryError):
    """A data file that cannot be read or is not valid.

    ``problems`` holds one ``FILE:LINE:COLUMN: field.path: message`` line per problem found.
    """

    # Printed in full up to this many: a file of another kind entirely (a text file given as a
    # program) has a problem per line, and the first few say what is wrong.
    SHOWN = 50

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[: self.SHOWN]
        if len(problems) > self.SHOWN:
            shown.append(f"… and {len(problems) - self.SHOWN:,} more problems")
        super().__init__("\n".join(shown))


class ProgramError(DataFileError):
    """A program file that cannot be read or is not valid."""


class TimeZoneError(ItineraryError):
    """A time zone name that is not in the IANA database."""


class NotFoundError(ItineraryError):
    """An item id that is not in the program."""


class StorageError(ItineraryError):
    """State that cannot be read or written: a locked, full or read-only disk, a newer format."""


class ShareError(DataFileError):
    """A share file (or calendar file) that cannot be read as someone's itinerary."""


class PlannerFailed(ItineraryError):
    """The planner stopped on an error of its own (a bug): said, with a non-zero status."""
