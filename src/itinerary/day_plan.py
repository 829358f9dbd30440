"""My starred items laid out as a day's timeline: each item a block from its start to its end,
items that overlap side by side in lanes (so a clash is seen at a glance), the free time between
them, and a poster session as one block that lists the posters I starred in it.

Pure layout, in the display zone: the HTML agenda and the planner's day view draw it. An item
that crosses midnight belongs to the day it starts on and runs past that day's 24:00. The
day's grid (``day_grid``) lays out every item of a day the same way, a column a room.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from itinerary.model import Item, Kind, Program
from itinerary.selection import Star, Starred

# Free time shorter than this is not worth showing as a gap.
MIN_GAP = timedelta(minutes=15)


@dataclass(frozen=True)
class Block:
    item: Item
    star: Star | None  # None: a poster session I did not star, shown for the posters I did
    posters: tuple[Starred, ...]  # the posters I starred in it (a poster session)
    lane: int  # 0-based, left to right
    lanes: int  # how many lanes its group of overlapping blocks needs
    clashes: bool  # it clashes with another of my stars

    @property
    def starts(self) -> datetime:
        return self.item.starts

    @property
    def ends(self) -> datetime:
        return self.item.ends


@dataclass(frozen=True)
class DayPlan:
    day: date
    zone: ZoneInfo
    start: datetime  # the first block's start, down to the hour (in ``zone``)
    end: datetime  # the last block's end, up to the hour
    blocks: list[Block]
    gaps: list[tuple[datetime, datetime]]  # free time between blocks, MIN_GAP or longer

    def minutes_from_start(self, moment: datetime) -> float:
        return (moment - self.start) / timedelta(minutes=1)

    @property
    def minutes(self) -> float:
        return self.minutes_from_start(self.end)


def day_plans(
    program: Program,
    chosen: Sequence[Starred],
    zone: ZoneInfo,
    clashing: Iterable[str] = (),
) -> list[DayPlan]:
    """The days of ``chosen`` (starred items in time order), each laid out; ``clashing`` names
    the items in a clash."""
    in_clash = set(clashing)
    sessions: dict[str, list[Starred]] = {}
    own: dict[str, Starred] = {}
    for entry in chosen:
        item = entry.item
        if item.kind is Kind.POSTER and item.parent in program.by_id:
            sessions.setdefault(item.parent, []).append(entry)
        else:
            own[item.id] = entry
    units: list[tuple[Item, Star | None, tuple[Starred, ...]]] = []
    for item_id, entry in own.items():
        units.append((entry.item, entry.star, tuple(sessions.pop(item_id, ()))))
    for session_id, posters in sessions.items():  # posters starred, their session not
        units.append((program.by_id[session_id], None, tuple(posters)))
    units.sort(key=lambda unit: (unit[0].starts, unit[0].ends, unit[0].id))
    by_day: dict[date, list[tuple[Item, Star | None, tuple[Starred, ...]]]] = {}
    for unit in units:
        by_day.setdefault(unit[0].starts.astimezone(zone).date(), []).append(unit)
    return [_plan(day, zone, units_of_day, in_clash) for day, units_of_day in by_day.items()]


def _plan(
    day: date,
    zone: ZoneInfo,
    units: list[tuple[Item, Star | None, tuple[Starred, ...]]],
    in_clash: set[str],
) -> DayPlan:
    blocks = _blocks(units, in_clash)
    start, end = _whole_hours(blocks, zone)
    return DayPlan(day, zone, start, end, blocks, _gaps(blocks))


def _blocks(
    units: list[tuple[Item, Star | None, tuple[Starred, ...]]], in_clash: set[str]
) -> list[Block]:
    lanes = _lanes([item for item, _, _ in units])
    return [
        Block(
            item, star, posters, *lanes[index],
            clashes=item.id in in_clash or any(p.item.id in in_clash for p in posters),
        )
        for index, (item, star, posters) in enumerate(units)
    ]  # fmt: skip


def _whole_hours(blocks: Sequence[Block], zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the first block's start down to the hour to the last one's end up to the hour."""
    first = min(block.starts for block in blocks).astimezone(zone)
    last = max(block.ends for block in blocks).astimezone(zone)
    start = first.replace(minute=0, second=0, microsecond=0)
    end = last.replace(minute=0, second=0, microsecond=0)
    if end < last:
        end += timedelta(hours=1)
    return start, end


