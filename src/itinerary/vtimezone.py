"""A VTIMEZONE true for the events' own dates, in the shape Outlook reads.

Outlook (and, in practice, Thunderbird's ical.js and Evolution's libical, which apply a file's
VTIMEZONE to every year) wants one STANDARD and at most one DAYLIGHT observance, each a yearly
RRULE. A zone's rules change (Almaty was +06 in 2023 and is +05 now; Nuuk, Casablanca, Asunción
changed too), so the rule written is the one zoneinfo applies in the years the events fall in,
found from zoneinfo's own changes of offset in those years, not from today's POSIX rule. Where
events span years no one rule describes, the rule covering the most events is written and the
caller writes the others in UTC. The caller also checks every event against the VTIMEZONE as
written (``encoded``), read back without looking its TZID up, before relying on it.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from itinerary.timezones import zone_label

if TYPE_CHECKING:
    import icalendar

UTC_OFFSET = timedelta(0)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Names of UTC itself: events in these are written in UTC (…Z), which every reader knows.
UTC_NAMES = frozenset({
    "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu",
    "Etc/GMT", "GMT", "Etc/Greenwich", "Greenwich", "GMT0", "Etc/GMT0", "GMT+0", "GMT-0",
    "Etc/GMT+0", "Etc/GMT-0",
})  # fmt: skip


@dataclass(frozen=True)
class Change:
    """The zone's UTC offset changing at an instant."""

    at: datetime  # the instant, in UTC
    before: timedelta
    after: timedelta
    name: str  # the zone's abbreviation from then on

    @property
    def wall(self) -> datetime:
        """The change as the clock on the wall reads it just before (how DTSTART says it)."""
        return (self.at + self.before).replace(tzinfo=None)


def offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[Change]:
    """Every change of the zone's UTC offset in [start, end). zoneinfo has no public list of its
    transitions, so they are found by looking every six hours in UTC (no zone changes twice in
    that time) and narrowing each change down to the second."""
    step = timedelta(hours=6)
    changes = []
    moment, offset = start, _offset(start, zone)
    while moment < end:
        later = min(moment + step, end)
        later_offset = _offset(later, zone)
        if later_offset != offset:
            low, high = moment, later  # offset at low, later_offset at high
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            after = high.astimezone(zone)
            changes.append(Change(high, offset, later_offset, _abbreviation(after)))
        moment, offset = later, later_offset
    return changes


def _offset(moment: datetime, zone: ZoneInfo) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)  # never None for a ZoneInfo


def _abbreviation(local: datetime) -> str:
    return zone_label(local)  # zoneinfo's own (CEST, +06), or the offset where it has none


@dataclass(frozen=True)
class _Observance:
    daylight: bool
    offset_from: timedelta
    offset_to: timedelta
    name: str
    start: datetime  # wall time in offset_from: DTSTART
    rrule: dict[str, object] | None


@dataclass(frozen=True)
class _Rule:
    """One STANDARD (and at most one DAYLIGHT) observance, true in ``years`` from ``start``."""

    observances: tuple[_Observance, ...]
    years: frozenset[int]

    @property
    def start(self) -> datetime:
        return min(observance.start for observance in self.observances)

    def covers(self, wall: datetime) -> bool:
        return wall.year in self.years and wall >= self.start


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """UTC instants a day either side of the year, so every zone's whole local year is inside."""
    return datetime(year - 1, 12, 31, tzinfo=timezone.utc), datetime(
        year + 1, 1, 2, tzinfo=timezone.utc
    )


@functools.lru_cache(maxsize=4096)
def _changes_in(zone: ZoneInfo, year: int) -> tuple[Change, ...]:
    """The changes whose wall time (as DTSTART writes it) falls in ``year``."""
    changes = offset_changes(zone, *_year_bounds(year))
    return tuple(change for change in changes if change.wall.year == year)


def _offset_at_new_year(zone: ZoneInfo, year: int) -> tuple[timedelta, str]:
    local = datetime(year, 1, 1).replace(tzinfo=zone)
    return local.utcoffset() or UTC_OFFSET, _abbreviation(local)


