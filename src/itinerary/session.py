"""One person with one program: what both faces show and every change they make.

A ``Session`` holds the program, the person's state as last read or written, and the zone
times are shown in; its ``Agenda`` (the starred items, their clashes, the poster loads) is
computed once per state and read by the command line and the planner alike. Every change is
decided on the state as it is on disk, under the lock, never on what this session read
earlier: another terminal may have changed it since.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from itinerary.errors import NotFoundError
from itinerary.ids import closest_ids, expand_id
from itinerary.model import Item, Program
from itinerary.selection import (
    Friend,
    Priority,
    Star,
    Starred,
    State,
    cycle_priority,
    missing_stars,
    revert,
    set_zone,
    star,
    starred_items,
    unstar,
)
from itinerary.storage import StateStore
from itinerary.timezones import DisplayZone, choose_display_zone, get_zone
from itinerary.vocabulary import DEFAULT_TRAVEL_MINUTES

# The agenda's clashes, the search index, friends and share files are imported where they are
# first needed: a command that only lists the program uses none of them.
if TYPE_CHECKING:
    from itinerary.conflicts import Conflict, PosterLoad
    from itinerary.search import SearchIndex
    from itinerary.share_format import ShareFile
    from itinerary.share_import import ImportOutcome, Matched

UNDO_LEVELS = 100
ImportMode = Literal["merge", "replace", "overlay"]


@dataclass(frozen=True)
class Agenda:
    """The starred items of the program in time order, where they clash, and the posters
    starred per poster session."""

    chosen: list[Starred]
    conflicts: list[Conflict]
    conflicts_of: dict[str, list[tuple[Conflict, Item]]]
    loads: list[PosterLoad]

    @classmethod
    def of(cls, state: State, program: Program, travel_minutes: float) -> Agenda:
        from itinerary.conflicts import conflicts_by_item, find_conflicts, poster_loads

        chosen = starred_items(state, program)
        items = [entry.item for entry in chosen]
        conflicts = find_conflicts(items, travel_minutes)
        return cls(chosen, conflicts, conflicts_by_item(conflicts), poster_loads(items))

    @property
    def items(self) -> list[Item]:
        return [entry.item for entry in self.chosen]


@dataclass
class _Change:
    what: str
    before: State
    after: State


@dataclass
class Session:
    program: Program
    store: StateStore
    zone_option: str | None = None  # --tz, for this session only
    travel_minutes: float = DEFAULT_TRAVEL_MINUTES
    # Items of earlier versions of a followed program, gone now: their events are cancelled.
    former: dict[str, Item] = field(default_factory=dict)
    state: State = field(init=False)
    # What this session changed, newest last, for undo.
    _undo: list[_Change] = field(init=False, default_factory=list)
    _agenda: tuple[State, Agenda] | None = field(init=False, default=None)
    _initials: tuple[State, dict[str, str]] | None = field(init=False, default=None)
    _shown_zone: tuple[tuple[str | None, str | None, str], DisplayZone] | None = field(
        init=False, default=None
    )

    def __post_init__(self) -> None:
        self.state = self.store.load()
        self._signature = self.store.signature()  # of the file as this session last saw it

    @classmethod
    def open(
        cls,
        program: Program,
        zone_option: str | None = None,
        travel_minutes: float = DEFAULT_TRAVEL_MINUTES,
        home: Path | None = None,
    ) -> Session:
        return cls(program, StateStore(program.id, home), zone_option, travel_minutes)

    # --- what is shown ----------------------------------------------------------------------

    @property
    def notices(self) -> list[str]:
        """What the store says the person must know (a state file moved aside)."""
        return self.store.notices

    @property
    def shown_zone(self) -> DisplayZone:
        # Asked once for every item a command prints: chosen again only when what it is chosen
        # from changes (finding the system's zone reads the environment and the disk).
        choice = (self.zone_option, self.state.timezone, self.program.zone.key)
        if self._shown_zone is None or self._shown_zone[0] != choice:
            shown = choose_display_zone(self.zone_option, self.state.timezone, self.program.zone)
            self._shown_zone = (choice, shown)
        return self._shown_zone[1]

    @property
    def notes(self) -> dict[str, str]:
        """My notes, by item id: a search looks in them too."""
        return {item_id: star.note for item_id, star in self.state.stars.items() if star.note}

    @property
    def zone(self) -> ZoneInfo:
        return self.shown_zone.zone

    @property
    def agenda(self) -> Agenda:
        if self._agenda is None or self._agenda[0] is not self.state:
            self._agenda = (self.state, Agenda.of(self.state, self.program, self.travel_minutes))
        return self._agenda[1]

    @cached_property
    def index(self) -> SearchIndex:
        from itinerary.search import SearchIndex

        return SearchIndex(self.program.in_time_order, self.program.stored_search)

    @property
    def friend_initials(self) -> dict[str, str]:
        """Initials that tell the friends apart (ALo, ALe), worked out once per state."""
        if self._initials is None or self._initials[0] is not self.state:
            from itinerary.friends import initials_of

            self._initials = (self.state, initials_of(self.state.friends))
        return self._initials[1]

    def star_of(self, item: Item | str) -> Star | None:
        return self.state.stars.get(item if isinstance(item, str) else item.id)

    @property
    def starred_count(self) -> int:
        return sum(1 for key in self.state.stars if key in self.program.by_id)

    def missing(self) -> dict[str, Star]:
        """Stars whose item is not in this program (kept, in case it comes back)."""
        return missing_stars(self.state, self.program)

    def items_named(self, ids: Iterable[str], outcome_if_not: str) -> list[Item]:
        """The items with these ids (or unique starts of them), each once; NotFoundError naming
        every unknown or ambiguous one, when any is."""
        by_id = self.program.by_id
        return [by_id[item_id] for item_id in self.ids_named(ids, by_id, outcome_if_not)]

    def ids_named(
        self, typed: Iterable[str], known: Collection[str], outcome_if_not: str
    ) -> list[str]:
        """The ``known`` ids that ``typed`` name, in full or by a unique start, each once; a
        NotFoundError naming every one that names none (with the closest) or several."""
        found: list[str] = []
        unknown: list[str] = []
        ambiguous: list[str] = []
        for name in dict.fromkeys(typed):
            expanded = expand_id(name, known)
            if isinstance(expanded, str):
                found.append(expanded)
            elif expanded:
                more = f" and {len(expanded) - 5} more" if len(expanded) > 5 else ""
                shown = ", ".join(expanded[:5]) + more
                ambiguous.append(f"{name!r} is the start of several ids ({shown})")
            else:
                close = closest_ids(name, known)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                unknown.append(f"{name!r}{hint}")
        problems = [f"not in program {self.program.id!r}: {'; '.join(unknown)}"] if unknown else []
        if ambiguous:
            problems.append(
                f"{'; '.join(ambiguous)}: give more of {'it' if len(ambiguous) == 1 else 'each'}"
            )
        if problems:
            raise NotFoundError(" ".join(f"{problem}." for problem in problems) + (
                f" {outcome_if_not}" if outcome_if_not else ""
            ))  # fmt: skip
        return list(dict.fromkeys(found))

    # --- changes, saved at once -------------------------------------------------------------

    def star(
        self, items: Sequence[Item], priority: Priority | None = None, note: str | None = None
    ) -> None:
        what = items[0].title if len(items) == 1 else f"{len(items)} stars"
        self._save(lambda state: star(state, items, priority=priority, note=note), what)

    def unstar(self, item_ids: Sequence[str], what: str | None = None) -> None:
        self._save(lambda state: unstar(state, item_ids), what or f"{len(item_ids)} stars")

    def toggle(self, item: Item) -> bool:
        """Star or unstar; returns whether the item is now starred."""
        self._save(
            lambda state: (
                unstar(state, [item.id]) if item.id in state.stars else star(state, [item])
            ),
            f"star of {item.title}",
        )
        return item.id in self.state.stars

    def cycle(self, item: Item) -> Priority:
        """must → maybe → must; stars the item as maybe if it was not starred (a person who
        wanted it must would have starred it)."""
        self._save(
            lambda state: (
                cycle_priority(state, item.id)
                if item.id in state.stars
                else star(state, [item], priority=Priority.MAYBE)
            ),
            f"priority of {item.title}",
        )
        return self.state.stars[item.id].priority

    def set_note(self, item: Item, note: str) -> None:
        self._save(lambda state: star(state, [item], note=note), f"note on {item.title}")

    def choose_zone(self, name: str) -> ZoneInfo:
        """Save ``name`` as the display zone."""
        zone = get_zone(name)
        self.zone_option = None  # an explicit choice replaces --tz for this session
        self._save(lambda state: set_zone(state, zone.key), "choice of zone")
        return zone

    def forget_zone(self) -> None:
        self._save(lambda state: set_zone(state, None), "choice of zone")

    def remove_friend(self, name: str) -> Friend:
        friend = self.state.friends.get(name)
        if friend is None:
            known = ", ".join(repr(key) for key in self.state.friends) or "none"
            raise NotFoundError(f"no friend called {name!r} (kept: {known})")
        self._save(
            lambda state: dataclasses.replace(
                state, friends={k: v for k, v in state.friends.items() if k != name}
            ),
            f"itinerary of {name}",
        )
        return friend

    def take_share(
        self, share: ShareFile, matched: Matched, mode: ImportMode
    ) -> tuple[ImportOutcome, Friend | None]:
        """Take a colleague's share in: merged into my stars, replacing them, or kept beside
        them as a friend's. Returns what changed, and the friend's itinerary it replaced."""
        from itinerary.share_import import merge, outcome, overlay, replace

        now = datetime.now(timezone.utc)
        changes: dict[str, Callable[[State], State]] = {
            "merge": lambda state: merge(state, matched.items, now),
            "replace": lambda state: replace(state, matched.items, now),
            "overlay": lambda state: overlay(state, share, matched.items),
        }
        before = self.store.load()
        self._save(changes[mode], f"import of {share.owner}'s itinerary")
        replaced = before.friends.get(share.owner) if mode == "overlay" else None
        return outcome(before, self.state, matched.items, mode), replaced

    def match(self, share: ShareFile, source: str) -> Matched:
        from itinerary.share_import import match_share

        return match_share(share, self.program, source)

    def apply(self, change: Callable[[State], State], what: str) -> None:
        """Any other change of the state (the record of an export or a share written)."""
        self._save(change, what)

    def adopt(self, state: State) -> None:
        """A state the store wrote for this session by another way (an export)."""
        self.state = state
        self._signature = self.store.signature()

    def undo(self) -> str:
        """Undo this session's last change (and only it: what another terminal changed since
        stays); says what was undone."""
        if not self._undo:
            return "Nothing to undo."
        change = self._undo.pop()
        self.state = self.store.update(lambda current: revert(current, change.before, change.after))
        self._signature = self.store.signature()
        return f"Undid the change of {change.what}."

    def reload(self) -> None:
        """Pick up changes made elsewhere (another terminal, the command line)."""
        self._signature = self.store.signature()
        self.state = self.store.load()

    def changed_elsewhere(self) -> bool:
        """Whether the state file was written since this session last read or wrote it; if so,
        the new state is read (and True says what is shown must be redrawn)."""
        if self.store.signature() == self._signature:
            return False
        before = self.state
        self.reload()
        return self.state != before

    def _save(self, change: Callable[[State], State], what: str) -> None:
        seen: list[State] = []

        def recorded(state: State) -> State:
            seen.append(state)  # as it is on disk, under the lock
            return change(state)

        self.state = self.store.update(recorded)
        self._signature = self.store.signature()
        if seen and seen[-1] != self.state:
            self._undo = [*self._undo[-(UNDO_LEVELS - 1) :], _Change(what, seen[-1], self.state)]
