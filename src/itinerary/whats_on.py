"""What is on at a moment, and what comes next: the question of a person at the venue.

Pure: the moment is given (the faces ask the clock, tests fix it). Running now is every item
whose start is at or before the moment and whose end is after it; next is, per room, what starts
within the horizon, and at least the next item of each room however far off it is. My stars come
first in both, then by time and room. Posters are left out (they are shown with their poster
session, which is an item itself).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from itinerary.errors import ItineraryError
from itinerary.model import Item, Kind, Program
from itinerary.scope import days_of, resolve_day
from itinerary.selection import Star, State

HORIZON = timedelta(hours=1)
Status = Literal["before", "during", "after"]


@dataclass(frozen=True)
class Showing:
    """An item running now or coming next, with how long until it ends or starts."""

    item: Item
    star: Star | None
    minutes: int  # left (running) or to go (next), rounded up: "in 1 min", never "in 0 min"


@dataclass(frozen=True)
class WhatsOn:
    at: datetime
    status: Status  # the moment against the conference's first start and last end
    first_start: datetime
    last_end: datetime
    now: list[Showing]
    next: list[Showing]


def whats_on(program: Program, state: State, at: datetime, horizon: timedelta = HORIZON) -> WhatsOn:
    items = [item for item in program.in_time_order if item.kind is not Kind.POSTER]
    first, last, status = _against(program, at)
    running = [
        Showing(item, state.stars.get(item.id), _minutes(item.ends - at))
        for item in items
        if item.starts <= at < item.ends
    ]
    coming: list[Showing] = []
    seen_rooms: set[str | None] = set()
    for item in items:
        if item.starts <= at:
            continue
        soon = item.starts - at <= horizon
        if soon or item.room not in seen_rooms:
            coming.append(Showing(item, state.stars.get(item.id), _minutes(item.starts - at)))
        seen_rooms.add(item.room)
    return WhatsOn(at, status, first, last, _mine_first(running), _mine_first(coming))


def status_at(program: Program, at: datetime) -> Status:
    """Whether the conference is yet to begin, on, or over at ``at``."""
    return _against(program, at)[2]


def first_current(items: Sequence[Item], at: datetime, recent: timedelta = HORIZON) -> Item | None:
    """Where a list of ``items`` (in time order) opens while the conference is on: the first
    running at ``at`` that began within ``recent``, or else is yet to start; failing that (only
    long items left), the first not over. A workshop running all day is on, but starting the
    list there would put what is on now screens below."""
    # By halves to the first that began within ``recent`` (the items are in time order): a
    # conference of 100,000 items is well on by the time it is opened.
    since = bisect.bisect_left(items, at - recent, key=_starts)
    lately_or_coming = (items[i] for i in range(since, len(items)) if items[i].ends > at)
    return next(lately_or_coming, None) or next((item for item in items if item.ends > at), None)


_starts = operator.attrgetter("starts")


def _against(program: Program, at: datetime) -> tuple[datetime, datetime, Status]:
    """The program's first start and last end (posters aside), and where ``at`` falls."""
    first, last = program.span or (at, at)
    status: Status = "before" if at < first else "after" if at >= last else "during"
    return first, last, status


def _minutes(span: timedelta) -> int:
    return max(1, -(-int(span.total_seconds()) // 60))


def _mine_first(showing: Iterable[Showing]) -> list[Showing]:
    return sorted(
        showing,
        key=lambda s: (s.star is None, s.item.starts, s.item.room or "", s.item.title),
    )


_TIME = re.compile(r"^(?:(?P<day>.+?)[ T])?(?P<hour>\d{1,2}):(?P<minute>\d{2})$")


def moment_named(typed: str, program: Program, zone: ZoneInfo) -> datetime:
    """The instant ``--at`` names: a full ISO 8601 instant with its offset
    (``2023-07-29T10:00-10:00``), or a time on a conference day in the display zone: a date,
    a weekday or the day's number, then the time (``2023-07-29 10:00``, ``sat 10:00``,
    ``1 10:00``); the time alone on a conference of one day."""
    text = " ".join(typed.split())
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        instant = None
    if instant is not None and instant.tzinfo is not None:
        return instant
    match = _TIME.match(text)
    days = days_of(program.items, zone)
    if match is None or not 0 <= int(match["hour"]) <= 23 or not 0 <= int(match["minute"]) <= 59:
        raise ItineraryError(
            f"--at {typed!r}: give a time on a conference day (sat 10:00, 2023-07-29 10:00, "
            "1 10:00) or an ISO 8601 instant with its offset (2023-07-29T10:00-10:00)"
        )
    day: date | None
    if match["day"] is None:
        if len(days) != 1:
            shown = ", ".join(f"{d:%a %Y-%m-%d}" for d in days[:7])
            raise ItineraryError(
                f"--at {typed!r}: which day? The conference has {len(days)} ({shown}): "
                f"give one, e.g. --at '{days[0]:%a} {text}'"
                if days
                else f"--at {typed!r}: the program has no items, so no days"
            )
        day = days[0]
    else:
        day = resolve_day(match["day"], days)
        if day is None:
            shown = ", ".join(f"{d:%a %Y-%m-%d}" for d in days[:7]) or "none"
            raise ItineraryError(
                f"--at {typed!r}: no day {match['day']!r} in the program (its days, in "
                f"{zone.key}: {shown})"
            )
    wall = datetime(day.year, day.month, day.day, int(match["hour"]), int(match["minute"]))
    return wall.replace(tzinfo=zone)
