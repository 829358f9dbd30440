"""Where and when: the rooms, tracks and days a person narrows the program to, named as they
type them (``--room "hall a"``, ``--day sat``), the same for the command and the planner."""

from __future__ import annotations

import contextlib
import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from itinerary.errors import NotFoundError
from itinerary.model import Item


@dataclass(frozen=True)
class Scope:
    """Where and when: items in one of these rooms, of one of these tracks, on one of these days
    (dates in the display zone, where the person reads them), and in none of the hidden rooms
    or tracks. An empty set lets all through; an item without a room (or track) is never in a
    hidden one."""

    rooms: frozenset[str] = frozenset()
    tracks: frozenset[str] = frozenset()
    days: frozenset[date] = frozenset()
    hidden_rooms: frozenset[str] = frozenset()
    hidden_tracks: frozenset[str] = frozenset()

    def admits(self, item: Item, zone: ZoneInfo) -> bool:
        return (
            (not self.rooms or item.room in self.rooms)
            and (not self.tracks or item.track in self.tracks)
            and (not self.hidden_rooms or item.room not in self.hidden_rooms)
            and (not self.hidden_tracks or item.track not in self.hidden_tracks)
            and (not self.days or item.starts.astimezone(zone).date() in self.days)
        )

    def hiding(self, room: str | None = None, track: str | None = None) -> Scope:
        """This scope with ``room`` and ``track`` hidden too."""
        return replace(
            self,
            hidden_rooms=self.hidden_rooms | ({room} if room else set()),
            hidden_tracks=self.hidden_tracks | ({track} if track else set()),
        )

    def kept_to(self, rooms: Iterable[str], tracks: Iterable[str], days: Iterable[date]) -> Scope:
        """This scope without what a program (a new version of it) no longer has."""
        rooms, tracks, days = set(rooms), set(tracks), set(days)
        return Scope(
            self.rooms & rooms,
            self.tracks & tracks,
            self.days & days,
            self.hidden_rooms & rooms,
            self.hidden_tracks & tracks,
        )

    def described(self, zone: ZoneInfo) -> list[str]:
        """Each part in force, as a header names it."""
        said = []
        if self.rooms:
            said.append("rooms: " + ", ".join(sorted(self.rooms)))
        if self.tracks:
            said.append("tracks: " + ", ".join(sorted(self.tracks)))
        if self.days:
            said.append("days: " + ", ".join(f"{day:%a %Y-%m-%d}" for day in sorted(self.days)))
        for what, hidden in (("room", self.hidden_rooms), ("track", self.hidden_tracks)):
            if hidden:
                said.append(
                    f"hidden {what}{'s' if len(hidden) > 1 else ''}: " + ", ".join(sorted(hidden))
                )
        return said


def days_of(items: Iterable[Item], zone: ZoneInfo) -> list[date]:
    """The days the items start on, in ``zone``, in order."""
    return sorted({item.starts.astimezone(zone).date() for item in items})


def count_by_day(items: Iterable[Item], zone: ZoneInfo) -> Counter[date]:
    """How many of the items start on each day, in ``zone``."""
    return Counter(item.starts.astimezone(zone).date() for item in items)


def scope_named(
    items: Sequence[Item],
    zone: ZoneInfo,
    rooms: Iterable[str] = (),
    tracks: Iterable[str] = (),
    days: Iterable[str] = (),
) -> Scope:
    """The scope that what a person typed names: rooms and tracks by name, ignoring case and
    spaces; days as ``2023-07-29``, a weekday (``sat``, ``Saturday``) or a day's number in the
    program (``1``). A NotFoundError names everything that names nothing, with what there is."""
    problems: list[str] = []
    rooms, tracks, days = list(rooms), list(tracks), list(days)
    # The program's rooms, tracks and days are looked at only for what was typed: every day of
    # 20,000 items in the display zone takes some 20 ms.
    found_rooms = (
        _named("room", rooms, {i.room for i in items if i.room}, problems) if rooms else set()
    )
    found_tracks = (
        _named("track", tracks, {i.track for i in items if i.track}, problems) if tracks else set()
    )
    program_days = days_of(items, zone) if days else []
    found_days = set()
    for typed in days:
        day = resolve_day(typed, program_days)
        if day is None:
            shown = ", ".join(f"{d:%a %Y-%m-%d}" for d in program_days[:10]) or "none"
            problems.append(f"no day {typed!r} in the program (its days, in {zone.key}: {shown})")
        else:
            found_days.add(day)
    if problems:
        raise NotFoundError("; ".join(problems))
    return Scope(frozenset(found_rooms), frozenset(found_tracks), frozenset(found_days))


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _named(what: str, typed: Iterable[str], known: set[str], problems: list[str]) -> set[str]:
    by_folded = {_folded(name): name for name in known}
    found = set()
    for name in typed:
        match = by_folded.get(_folded(name))
        if match is not None:
            found.add(match)
            continue
        close = [by_folded[f] for f in difflib.get_close_matches(_folded(name), list(by_folded))]
        containing = sorted(n for f, n in by_folded.items() if _folded(name) in f)
        hint = list(dict.fromkeys(containing + close))[:3]
        if hint:
            problems.append(f"no {what} {name!r} (did you mean {', '.join(map(repr, hint))}?)")
        else:
            none = "" if known else f": the program has no {what}s"
            problems.append(f"no {what} {name!r}{none}")
    return found


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def resolve_day(typed: str, program_days: list[date]) -> date | None:
    """The day of ``program_days`` that ``typed`` names: a date, a weekday, a number from 1."""
    text = _folded(typed)
    if text.isdigit():
        number = int(text)
        return program_days[number - 1] if 1 <= number <= len(program_days) else None
    with contextlib.suppress(ValueError):
        day = date.fromisoformat(text)
        return day if day in program_days else None
    named = [d for d in program_days if len(text) >= 3 and _WEEKDAYS[d.weekday()].startswith(text)]
    return named[0] if len(named) == 1 else None
