"""Times as schedules write them: ISO 8601 instants, wall-clock times on a day, ``HH:MM``
durations; whether a time is within the years Python can hold; and the conference's zone, in
which the program is shown and the few times without an offset are read."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from itinerary.errors import ProgramError, TimeZoneError
from itinerary.importers.problems import Problems
from itinerary.importers.records import Conference
from itinerary.model import UTC
from itinerary.timezones import get_zone

_DURATION = re.compile(r"^\s*(\d+):([0-5]?\d)(?::([0-5]?\d))?\s*$")
_WALL_TIME = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*$")
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_MAX_HOUR_DIGITS = 8


def parse_duration(text: str) -> timedelta | None:
    """``HH:MM`` or ``HH:MM:SS``; hours may exceed 24 (``26:30``). None if it is not one;
    OverflowError if it is too long for any event to end before the year 10000."""
    match = _DURATION.match(text or "")
    if not match:
        return None
    hours_text, minutes, seconds = match.groups()
    # 100,000,000 hours are 11,400 years; refused before int(), which reads no more than
    # 4,300 digits (leading zeros included), and timedelta(), which holds 999,999,999 days.
    hours_text = hours_text.lstrip("0") or "0"
    if len(hours_text) > _MAX_HOUR_DIGITS:
        raise OverflowError(f"a duration of {len(hours_text):,}-digit hours")
    return timedelta(hours=int(hours_text), minutes=int(minutes), seconds=int(seconds or 0))


def parse_wall_time(text: str) -> tuple[int, int, int] | None:
    match = _WALL_TIME.match(text or "")
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours, minutes, seconds


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 date and time, with its offset if it has one (``Z``, ``+01:00``, ``+0100``);
    ``None`` if it is not one. (Python 3.10's ``fromisoformat`` knows neither ``Z`` nor
    ``+0100``.)"""
    text = (text or "").strip()
    if not text or ("T" not in text.upper() and " " not in text):
        return None
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    text = _COMPACT_OFFSET.sub(r"\1:\2", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """An aware ``moment`` as it is; a naive (wall-clock) one read in ``zone``."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def wall_clock(
    day: date,
    wall: tuple[int, int, int],
    zone: ZoneInfo,
    day_change: tuple[int, int, int] | None = None,
) -> datetime | None:
    """``wall`` on ``day`` in ``zone``; a wall time before ``day_change`` is after midnight,
    still the conference day before, so on the next date. None after 9999-12-31."""
    if day_change and wall < day_change:
        if day == date.max:
            return None
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, *wall, tzinfo=zone)


# Python's dates run from the year 1 to 9999; arithmetic past either end raises OverflowError.
# An event's times must be held in UTC and shown in the conference's zone, either of which an
# offset can take past the end (9999-12-31T23:30-02:00 is in the year 10000 in UTC).


def in_range(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether ``moment`` is within the years 1 to 9999 in UTC and in ``zone``."""
    try:
        moment.astimezone(UTC).astimezone(zone)
    except OverflowError:
        return False
    return True


def out_of_range(*, late: bool) -> str:
    """What to say of a time that falls after the year 9999 (``late``) or before the year 1."""
    edge = "after the year 9999" if late else "before the year 1"
    return f"a date or duration out of range ({edge})"


def end_problem(start: datetime, end: datetime, zone: ZoneInfo, field: str) -> str | None:
    """What is wrong with an event's end (``field`` names where it came from), or None."""
    if not in_range(end, zone):
        return f"{field}: {out_of_range(late=end.year > 5000)}"
    if end < start:
        return f"ends ({end.isoformat()}) before it starts ({start.isoformat()})"
    return None


def choose_zone(
    conference: Conference, tz: str | None, problems: Problems, *, what: str
) -> ZoneInfo:
    """The file's own zone, else ``tz``; with neither, a ProgramError that asks for ``--tz``.

    Times never depend on this choice (they are read with their offsets); it decides how the
    program is shown, and how the few times without an offset are read.
    """
    if conference.zone_name:
        try:
            zone = get_zone(conference.zone_name.strip())
        except TimeZoneError as error:
            raise problems.fail(conference.zone_line, f"{what}: {error}") from None
        if tz and tz != zone.key:
            problems.warn(
                conference.zone_line,
                f"the file names its zone, {zone.key}; the zone given ({tz}) is used only for "
                "files that name none",
            )
        return zone
    if tz:
        try:
            return get_zone(tz)
        except TimeZoneError as error:
            raise ProgramError([f"the conference's zone: {error}"]) from None
    raise problems.fail(
        None,
        f"the file does not say in which time zone the conference is ({what}); give it: "
        "`itinerary convert FILE --tz ZONE`, or `--program-tz ZONE` to open it directly "
        "(e.g. Europe/Berlin)",
    )
