"""The share file's format: what a colleague's itinerary may hold, and the limits on it.

A share file comes from someone else, through chat or mail, so every field is checked and
bounded here, the one model both a YAML share file and an exported calendar are read into.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from itinerary.model import Instant, Program, Slug
from itinerary.selection import MAX_NOTE_CHARS, CleanText, Priority
from itinerary.validation import CLOSED, Check, Loc, LocatedProblems, checked

if TYPE_CHECKING:
    from pydantic_core import CoreSchema

SHARE_FORMAT: Final = 1
MAX_SHARE_BYTES = 1024 * 1024
# An exported calendar read as a share file: icalendar parses about 1.5 MiB a second here, so
# 8 MiB (some 8,000 events with abstracts) is read in seconds, not minutes. `export` says when
# the calendar it wrote is larger, so that a file it writes is never refused without a word.
MAX_CALENDAR_BYTES = 8 * 1024 * 1024
# A real share file of 10,000 stars has about 60,000 values and nests 4 levels deep.
MAX_SHARE_NODES = 200_000
MAX_SHARED_STARS = 50_000
MAX_SHOWN_PROBLEMS = 20
MAX_SHARE_DEPTH = 12

MAX_NAME_CHARS, MAX_TITLE_CHARS, MAX_PROGRAM_TITLE_CHARS = 200, 1000, 500
Name = Annotated[CleanText, Check(min_length=1, max_length=MAX_NAME_CHARS)]
Note = Annotated[CleanText, Check(max_length=MAX_NOTE_CHARS)]


@dataclass(frozen=True, kw_only=True)
class SharedProgram:
    __pydantic_config__ = CLOSED

    id: Slug
    title: Annotated[CleanText, Check(max_length=MAX_PROGRAM_TITLE_CHARS)]
    fingerprint: Annotated[str, Check(max_length=128)]


@dataclass(frozen=True, kw_only=True)
class SharedStar:
    __pydantic_config__ = CLOSED

    id: Slug
    title: Annotated[CleanText, Check(max_length=MAX_TITLE_CHARS)]
    start: Instant  # in the years any program can have: shown in any zone, never overflows
    priority: Priority = Priority.MUST
    note: Note = ""


@dataclass(frozen=True, kw_only=True)
class ShareFile:
    """Someone's itinerary for one program, as the file says it."""

    __pydantic_config__ = CLOSED

    format: Literal[1] = SHARE_FORMAT
    program: SharedProgram
    owner: Name
    written: Instant
    stars: Annotated[tuple[SharedStar, ...], Check(max_length=MAX_SHARED_STARS)] = ()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Callable[[Any], CoreSchema]) -> Any:
        return checked(handler, source, after=cls._each_item_once)

    def _each_item_once(self) -> ShareFile:
        # Twice would be counted twice on import ("already starred: 2").
        first: dict[str, int] = {}
        problems: list[tuple[Loc, str]] = []
        for index, star in enumerate(self.stars):
            if star.id in first:
                problems.append(
                    (("stars", index, "id"), f"{star.id!r} is starred twice (first at "
                     f"stars[{first[star.id]}])")
                )  # fmt: skip
            else:
                first[star.id] = index
        if problems:
            raise LocatedProblems(problems)
        return self


def program_fingerprint(program: Program) -> str:
    """Changes when any item's id, title or time changes: tells one version of a program from
    another, so a share file written against an older one is matched with care."""
    content = sorted(
        (item.id, item.title, item.starts.isoformat(), item.ends.isoformat())
        for item in program.items
    )
    return hashlib.sha256(json.dumps(content).encode("utf-8")).hexdigest()[:32]


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
