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

import re
from typing import TYPE_CHECKING

from itinerary.display import printable

if TYPE_CHECKING:
    import icalendar

# What the zone database needs for any zone: a few observances for each era, a yearly rule each
# way or a date for each change (Europe/Berlin's whole history from 1893 is 150 changes).
MAX_OBSERVANCES = 400
MAX_CHANGE_DATES = 2_000
# Parts of a yearly rule that place its one change in the year: a month, and in it a day (a
# fixed day, the nth weekday, or a weekday among up to seven days).
_YEARLY_PARTS = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST", "BYMONTH", "BYDAY", "BYMONTHDAY"}
_ORDINAL_WEEKDAY = re.compile(r"^[+-]?[1-5](MO|TU|WE|TH|FR|SA|SU)$")
_WEEKDAY = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)$")


class RefusedCalendar(ValueError):
    """A calendar that would cost too much to read; the message says what and where."""


def parse_calendar(data: bytes) -> icalendar.Calendar:
    """The calendar in ``data``; ValueError (icalendar's, or RefusedCalendar) when it is not one
    or its time zones are not rules a zone could have."""
    import icalendar

    # icalendar keeps every custom zone it has parsed, by TZID, for the whole process: without
    # this, a second file naming "Custom/Venue" with other rules is read with the first's.
    # Choosing the provider again is its public way to empty that cache.
    icalendar.use_zoneinfo()
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
        line = _line_of(data, name)
        for observance in observances:
            if observance.get("EXRULE") is not None:  # obsolete (RFC 5545), and unbounded
                raise RefusedCalendar(
                    f"{'line ' + str(line) + ': ' if line else ''}the time zone {name!r} has "
                    "an EXRULE, which no zone needs, so the file is refused"
                )
            for rule in _listed(observance.get("RRULE")):
                _check_rule(rule, name, line)
            for key in ("RDATE", "EXDATE"):
                for listed in _listed(observance.get(key)):
                    dates += len(getattr(listed, "dts", [listed]))
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
    if not _one_change_a_year(rule):
        raise RefusedCalendar(
            f"{where}the time zone {name!r} changes by the rule {text!r}, which is not a rule a "
            "zone could have (one change a year, on a day of a month), so the file is refused"
        )


def _one_change_a_year(rule: icalendar.vRecur) -> bool:
    """FREQ=YEARLY, INTERVAL 1 or more, one BYMONTH; and a fixed BYMONTHDAY, or one BYDAY that is
    the nth weekday (-1SU), or a plain weekday within at most seven BYMONTHDAYs."""
    if set(rule) - _YEARLY_PARTS:
        return False
    if any(int(value) < 1 for value in _listed(rule.get("INTERVAL"))):
        return False
    months = _listed(rule.get("BYMONTH"))
    days = [str(day).upper().replace(" ", "") for day in _listed(rule.get("BYDAY"))]
    month_days = _listed(rule.get("BYMONTHDAY"))
    if not (months or days or month_days):
        return True  # once a year, on DTSTART's day
    return _one_day_of_one_month(months, days, month_days)


def _one_day_of_one_month(months: list, days: list[str], month_days: list) -> bool:
    if len(months) != 1 or len(days) > 1:
        return False
    if not days:
        return len(month_days) == 1
    if _ORDINAL_WEEKDAY.match(_weekday_text(days[0])):
        return not month_days
    return bool(_WEEKDAY.match(_weekday_text(days[0]))) and 1 <= len(month_days) <= 7


def _weekday_text(day: object) -> str:
    """icalendar gives BYDAY parts as text ('-1SU') or as weekday objects: their iCalendar text."""
    to_ical = getattr(day, "to_ical", None)
    text = to_ical() if callable(to_ical) else day
    return (text.decode() if isinstance(text, bytes) else str(text)).upper()


def _line_of(data: bytes, name: str) -> int | None:
    """The line of the VTIMEZONE's TZID, for the message."""
    wanted = f"TZID:{name}".encode("utf-8", "replace")
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip() == wanted:
            return number
    return None
