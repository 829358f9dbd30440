"""A day's timeline (``day_plan``) on the rows of a text screen: which row each moment starts
on, so that a face drawing in characters (the planner's day view) sizes each block by its
duration and still gives every block a row of its own.

Time runs linearly, ``minutes_per_row`` to a row, except where that would squeeze something
shorter than a row (a five-minute opening, two lightning talks back to back) into nothing: the
rows below are pushed down just enough for each block, free gap and hour to keep at least a
row, and the timeline comes back to its even scale at the next free time.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# The scales a day is drawn at, finest first: the finest at which the day fits is taken.
MINUTES_PER_ROW = (5, 10, 15)


@dataclass(frozen=True)
class TimelineRows:
    minutes_per_row: int
    count: int  # how many rows the day takes (its last moment, the end, on the row after)
    moments: tuple[datetime, ...]  # every moment where something starts or ends, in order
    rows: tuple[int, ...]  # the row of each of them

    def row(self, moment: datetime) -> int:
        """The row ``moment`` falls on: exact for a start or an end, between them by the scale
        (and never past the next one's row)."""
        moment = moment.astimezone(timezone.utc)
        index = bisect.bisect_right(self.moments, moment) - 1
        if index < 0:
            return 0
        if self.moments[index] == moment or index + 1 == len(self.moments):
            return self.rows[index]
        offset = round((moment - self.moments[index]) / timedelta(minutes=self.minutes_per_row))
        return min(self.rows[index] + offset, self.rows[index + 1])

    def span(self, starts: datetime, ends: datetime) -> tuple[int, int]:
        """The rows from ``starts`` up to (not including) the row of ``ends``: one at least."""
        top = self.row(starts)
        return top, max(top + 1, self.row(ends))


def timeline_rows(
    start: datetime,
    spans: Iterable[tuple[datetime, datetime]],
    hours: Sequence[datetime],
    minutes_per_row: int,
) -> TimelineRows:
    """The rows of a day drawn from ``start`` (its first hour): ``spans`` (the blocks and gaps,
    each at least a row high) and the ``hours`` marked (each hour at least a row)."""
    # In UTC: two times of one zone compare by their wall clocks, wrong in the hour that
    # repeats when the clocks go back.
    start = start.astimezone(timezone.utc)
    hours = [hour.astimezone(timezone.utc) for hour in hours]
    needs: dict[datetime, list[datetime]] = {}  # an end, and the starts a row above it
    moments = {start, *hours}
    for begins, ends in [*spans, *itertools.pairwise(hours)]:
        begins, ends = begins.astimezone(timezone.utc), ends.astimezone(timezone.utc)
        moments.update((begins, ends))
        needs.setdefault(ends, []).append(begins)
    ordered = sorted(moments)
    rows: dict[datetime, int] = {}
    last = 0
    for moment in ordered:
        even = round((moment - start) / timedelta(minutes=minutes_per_row))
        above = [rows[begins] + 1 for begins in needs.get(moment, ()) if begins in rows]
        last = max(even, last, *above)
        rows[moment] = last
    return TimelineRows(minutes_per_row, last, tuple(ordered), tuple(rows[m] for m in ordered))


def fitting_rows(
    start: datetime,
    spans: Sequence[tuple[datetime, datetime]],
    hours: Sequence[datetime],
    height: int,
) -> TimelineRows:
    """The finest scale of ``MINUTES_PER_ROW`` at which the day fits ``height`` rows; the
    coarsest when none does (the day then scrolls)."""
    for minutes in MINUTES_PER_ROW:
        laid = timeline_rows(start, spans, hours, minutes)
        if laid.count <= height:
            return laid
    return laid
