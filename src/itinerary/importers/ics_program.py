"""A conference program published as an iCalendar (``.ics``) file, read with icalendar.

Each ``VEVENT`` is an item keyed on its ``UID`` (with its ``RECURRENCE-ID``, when it has one).
Times with a ``TZID`` or in UTC are instants as they are; floating times (no zone at all) and
all-day dates are read in the conference's zone: ``X-WR-TIMEZONE``, else the ``TZID`` its times
use, else the zone the caller gives.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from itinerary.calendar_input import RefusedCalendar, parse_calendar
from itinerary.errors import TimeZoneError
from itinerary.importers.build import build_program
from itinerary.importers.ids import short_hash
from itinerary.importers.problems import Problems, shown
from itinerary.importers.records import Conference, Event
from itinerary.importers.times import choose_zone, end_problem, in_range, in_zone, out_of_range
from itinerary.model import Program
from itinerary.timezones import get_zone

# A first line of DESCRIPTION naming the speakers (linux.conf.au: "Speaker: Joel Addison"),
# read only when the event has no ATTENDEE with a name.
_SPEAKER_LINE = re.compile(r"^\s*(?:speakers?|presenters?|presented by)\s*:\s*(.+?)\s*$", re.I)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def _line_numbers(data: bytes, name: bytes) -> list[int]:
    """The 1-based lines that begin with ``name`` (``BEGIN:VEVENT``), in order."""
    return [
        number
        for number, line in enumerate(data.split(b"\n"), start=1)
        if line.lstrip(b"\xef\xbb\xbf").upper().startswith(name)
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(part) for part in value).strip()
    return str(value).strip()


def _zone_name(name: str) -> str | None:
    try:
        return get_zone(name.strip()).key
    except TimeZoneError:
        return None


def read_ics(
    data: bytes, source: str, *, tz: str | None = None, program_id: str | None = None
) -> tuple[Program, list[str]]:
    """The Program in an iCalendar file, and warnings about what was adjusted."""
    problems = Problems(source)
    try:
        calendar = parse_calendar(data)
    except RefusedCalendar as error:
        raise problems.fail(None, str(error)) from None
    except ValueError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise problems.fail(None, f"not a readable iCalendar file: {first[:200]}") from None
    vevents = calendar.walk("VEVENT")
    found = _line_numbers(data, b"BEGIN:VEVENT")
    # Lines for messages, when every VEVENT's BEGIN line was found (nested ones would not be).
    begin_lines: list[int | None] = (
        list(found) if len(found) == len(vevents) else [None] * len(vevents)
    )

    conference = Conference(
        title=_text(calendar.get("NAME")) or _text(calendar.get("X-WR-CALNAME")),
        url=_text(calendar.get("URL")) or None,
    )
    description = _text(calendar.get("X-WR-CALDESC")) or _text(calendar.get("DESCRIPTION"))
    if not conference.title:
        conference.title = description
    elif description != conference.title:
        conference.description = description
    conference.zone_name, conference.zone_line = _file_zone(data, calendar, vevents, problems)
    zone = choose_zone(conference, tz, problems, what="no X-WR-TIMEZONE, and no TZID on its times")

    events: list[Event] = []
    cancelled = 0
    for vevent, line in zip(vevents, begin_lines, strict=True):
        if _text(vevent.get("STATUS")).upper() == "CANCELLED":
            cancelled += 1
            continue
        event = _event(vevent, line, zone, problems)
        if event is not None:
            events.append(event)
    if cancelled:
        problems.warn(None, f"{cancelled} cancelled event(s) (STATUS:CANCELLED) left out")
    program = build_program(conference, events, zone, problems, program_id=program_id)
    return program, problems.warnings


def _file_zone(
    data: bytes, calendar: icalendar.Calendar, vevents: list[Any], problems: Problems
) -> tuple[str | None, int | None]:
    """``X-WR-TIMEZONE`` if it names an IANA zone, else the IANA ``TZID`` most used by the
    events' start times (with a warning when they use several)."""
    declared = _text(calendar.get("X-WR-TIMEZONE"))
    declared_lines = _line_numbers(data, b"X-WR-TIMEZONE")
    declared_line = declared_lines[0] if declared_lines else None
    if declared:
        if _zone_name(declared):
            return declared, declared_line
        problems.warn(declared_line, f"X-WR-TIMEZONE {declared!r} is not an IANA zone; ignored")
    used: Counter[str] = Counter()
    for vevent in vevents:
        start = vevent.get("DTSTART")
        tzid = _text(start.params.get("TZID")) if hasattr(start, "params") else ""
        if tzid:
            name = _zone_name(tzid)
            if name is None:  # a VTIMEZONE under another name may still resolve to a zone
                decoded = getattr(start, "dt", None)
                key = getattr(getattr(decoded, "tzinfo", None), "key", None)
                name = _zone_name(key) if isinstance(key, str) else None
            if name:
                used[name] += 1
    if not used:
        return None, None
    (name, _), *others = used.most_common()
    if others:
        problems.warn(
            None,
            f"the events' times use {len(used)} zones ({', '.join(sorted(used))}); the "
            f"conference's is taken to be the most used, {name}",
        )
    return name, None


def _moment(value: Any, zone: ZoneInfo) -> tuple[datetime, bool] | None:
    """An aware datetime, and whether it was an all-day date."""
    if isinstance(value, datetime):
        return in_zone(value, zone), False
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone), True
    return None


