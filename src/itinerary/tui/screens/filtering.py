"""The program screen's filters and moves by day: kinds, rooms, tracks and days (the core's
``Scope``), starred only, friends' picks, the next and previous day. A base of the program
screen, which holds the filters as one value and redraws when it changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.reactive import var
from textual.screen import Screen

from itinerary.display import printable
from itinerary.model import Item, Kind
from itinerary.scope import Scope, days_of
from itinerary.session import Session
from itinerary.tui.filters import Filters
from itinerary.tui.screens.dialogs import KindsDialog
from itinerary.tui.screens.scope_dialog import ScopeDialog
from itinerary.tui.widgets.program_view import ProgramView


class FilteringScreen(Screen[None]):
    # var, not reactive: the watchers redraw what changed; a repaint of the whole screen on
    # every keystroke of a search would only cost time.
    filters: var[Filters] = var(Filters, init=False)
    session: Session

    def _current(self) -> Item | None:
        return self.query_one("#program", ProgramView).item

    def _day_of(self, item: Item) -> date:
        return item.starts.astimezone(self.session.zone).date()

    def action_filter_kinds(self) -> None:
        present = [kind for kind in Kind if any(i.kind is kind for i in self.session.program.items)]

        def chosen(kinds: set[Kind] | None) -> None:
            if kinds is not None:
                self.filters = replace(self.filters, kinds=frozenset(kinds))

        self.app.push_screen(KindsDialog(present, set(self.filters.kinds)), chosen)

    def action_filter_scope(self) -> None:
        items = self.session.program.items
        rooms = sorted({item.room for item in items if item.room})
        tracks = sorted({item.track for item in items if item.track})
        days = days_of(items, self.session.zone)

        def chosen(scope: Scope | None) -> None:
            if scope is not None:
                self.filters = replace(self.filters, scope=scope)

        self.app.push_screen(ScopeDialog(rooms, tracks, days, self.filters.scope), chosen)

    def action_this_day(self) -> None:
        """Only the highlighted item's day, or every day again."""
        scope = self.filters.scope
        if scope.days:
            self.filters = replace(self.filters, scope=replace(scope, days=frozenset()))
            self.notify("Showing every day.")
            return
        item = self._current()
        if item is None:
            return
        day = self._day_of(item)
        self.filters = replace(self.filters, scope=replace(scope, days=frozenset({day})))
        self.notify(f"Showing {day:%A %d %B} only.")

    def action_next_day(self) -> None:
        self._go_to_day(1)

    def action_previous_day(self) -> None:
        self._go_to_day(-1)

    def _go_to_day(self, step: int) -> None:
        """To the first item of the next (``step`` 1) or previous (-1) day shown."""
        view = self.query_one("#program", ProgramView)
        if not view.go_to_day(step):
            self.notify("No later day shown." if step > 0 else "No earlier day shown.")

    def action_hide_room(self) -> None:
        self._hide("room")

    def action_hide_track(self) -> None:
        self._hide("track")

    def _hide(self, what: str) -> None:
        """Hide the highlighted item's room (or track): its items go, every other stays."""
        item = self._current()
        name = getattr(item, what) if item is not None else None
        if not name:
            self.notify(f"The highlighted item has no {what}.", severity="warning")
            return
        scope = self.filters.scope.hiding(**{what: name})
        self.filters = replace(self.filters, scope=scope)
        self.notify(f"Hiding {what} {printable(name, single_line=True)} (r shows it again).",
                    markup=False)  # fmt: skip

    def action_friends_picks(self) -> None:
        if not self.session.state.friends:
            self.notify(
                "No friends' itineraries yet: `itinerary import FILE --overlay` adds one.",
                severity="warning",
            )
            return
        self.filters = replace(self.filters, friends_picks=not self.filters.friends_picks)

    def action_starred_only(self) -> None:
        self.filters = replace(self.filters, starred_only=not self.filters.starred_only)
        self.notify(
            "Showing starred items only." if self.filters.starred_only else "Showing everything."
        )
