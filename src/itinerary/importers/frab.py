"""The frab schedule, in either of its forms (``schedule.xml``, the c3voc ``schedule.json``):
each form's reader pulls an event's fields out of its format into a ``FrabSlot``; from there
one pipeline reads their times, makes them ``Event`` records and builds the program.

frab gives an event's absolute time as its ``date`` (ISO 8601, with an offset) and, in old
files without one, as a wall-clock ``start`` on its ``day`` in the conference's zone; its end
as ``end``, else ``date`` plus ``duration`` (``HH:MM``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from itinerary.importers.build import build_program
from itinerary.importers.ids import choose_key, short_hash
from itinerary.importers.problems import Problems, shown
from itinerary.importers.records import Conference, Event
from itinerary.importers.text import absolute_url
from itinerary.importers.times import (
    choose_zone,
    end_problem,
    in_range,
    in_zone,
    out_of_range,
    parse_date,
    parse_duration,
    parse_instant,
    parse_wall_time,
    wall_clock,
)
from itinerary.model import Program


@dataclass(frozen=True)
class FrabWords:
    """What a form calls the fields that messages name (``<date>`` in XML, ``date`` in JSON),
    and what it says when they are missing."""

    date: str
    start: str
    day: str
    end: str
    duration: str
    no_start: str  # neither a date nor a start on a dated day
    no_end: str  # neither an end nor a duration
    no_zone: str  # the conference names no zone


@dataclass
class FrabSlot:
    """One event's fields as its file writes them (stripped), whichever form it came in."""

    keys: list[tuple[str, str]]  # (name, value) that may give its id, best first
    line: int | None
    path: str | None  # where it is in the file, named in messages when its line is unknown
    title: str
    date: str
    day: str  # the date of its <day>
    day_written: str  # that date as written (even "None"): part of the hash of a keyless event
    start: str
    end: str
    duration: str
    room: str
    track: str
    type: str
    subtitle: str
    abstract: str
    description: str
    people: list[str]
    url: str
    links: list[tuple[str, str | None]]  # (title, href as written)


@dataclass
class FrabFile:
    """What a form's reader pulls out of a frab file."""

    conference: Conference
    # Read one by one as the program is built, so that problems keep the file's order.
    slots: Iterable[FrabSlot]
    words: FrabWords
    day_change: str = ""  # wall time at which a conference day ends (after midnight)
    base_url: str | None = None  # what relative links are relative to


@dataclass(frozen=True)
class _Schedule:
    """What the file says once for all its events."""

    zone: ZoneInfo
    day_change: tuple[int, int, int] | None
    base_url: str | None
    words: FrabWords


def frab_program(
    file: FrabFile, problems: Problems, *, tz: str | None, program_id: str | None
) -> tuple[Program, list[str]]:
    """The Program of a frab file, and warnings about what was adjusted."""
    zone = choose_zone(file.conference, tz, problems, what=file.words.no_zone)
    schedule = _Schedule(zone, parse_wall_time(file.day_change), file.base_url, file.words)
    events: list[Event] = []
    for slot in file.slots:
        event = frab_event(slot, schedule, problems)
        if event is not None:
            events.append(event)
    check_wall_times(events, zone, problems)
    program = build_program(file.conference, events, zone, problems, program_id=program_id)
    return program, problems.warnings


def frab_event(slot: FrabSlot, schedule: _Schedule, problems: Problems) -> Event | None:
    """The event of ``slot``; None, with the problem recorded, if its times cannot be read."""
    when = f"{slot.date or slot.day_written} {slot.start}"
    key_name, key = choose_key(
        [*slot.keys, ("hash", short_hash(f"{slot.title}|{when}|{slot.room}"))]
    )
    # A JSON event's line is known only through its guid: without one, its path says where.
    where = (
        f"event {key_name} {key}"
        if slot.line or slot.path is None
        else f"{slot.path} (event {key_name} {key})"
    )
    start = _start(slot, schedule)
    if isinstance(start, str):
        problems.error(slot.line, f"{where}: {start}")
        return None
    end = _end(slot, start, schedule)
    if isinstance(end, str):
        problems.error(slot.line, f"{where}: {end}")
        return None
    links = [(name, absolute_url(href, schedule.base_url) or "") for name, href in slot.links]
    return Event(
        key=key,
        key_name=key_name,
        title=slot.title,
        start=start,
        end=end,
        where=where,
        line=slot.line,
        room=slot.room or None,
        track=slot.track or None,
        type=slot.type or None,
        subtitle=slot.subtitle,
        abstract=slot.abstract,
        description=slot.description,
        people=slot.people,
        url=absolute_url(slot.url, schedule.base_url),
        links=[(name, href) for name, href in links if href],
        wall_start=(slot.start or None) if slot.date else None,
    )


def _start(slot: FrabSlot, schedule: _Schedule) -> datetime | str:
    """The event's start, from its full date and time, or else its wall-clock start on its
    day; or, as a message, what is wrong with them."""
    words, zone = schedule.words, schedule.zone
    start: datetime | None
    if slot.date:
        start = parse_instant(slot.date)
        if start is None:
            return f"{words.date} {slot.date!r} is not an ISO 8601 date and time"
        start = in_zone(start, zone)
        field = f"{words.date} {shown(slot.date)}"
    else:
        day_date = parse_date(slot.day)
        wall = parse_wall_time(slot.start)
        if day_date is None or wall is None:
            return words.no_start
        start = wall_clock(day_date, wall, zone, schedule.day_change)
        field = f"{words.start} {slot.start!r} on the {words.day} {day_date.isoformat()}"
    if start is None or not in_range(start, zone):
        return f"{field}: {out_of_range(late=start is None or start.year > 5000)}"
    return start


def _end(slot: FrabSlot, start: datetime, schedule: _Schedule) -> datetime | str:
    """The event's end, from its end time or else its duration after ``start``; or, as a
    message, what is wrong with them."""
    words, zone = schedule.words, schedule.zone
    if slot.end:
        end = parse_instant(slot.end)
        if end is None:
            return f"{words.end} {slot.end!r} is not an ISO 8601 date and time"
        end = in_zone(end, zone)
        field = f"{words.end} {shown(slot.end)}"
    else:
        field = f"{words.duration} {shown(slot.duration)}"
        try:
            duration = parse_duration(slot.duration)
            if duration is None:
                if not slot.duration:
                    return words.no_end
                return f"{words.duration} {slot.duration!r} is not HH:MM"
            end = start + duration
        except OverflowError:  # it would end after the year 9999
            return f"{field}: {out_of_range(late=True)}"
    return end_problem(start, end, zone, field) or end


def check_wall_times(events: Sequence[Event], zone: ZoneInfo, problems: Problems) -> None:
    """Warn when events' wall-clock ``start`` disagrees with their dated instant in ``zone``:
    the file's zone is then wrong (pretalx's demo names UTC but writes +01:00 times)."""
    checked = 0
    wrong: list[tuple[Event, str]] = []
    for event in events:
        if not event.wall_start:
            continue
        wall = parse_wall_time(event.wall_start)
        if wall is None:
            continue
        checked += 1
        local = event.start.astimezone(zone)
        if (local.hour, local.minute) != wall[:2]:
            wrong.append((event, f"{local:%H:%M}"))
    if wrong:
        event, shown = wrong[0]
        problems.warn(
            event.line,
            f"{len(wrong)} of {checked} events have a start (wall time) that is not their date "
            f"in {zone.key}, the conference's zone (first: {event.where}, date "
            f"{event.start.isoformat()} is {shown} there, start says {event.wall_start}); "
            "their times follow the dates, which carry offsets",
        )