def _value(prop: Any) -> Any:
    """The decoded value of a date, date-time or duration property; None if it is broken
    (icalendar keeps what it cannot parse, and raises only when asked for the value)."""
    try:
        return prop.dt
    except (AttributeError, ValueError, TypeError, OverflowError):
        return None


def _raw(prop: Any) -> str:
    """A property's value as the file writes it, for messages. (icalendar's ``to_ical`` gives
    bytes for most values but str for some: a ``VALUE=TIME`` one.)"""
    try:
        value = prop.to_ical()
    except Exception:  # a value icalendar kept but cannot write back
        return _text(prop)
    return _text(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)


def _stamp(moment: Any) -> str:
    if isinstance(moment, datetime):
        return moment.strftime("%Y%m%dT%H%M%S")
    return moment.strftime("%Y%m%d") if isinstance(moment, date) else ""


def _event(vevent: Any, line: int | None, zone: ZoneInfo, problems: Problems) -> Event | None:
    uid = _text(vevent.get("UID"))
    title = _text(vevent.get("SUMMARY"))
    raw_start = vevent.get("DTSTART")
    if uid:
        key, key_name = uid, "UID"
        recurrence = vevent.get("RECURRENCE-ID")
        if recurrence is not None:  # one changed occurrence of a repeating event
            key = f"{uid} {_stamp(_value(recurrence)) or _text(recurrence)}"
    else:
        key, key_name = short_hash(f"{title}|{_stamp(_value(raw_start))}"), "hash"
        problems.warn(line, f"event {title!r} has no UID; its id is a hash of its title and start")
    where = f"event {key_name} {key}"
    for name in ("DTSTART", "DTEND", "DURATION"):
        if isinstance(vevent.get(name), list):
            problems.error(line, f"{where}: more than one {name}")
            return None
    if raw_start is None:
        problems.error(line, f"{where}: no DTSTART")
        return None
    start_text = _raw(raw_start)
    start_moment = _moment(_value(raw_start), zone)
    if start_moment is None:
        problems.error(line, f"{where}: DTSTART {start_text!r} is not a date or date-time")
        return None
    start, all_day = start_moment
    if not in_range(start, zone):
        problems.error(
            line,
            f"{where}: DTSTART {shown(start_text)}: {out_of_range(late=start.year > 5000)}",
        )
        return None
    tzid = _text(raw_start.params.get("TZID"))
    if tzid and isinstance(_value(raw_start), datetime) and _value(raw_start).tzinfo is None:
        problems.warn(line, f"{where}: unknown TZID {tzid!r}; its times are read in {zone.key}")
    if vevent.get("RRULE") is not None:
        problems.warn(line, f"{where}: repeats (RRULE); only its first occurrence is imported")
    end = _end(vevent, start, all_day, start_text, zone)
    if isinstance(end, str):
        problems.error(line, f"{where}: {end}")
        return None
    description = _text(vevent.get("DESCRIPTION"))
    categories = _categories(vevent.get("CATEGORIES"))
    return Event(
        key=key,
        key_name=key_name,
        title=title,
        start=start,
        end=end,
        where=where,
        line=line,
        room=_text(vevent.get("LOCATION")) or None,
        type=", ".join(categories) or None,
        abstract=description,
        people=_attendees(vevent.get("ATTENDEE")) or _speakers_line(description),
        url=_text(vevent.get("URL")) or None,
        all_day=all_day,
    )


def _end(
    vevent: Any, start: datetime, all_day: bool, start_text: str, zone: ZoneInfo
) -> datetime | str:
    """The event's end, from its DTEND, else its DURATION, else RFC 5545's default; or, as a
    message, what is wrong with them."""
    raw_end, raw_duration = vevent.get("DTEND"), vevent.get("DURATION")
    end: datetime
    if raw_end is not None:
        end_moment = _moment(_value(raw_end), zone)
        if end_moment is None:
            return f"DTEND {_raw(raw_end)!r} is not a date or date-time"
        end, end_field = end_moment[0], f"DTEND {shown(_raw(raw_end))}"
    else:
        if raw_duration is not None:
            duration = _value(raw_duration)
            if not isinstance(duration, timedelta):
                return f"DURATION {_raw(raw_duration)!r} is not a duration"
            end_field = f"DURATION {shown(_raw(raw_duration))}"
        else:  # RFC 5545: a date lasts the day; a date-time without end is a point in time
            duration = timedelta(days=1) if all_day else timedelta(0)
            end_field = f"DTSTART {shown(start_text)}"
            end_field += ", a whole day" if all_day else ""
        try:
            end = start + duration
        except OverflowError:
            return f"{end_field}: {out_of_range(late=duration > timedelta(0))}"
    return end_problem(start, end, zone, end_field) or end


def _categories(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value is not None else []
    names: list[str] = []
    for entry in values:
        cats = getattr(entry, "cats", None)
        names += [_text(cat) for cat in cats] if cats is not None else [_text(entry)]
    return [name for name in dict.fromkeys(names) if name]


def _attendees(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value is not None else []
    names = []
    for attendee in values:
        params = getattr(attendee, "params", {})
        if _text(params.get("ROLE")).upper() == "NON-PARTICIPANT":
            continue
        name = _text(params.get("CN"))
        if name:
            names.append(name)
    return names


def _speakers_line(description: str) -> list[str]:
    first = description.split("\n", 1)[0]
    match = _SPEAKER_LINE.match(first)
    if not match:
        return []
    return [name for name in _NAME_SEPARATOR.split(match.group(1)) if name]