def _lanes(items: Sequence[Item]) -> list[tuple[int, int]]:
    """(lane, lanes) for each item (in time order): overlapping items in a group share its lanes,
    each taking the leftmost lane free at its start."""
    placed: list[tuple[int, int]] = []
    group: list[int] = []  # indexes of the current group of overlapping items
    lane_ends: list[datetime] = []
    group_end = None
    for index, item in enumerate(items):
        if group_end is not None and item.starts >= group_end:
            _close(placed, group, len(lane_ends))
            group, lane_ends = [], []
        free = next((n for n, end in enumerate(lane_ends) if end <= item.starts), None)
        if free is None:
            lane_ends.append(item.ends)
            free = len(lane_ends) - 1
        else:
            lane_ends[free] = item.ends
        placed.append((free, 0))
        group.append(index)
        group_end = item.ends if group_end is None else max(group_end, item.ends)
    _close(placed, group, len(lane_ends))
    return placed


def _close(placed: list[tuple[int, int]], group: list[int], lanes: int) -> None:
    for index in group:
        placed[index] = (placed[index][0], max(1, lanes))


def _gaps(blocks: Sequence[Block]) -> list[tuple[datetime, datetime]]:
    gaps = []
    busy_until = None
    for block in blocks:
        if busy_until is not None and block.starts - busy_until >= MIN_GAP:
            gaps.append((busy_until, block.starts))
        busy_until = block.ends if busy_until is None else max(busy_until, block.ends)
    return gaps


def hours_of(plan: DayPlan | DayGrid) -> list[datetime]:
    """The hours the day's timeline marks, from its start to its end: real hours (instants an
    hour apart), so that on the night the clocks change the marks read 01:00, 03:00."""
    count = math.ceil((plan.end - plan.start) / timedelta(hours=1))
    utc_start = plan.start.astimezone(ZoneInfo("UTC"))
    return [(utc_start + timedelta(hours=n)).astimezone(plan.zone) for n in range(count + 1)]


@dataclass(frozen=True)
class RoomColumn:
    room: str | None  # None: the items without a room
    blocks: list[Block]  # in time order; items of the room that overlap share its lanes


@dataclass(frozen=True)
class DayGrid:
    """Every item of one day, a column a room (the rooms in the program's order)."""

    day: date
    zone: ZoneInfo
    start: datetime  # as a DayPlan's
    end: datetime
    columns: list[RoomColumn]

    @property
    def blocks(self) -> list[Block]:
        return [block for column in self.columns for block in column.blocks]


def day_grid(
    program: Program,
    day: date,
    zone: ZoneInfo,
    stars: Mapping[str, Star],
    clashing: Iterable[str] = (),
) -> DayGrid | None:
    """The items that start on ``day`` (in ``zone``) by room, each with my star (``stars``, by
    item id) if I starred it; a poster session stands for its posters and lists those I
    starred. None when nothing happens that day."""
    in_clash = set(clashing)
    rooms: dict[str | None, list[tuple[Item, Star | None, tuple[Starred, ...]]]] = {}
    for item in program.items:  # the program's order of rooms, then by time below
        if item.room not in rooms:
            rooms[item.room] = []
    posters: dict[str, list[Starred]] = {}
    for item in program.in_time_order:
        star = stars.get(item.id)
        if item.kind is Kind.POSTER and item.parent in program.by_id:
            if star is not None:
                posters.setdefault(item.parent, []).append(Starred(item, star))
        elif item.starts.astimezone(zone).date() == day:
            rooms[item.room].append((item, star, ()))
    for units in rooms.values():  # a poster session lists the posters I starred in it
        units[:] = [(item, star, tuple(posters.get(item.id, ()))) for item, star, _ in units]
    columns = [
        RoomColumn(room, _blocks(units, in_clash))
        for room, units in sorted(rooms.items(), key=lambda pair: pair[0] is None)
        if units
    ]
    if not columns:
        return None
    start, end = _whole_hours([b for column in columns for b in column.blocks], zone)
    return DayGrid(day, zone, start, end, columns)