def _yearly_patterns(walls: Sequence[datetime]) -> list[dict[str, object]]:
    """RRULEs (as icalendar's vRecur takes them) that fall on every one of ``walls``, one a year:
    the last or nth weekday of the month first, the forms Outlook understands; then a weekday in
    a week of days; then a fixed day. None where the changes are in other months or at other
    times of day."""
    first = walls[0]
    if any((wall.month, wall.time()) != (first.month, first.time()) for wall in walls):
        return []
    forms: list[dict[str, object]] = []
    if all(wall.weekday() == first.weekday() for wall in walls):
        code = _WEEKDAYS[first.weekday()]
        # The last weekday before the nth: true in more years (it is Outlook's "week 5").
        forms += [{"BYDAY": f"-1{code}"}, {"BYDAY": f"{(first.day - 1) // 7 + 1}{code}"}]
        low = max(wall.day for wall in walls) - 6
        if low >= 1 and low + 6 <= min(calendar.monthrange(w.year, w.month)[1] for w in walls):
            forms.append({"BYDAY": code, "BYMONTHDAY": list(range(low, low + 7))})
    forms.append({"BYMONTHDAY": first.day})
    patterns = [{"FREQ": "YEARLY", "BYMONTH": first.month, **form} for form in forms]
    return [pattern for pattern in patterns if all(_falls_on(pattern, wall) for wall in walls)]


def _falls_on(pattern: dict[str, object], wall: datetime) -> bool:
    """Whether the yearly ``pattern``'s one occurrence in ``wall``'s year is ``wall``."""
    return _occurrence(pattern, wall.year, wall) == wall


def _occurrence(pattern: dict[str, object], year: int, at: datetime) -> datetime | None:
    """The pattern's first occurrence in ``year``, at the time of day of ``at``, as dateutil
    (which icalendar reads RRULEs with) expands it."""
    import icalendar
    from dateutil.rrule import rrulestr

    text = icalendar.vRecur(pattern).to_ical().decode()
    start = datetime.combine(datetime(year, 1, 1).date(), at.time())
    found = rrulestr(text, dtstart=start).after(start, inc=True)
    return found if found is not None and found.year == year else None


def _pair_rule(zone: ZoneInfo, years: Sequence[int]) -> _Rule | None:
    """A DAYLIGHT and a STANDARD observance reproducing every change of ``years``, where each of
    those years changes out and back once at the same offsets and one yearly pattern each way
    lands on every change."""
    pairs = []
    for year in years:
        changes = _changes_in(zone, year)
        if len(changes) != 2 or changes[0].before != changes[1].after:
            return None
        pairs.append(changes)
    shape = [(c.before, c.after) for c in pairs[0]]
    if any([(c.before, c.after) for c in pair] != shape for pair in pairs):
        return None
    observances = []
    for index in (0, 1):
        walls = [pair[index].wall for pair in pairs]
        patterns = _yearly_patterns(walls)
        if not patterns:
            return None
        pattern = patterns[0]
        change = pairs[0][index]
        start = walls[0]
        if index == 1:
            # In force at the first year's start: begin it in the year before, so a reader finds
            # it for the first weeks of that year too.
            start = _occurrence(pattern, years[0] - 1, walls[0]) or walls[0]
        observances.append(
            _Observance(
                daylight=change.after > change.before,
                offset_from=change.before,
                offset_to=change.after,
                name=change.name,
                start=start,
                rrule=pattern,
            )
        )
    return _Rule(tuple(observances), frozenset(years))


def _same_pair(zone: ZoneInfo, rule: _Rule, year: int) -> bool:
    """Whether ``year`` changes exactly as the one-year pair ``rule`` says: a check of two dates,
    so that grouping many years costs little."""
    changes = _changes_in(zone, year)
    if len(changes) != 2:
        return False
    # The observances are in the order of the year's changes (see _pair_rule).
    for change, observance in zip(changes, rule.observances, strict=True):
        if (change.before, change.after) != (observance.offset_from, observance.offset_to):
            return False
        if observance.rrule is None or not _falls_on(observance.rrule, change.wall):
            return False
    return True


def _steady_rule(offset: timedelta, name: str, start: datetime, years: Iterable[int]) -> _Rule:
    return _Rule((_Observance(False, offset, offset, name, start, None),), frozenset(years))


