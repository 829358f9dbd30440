"""What the planner shows, kept in one place: the program, the person's stars, the zone, the
conflicts. Every change goes through the core and is saved at once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from itinerary.conflicts import (
    Conflict,
    PosterLoad,
    conflicts_by_item,
    find_conflicts,
    poster_loads,
)
from itinerary.friends import initials_of
from itinerary.model import Item, Program
from itinerary.search import SearchIndex
from itinerary.selection import (
    Priority,
    Star,
    State,
    cycle_priority,
    revert,
    set_zone,
    star,
    starred_items,
    unstar,
)
from itinerary.storage import StateStore
from itinerary.timezones import DisplayZone, choose_display_zone, get_zone

UNDO_LEVELS = 100


class Planner:
    def __init__(self, program: Program, store: StateStore, zone_option: str | None = None):
        self.program = program
        self.store = store
        self.state: State = store.load()
        self._signature = store.signature()  # of the state file as this planner last saw it
        self._zone_option = zone_option
        self.index = SearchIndex(program.in_time_order)
        self.conflicts: list[Conflict] = []
        self.conflicts_of: dict[str, list[tuple[Conflict, Item]]] = {}
        self.loads: list[PosterLoad] = []
        # What this planner changed, newest last: (what, the state before, the state after).
        self._undo: list[tuple[str, State, State]] = []
        self._recompute()

    # --- what is shown ----------------------------------------------------------------------

    @property
    def shown_zone(self) -> DisplayZone:
        return choose_display_zone(self._zone_option, self.state.timezone, self.program.zone)

    @property
    def zone(self) -> ZoneInfo:
        return self.shown_zone.zone

    def star_of(self, item: Item) -> Star | None:
        return self.state.stars.get(item.id)

    def starred(self) -> list[Item]:
        return [entry.item for entry in starred_items(self.state, self.program)]

    @property
    def starred_count(self) -> int:
        return sum(1 for key in self.state.stars if key in self.program.by_id)

    # --- changes, saved at once -------------------------------------------------------------

    # Each change is decided on the state as it is on disk, under the lock, never on what this
    # planner read earlier: another terminal may have changed it since.

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
        """must → maybe → must; stars the item (must) if it was not starred."""
        self._save(
            lambda state: (
                cycle_priority(state, item.id) if item.id in state.stars else star(state, [item])
            ),
            f"priority of {item.title}",
        )
        return self.state.stars[item.id].priority

    def set_note(self, item: Item, note: str) -> None:
        self._save(lambda state: star(state, [item], note=note), f"note on {item.title}")

    def unstar(self, item: Item) -> None:
        self._save(lambda state: unstar(state, [item.id]), f"star of {item.title}")

    def choose_zone(self, name: str) -> ZoneInfo:
        zone = get_zone(name)
        self._zone_option = None  # an explicit choice replaces --tz for this session
        self._save(lambda state: set_zone(state, zone.key), "choice of zone")
        return zone

    def undo(self) -> str:
        """Undo this planner's last change (and only it: what another terminal changed since
        stays); says what was undone, for both the program and My itinerary."""
        if not self._undo:
            return "Nothing to undo."
        what, before, after = self._undo.pop()
        self.state = self.store.update(lambda current: revert(current, before, after))
        self._signature = self.store.signature()
        self._recompute()
        return f"Undid the change of {what}."

    def reload(self) -> None:
        """Pick up changes made elsewhere (another terminal, the command line)."""
        self._signature = self.store.signature()
        self.state = self.store.load()
        self._recompute()

    def changed_elsewhere(self) -> bool:
        """Whether the state file was written since this planner last read or wrote it; if so,
        the new state is read (and True says the screen must be redrawn)."""
        if self.store.signature() == self._signature:
            return False
        before = self.state
        self.reload()
        return self.state != before

    def _save(self, change, what: str) -> None:
        seen: list[State] = []

        def recorded(state: State) -> State:
            seen.append(state)  # as it is on disk, under the lock
            return change(state)

        self.state = self.store.update(recorded)
        self._signature = self.store.signature()
        if seen and seen[-1] != self.state:
            self._undo = [*self._undo[-(UNDO_LEVELS - 1) :], (what, seen[-1], self.state)]
        self._recompute()

    def _recompute(self) -> None:
        self.friend_initials = initials_of(self.state.friends)  # told apart: ALo, ALe
        chosen = self.starred()
        self.conflicts = find_conflicts(chosen)
        self.conflicts_of = conflicts_by_item(self.conflicts)
        self.loads = poster_loads(chosen)

    def now_in_zone(self) -> datetime:
        return datetime.now(self.zone)
