"""iCalendar from outside (a program, a colleague's exported calendar), parsed with its time zone
rules bounded before anything expands them.

A VTIMEZONE in a file from outside is a little program: icalendar hands it to dateutil, which
walks its RRULEs from their DTSTART to each time it is asked about. A rule that repeats every
second (``RRULE:FREQ=SECONDLY`` from 1900) makes one time in 2023 cost billions of steps and
gigabytes: a 1.5 KB file hung the planner for minutes. A real zone changes at most a few times a
year, as a yearly rule or a list of dates, so anything else is refused here, the one place every
reader of outside calendars goes through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from itinerary.display import printable

if TYPE_CHECKING:
    import icalendar

# What the zone database needs for any zone: a few observances for each era, a yearly rule each
# way or a date for each change (Europe/Berlin's whole history from 1893 is 150 changes).
MAX_OBSERVANCES = 400
MAX_CHANGE_DATES = 2_000
# Parts of a yearly rule that place its one change (or, in odd files, a few) in the year.
_YEARLY_PARTS = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST", "BYMONTH", "BYDAY", "BYMONTHDAY",
                 "BYSETPOS"}  # fmt: skip
MAX_CHANGES_A_YEAR = 62  # BYMONTH × BYDAY × BYMONTHDAY, generously: real zones have one


class RefusedCalendar(ValueError):
    """A calendar that would cost too much to read; the message says what and where."""


def parse_calendar(data: bytes) -> icalendar.Calendar:
    """The calendar in ``data``; ValueError (icalendar's, or RefusedCalendar) when it is not one
    or its time zones are not rules a zone could have."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    dates = 0
    for vtimezone in calendar.walk("VTIMEZONE"):
        name = printable(str(vtimezone.get("TZID", "")), single_line=True)[:80]
        observances = [
            sub for sub in vtimezone.subcomponents if sub.name in ("STANDARD", "DAYLIGHT")
        ]
        if len(observances) > MAX_OBSERVANCES:
            raise RefusedCalendar(
                f"the time zone {name!r} has {len(observances):,} observances (a zone needs "
                f"far fewer than {MAX_OBSERVANCES:,})"
            )
        for observance in observances:
            for rule in _listed(observance.get("RRULE")):
                _check_rule(rule, name, _line_of(data, name))
            for rdate in _listed(observance.get("RDATE")):
                dates += len(getattr(rdate, "dts", [rdate]))
        if dates > MAX_CHANGE_DATES:
            raise RefusedCalendar(
                f"the time zones list {dates:,} dates of change (RDATE); a zone needs far fewer "
                f"than {MAX_CHANGE_DATES:,}"
            )
    return calendar


def _listed(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _check_rule(rule: icalendar.vRecur, name: str, line: int | None) -> None:
    where = f"line {line}: " if line else ""
    text = printable(rule.to_ical().decode("utf-8", "replace"), single_line=True)[:120]
    frequency = [str(part).upper() for part in rule.get("FREQ", [])]
    if frequency != ["YEARLY"]:
        raise RefusedCalendar(
            f"{where}the time zone {name!r} changes by the rule {text!r}: a zone's clocks change "
            "by a yearly rule (FREQ=YEARLY) or on listed dates, so the file is refused"
        )
    unknown = sorted(set(rule) - _YEARLY_PARTS)
    changes = 1
    for part in ("BYMONTH", "BYDAY", "BYMONTHDAY"):
        changes *= max(1, len(_listed(rule.get(part))))
    if unknown or changes > MAX_CHANGES_A_YEAR:
        raise RefusedCalendar(
            f"{where}the time zone {name!r} changes by the rule {text!r}, which is not a rule a "
            "zone could have (one change a year, on a day of a month), so the file is refused"
        )


def _line_of(data: bytes, name: str) -> int | None:
    """The line of the VTIMEZONE's TZID, for the message."""
    wanted = f"TZID:{name}".encode("utf-8", "replace")
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip() == wanted:
            return number
    return None