def _candidates(zone: ZoneInfo, walls: Sequence[datetime]) -> list[_Rule]:
    """For each year of the events: the rule of that year, stretched over the other years it is
    also true in; for a year that no yearly rule describes, one steady rule for each stretch
    between its changes that holds events."""
    years = sorted({wall.year for wall in walls})
    changes = {year: _changes_in(zone, year) for year in years}
    new_year = {year: _offset_at_new_year(zone, year) for year in years}
    steady_years = {y for y in years if not changes[y]}
    candidates: list[_Rule] = []
    grouped: set[int] = set()
    for year in years:
        if not changes[year]:
            offset = new_year[year][0]
            group = [y for y in steady_years if new_year[y][0] == offset]
            start = datetime(min(group), 1, 1)
            candidates.append(_steady_rule(offset, new_year[year][1], start, group))
            continue
        if year in grouped:
            continue  # already in the group of a year before it: the same rule again
        pair = _pair_rule(zone, [year])
        if pair is not None:
            group = [year] + [
                other for other in years if other != year and _same_pair(zone, pair, other)
            ]
            grouped.update(group)
            candidates.append(_pair_rule(zone, sorted(group)) or pair)
            continue
        # Not yearly: the stretches between this year's changes.
        stretch_starts = [datetime(year, 1, 1), *(c.at + c.after for c in changes[year])]
        stretch_starts = [s.replace(tzinfo=None) for s in stretch_starts]
        for index, begins in enumerate(stretch_starts):
            ends = stretch_starts[index + 1] if index + 1 < len(stretch_starts) else None
            inside = [
                w for w in walls if w.year == year and w >= begins and (ends is None or w < ends)
            ]
            if not inside:
                continue
            local = inside[0].replace(tzinfo=zone)
            offset = local.utcoffset() or UTC_OFFSET
            # The last stretch runs on into later steady years at the same offset.
            later = [y for y in steady_years if y > year and new_year[y][0] == offset]
            candidates.append(
                _steady_rule(
                    offset, _abbreviation(local), begins, [year, *later] if ends is None else [year]
                )
            )
    return candidates


def vtimezone_for(zone: ZoneInfo, moments: Iterable[datetime]) -> icalendar.Timezone | None:
    """The VTIMEZONE to write ``moments`` in, or None where UTC says them as well (UTC itself,
    or no moments)."""
    if zone.key in UTC_NAMES:
        return None
    walls = sorted(moment.astimezone(zone).replace(tzinfo=None) for moment in moments)
    if not walls:
        return None
    best: _Rule | None = None
    best_count = -1
    for rule in _candidates(zone, walls):
        if any(_has_seconds(o.offset_from) or _has_seconds(o.offset_to) for o in rule.observances):
            continue  # local mean time (+00:19:32): ical.js drops the seconds; UTC says it right
        count = sum(rule.covers(wall) for wall in walls)
        if count > best_count or (count == best_count and best and rule.start > best.start):
            best, best_count = rule, count
    return _component(zone.key, best) if best else None


def _has_seconds(offset: timedelta) -> bool:
    return bool(offset % timedelta(minutes=1))


def _component(tzid: str, rule: _Rule) -> icalendar.Timezone:
    import icalendar

    vtimezone = icalendar.Timezone()
    vtimezone.add("tzid", tzid)
    for observance in sorted(rule.observances, key=lambda o: o.daylight):  # STANDARD first
        part = icalendar.TimezoneDaylight() if observance.daylight else icalendar.TimezoneStandard()
        part.add("dtstart", observance.start)
        part.add("tzoffsetfrom", observance.offset_from)
        part.add("tzoffsetto", observance.offset_to)
        part.add("tzname", observance.name)
        if observance.rrule is not None:
            part.add("rrule", observance.rrule)
        vtimezone.add_component(part)
    return vtimezone


@dataclass(frozen=True)
class EncodedZone:
    """What a VTIMEZONE tells a reader that uses it as written, to check before relying on it."""

    encoded: tzinfo
    valid_from: datetime  # its earliest observance; readers disagree about earlier times

    @classmethod
    def of(cls, vtimezone: icalendar.Timezone) -> EncodedZone:
        starts = [observance.DTSTART for observance in vtimezone.subcomponents]
        earliest = min(start for start in starts if isinstance(start, datetime))
        # lookup_tzid=False: with the lookup on (icalendar's default) the TZID is looked up in
        # zoneinfo, and the check would compare zoneinfo with itself.
        return cls(vtimezone.to_tz(lookup_tzid=False), earliest.replace(tzinfo=None))

    def says(self, zone: ZoneInfo, moments: Iterable[datetime]) -> bool:
        """Whether every moment, written as local time in ``zone``, reads back as itself."""
        for moment in moments:
            local = moment.astimezone(zone)
            wall = local.replace(tzinfo=None)
            if wall < self.valid_from:
                return False  # before the rule as written; readers disagree there
            if zone.utcoffset(wall.replace(fold=0)) != zone.utcoffset(wall.replace(fold=1)):
                return False  # a time that occurs twice: iCalendar would mean the first
            if wall.replace(tzinfo=self.encoded).utcoffset() != local.utcoffset():
                return False  # the rule as written says another offset
        return True
