"""Where starred items clash in time, found with one sort and one sweep (never all pairs).

Intervals are half-open: an item ending at 10:00 and one starting at 10:00 do not overlap.
Posters of one poster session never conflict with each other (a person walks between boards) nor
with their own poster session; how many of them a person starred is reported as a *load*
instead. Items in different rooms with less than the travel allowance between them get a
``travel`` warning.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from itinerary.model import Item
from itinerary.vocabulary import DEFAULT_TRAVEL_MINUTES, Kind


@dataclass(frozen=True)
class Conflict:
    """Two items that clash; ``first`` starts earlier (ties: ends earlier, then by id)."""

    first: Item
    second: Item
    kind: Literal["overlap", "travel"]
    minutes: int  # of overlap, rounded up; for travel, of the gap between them, rounded down

    @property
    def ids(self) -> tuple[str, str]:
        return self.first.id, self.second.id


@dataclass(frozen=True)
class PosterLoad:
    """Several posters starred in one poster session: not a clash, but a busy slot."""

    session_id: str
    posters: tuple[Item, ...]

    @property
    def minutes(self) -> int:
        first = self.posters[0]
        return math.ceil((first.ends - first.starts).total_seconds() / 60)

    def describe(self) -> str:
        count = len(self.posters)
        return f"{count} poster{'s' if count != 1 else ''} starred in {self.minutes} minutes"


def find_conflicts(
    items: Iterable[Item], travel_minutes: float = DEFAULT_TRAVEL_MINUTES
) -> list[Conflict]:
    """Every clash among ``items``, in order of the first item's start.

    Sort by start, then sweep keeping only the items that can still clash with what comes
    next: those ending less than the travel allowance before the current start. The work is
    one sort plus the clashes found (and the items still running), never all pairs.
    """
    travel = timedelta(minutes=travel_minutes).total_seconds()
    ordered = sorted(items, key=time_order)
    # Items still running, bucketed so that a poster skips its own session's posters in one
    # step; expiring ones are popped from a heap ordered by when they stop mattering.
    running: dict[str, dict[str, tuple[Item, float, float, str]]] = {}
    expiring: list[tuple[float, int, str, str]] = []
    found: list[Conflict] = []
    sequence = itertools.count()
    for item in ordered:
        start, end = item.starts.timestamp(), item.ends.timestamp()
        while expiring and expiring[0][0] <= start:
            _, _, bucket, item_id = heapq.heappop(expiring)
            members = running[bucket]
            del members[item_id]
            if not members:
                del running[bucket]
        own_bucket = _bucket(item)
        room = _room(item)
        for bucket, members in running.items():
            if bucket == own_bucket:
                continue  # posters of the same poster session
            for other, _, other_end, other_room in members.values():
                if other.id == item.parent or other.parent == item.id:
                    continue  # a poster and its own poster session
                if other_end > start:
                    minutes = math.ceil((min(end, other_end) - start) / 60)
                    found.append(Conflict(other, item, "overlap", minutes))
                elif room and other_room and room != other_room and start - other_end < travel:
                    minutes = math.floor((start - other_end) / 60)
                    found.append(Conflict(other, item, "travel", minutes))
        running.setdefault(own_bucket, {})[item.id] = (item, start, end, room)
        heapq.heappush(expiring, (end + travel, next(sequence), own_bucket, item.id))
    found.sort(key=lambda conflict: (time_order(conflict.first), time_order(conflict.second)))
    return found


def poster_loads(items: Iterable[Item]) -> list[PosterLoad]:
    """Starred posters grouped by poster session, for sessions with at least one."""
    groups: dict[str, list[Item]] = {}
    for item in sorted(items, key=time_order):
        if item.kind is Kind.POSTER and item.parent:
            groups.setdefault(item.parent, []).append(item)
    return [PosterLoad(session, tuple(posters)) for session, posters in groups.items()]


def conflicts_by_item(conflicts: Iterable[Conflict]) -> dict[str, list[tuple[Conflict, Item]]]:
    """For each item id, its conflicts and the item on the other side."""
    index: dict[str, list[tuple[Conflict, Item]]] = {}
    for conflict in conflicts:
        index.setdefault(conflict.first.id, []).append((conflict, conflict.second))
        index.setdefault(conflict.second.id, []).append((conflict, conflict.first))
    return index


def time_order(item: Item) -> tuple:
    """The sweep's sort key: by start, then end, then id (so ties break the same way always)."""
    return (item.starts, item.ends, item.id)


def _bucket(item: Item) -> str:
    # Ids are slugs (no spaces), so these two kinds of key can never collide.
    return f"parent {item.parent}" if item.parent else f"item {item.id}"


def _room(item: Item) -> str:
    return " ".join(item.room.casefold().split()) if item.room else ""
