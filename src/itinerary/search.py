"""Finding items: by kind, by text in the title, the people, the abstract and the track, and
by room, track and day (a ``Scope``)."""

from __future__ import annotations

import contextlib
import difflib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from itinerary.errors import NotFoundError
from itinerary.model import Item, Kind

# Searches whose matches are kept, so that the next letter of a query (or a backspace back to
# an earlier one) looks only at what an earlier search found.
REMEMBERED_SEARCHES = 8


def haystack(item: Item) -> str:
    """Everything a search looks in, case-folded once."""
    people = " ".join(
        [f"{p.name} {p.affiliation}" if p.affiliation else p.name for p in item.people]
    )
    # Newlines keep a phrase from matching across the end of the title and the first name.
    return "\n".join(
        [
            " ".join(item.title.casefold().split()),
            " ".join(people.casefold().split()),
            " ".join(item.abstract.casefold().split()),
            " ".join((item.track or "").casefold().split()),
        ]
    )


def search_text(text: str) -> str:
    """What is looked for when ``text`` is typed: case-folded, each run of white space one space
    (so it never holds the newline between a haystack's parts)."""
    return " ".join(text.casefold().split())


def filter_items(
    items: Iterable[Item], *, kinds: Iterable[Kind] = (), text: str = ""
) -> list[Item]:
    """Items of one of ``kinds`` (any kind when empty) whose title, people or abstract contain
    ``text``, ignoring case and runs of white space."""
    return SearchIndex(items).matching(text, kinds)


class SearchIndex:
    """The items with their search text prepared once, for search as you type on big programs.

    ``prepare`` does the work of preparing (half a second for 20,000 items), so a face can run
    it in a worker thread once its first screen is shown; the first search does it otherwise.
    A search looks only at the matches of an earlier one that its text contains (whatever
    contains "transf" contains "trans"), so a query growing letter by letter, or shrinking back,
    rescans little. ``matching`` is for one thread; ``prepare`` may run in another meanwhile.
    """

    def __init__(self, items: Iterable[Item]) -> None:
        self._items = list(items)
        self._haystacks: list[str] | None = None
        self._preparing = threading.Lock()
        # Positions in _items of the items each recent search text matched, the latest last.
        self._found: OrderedDict[str, list[int]] = OrderedDict()

    def prepare(self) -> None:
        """Prepare every item's search text, if not done yet (waits for a preparation under
        way in another thread)."""
        with self._preparing:
            if self._haystacks is None:
                self._haystacks = [haystack(item) for item in self._items]

    @property
    def prepared(self) -> bool:
        return self._haystacks is not None

    def matching(self, text: str = "", kinds: Iterable[Kind] = ()) -> list[Item]:
        """Like ``filter_items``, in the order the index was given its items."""
        wanted = set(kinds)
        needle = search_text(text)
        if not needle:
            return [item for item in self._items if not wanted or item.kind in wanted]
        items = self._items
        found = [items[position] for position in self._positions(needle)]
        return [item for item in found if item.kind in wanted] if wanted else found

    def _positions(self, needle: str) -> list[int]:
        """Positions of the items whose search text contains ``needle`` (normalised)."""
        found = self._found
        known = found.get(needle)
        if known is not None:
            found.move_to_end(needle)
            return known
        self.prepare()
        haystacks = self._haystacks
        assert haystacks is not None
        # What contains this needle contains every part of it: of the earlier searches for a
        # part of it, the one with the fewest matches holds all of this one's.
        narrowest = min(
            (positions for earlier, positions in found.items() if earlier in needle),
            key=len,
            default=None,
        )
        if narrowest is None:
            positions = [index for index, hay in enumerate(haystacks) if needle in hay]
        else:
            positions = [index for index in narrowest if needle in haystacks[index]]
        found[needle] = positions
        if len(found) > REMEMBERED_SEARCHES:
            found.popitem(last=False)
        return positions


@dataclass(frozen=True)
class Scope:
    """Where and when: items in one of these rooms, of one of these tracks, on one of these days
    (dates in the display zone, where the person reads them). An empty set lets all through."""

    rooms: frozenset[str] = frozenset()
    tracks: frozenset[str] = frozenset()
    days: frozenset[date] = frozenset()

    def admits(self, item: Item, zone: ZoneInfo) -> bool:
        return (
            (not self.rooms or item.room in self.rooms)
            and (not self.tracks or item.track in self.tracks)
            and (not self.days or item.starts.astimezone(zone).date() in self.days)
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
        return said


def days_of(items: Iterable[Item], zone: ZoneInfo) -> list[date]:
    """The days the items start on, in ``zone``, in order."""
    return sorted({item.starts.astimezone(zone).date() for item in items})


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
    found_rooms = _named("room", rooms, {i.room for i in items if i.room}, problems)
    found_tracks = _named("track", tracks, {i.track for i in items if i.track}, problems)
    program_days = days_of(items, zone)
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
