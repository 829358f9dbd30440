"""What a reader makes of a schedule file, whatever its format: the conference and its events
as plain records, before ``build.build_program`` turns them into a validated ``Program``.

The format modules only read their format into these records; every decision about what the
program looks like is made after, once, so that a frab XML, a schedule JSON and an iCalendar
file of the same conference give the same kind of program.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Conference:
    """What the file says about the conference as a whole."""

    title: str = ""
    acronym: str = ""
    zone_name: str | None = None  # the file's own zone, if it names one
    zone_line: int | None = None
    venue: str | None = None
    url: str | None = None
    description: str = ""


@dataclass
class Event:
    """One scheduled slot, as read from a file, before it becomes an ``Item``."""

    key: str  # what its id is made from: the guid (XML/JSON), the UID (iCalendar)
    key_name: str  # "guid", "id", "UID"… for messages
    title: str
    start: datetime  # aware
    end: datetime  # aware
    where: str  # "event guid 6a32…" for messages
    line: int | None = None
    room: str | None = None
    track: str | None = None
    type: str | None = None
    subtitle: str = ""
    abstract: str = ""
    description: str = ""
    people: list[str] = field(default_factory=list)
    url: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, href)
    all_day: bool = False
    wall_start: str | None = None  # frab's <start>: wall time in the conference zone
