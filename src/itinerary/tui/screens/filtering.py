"""The program screen's filters and moves by day: kinds, rooms, tracks and days (the core's
``Scope``), starred only, friends' picks, the next and previous day. A base of the program
screen, which holds the filters as one value and redraws when it changes. Its dialogs are
imported when first shown, not at the planner's start."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.reactive import var
from textual.screen import Screen

from itinerary.display import printable
from itinerary.errors import StorageError
from itinerary.model import Item, Kind
from itinerary.saved_scope import load_scope, save_scope
from itinerary.scope import Scope, count_by_day, days_of
from itinerary.session import Session
from itinerary.tui.filters import Filters
from itinerary.tui.widgets.program_view import ProgramView


class FilteringScreen(Screen[None]):
    # var, not reactive: the watchers redraw what changed; a repaint of the whole screen on
    # every keystroke of a search would only cost time.
    filters: var[Filters] = var(Filters, init=False)
    session: Session

    def __init__(self) -> None:
        super().__init__()
        self._saved_scope = Scope()  # as on disk for this program: unchanged, it is not saved
        self._scope_notices: list[str] = []  # what could not be read, said with other notices

    def _restore_scope(self, session: Session) -> Scope:
        """The rooms, tracks and days (and those hidden) last chosen for the session's program;
        what could not be read is said with the other notices."""
        program = session.program
        scope, notices = load_scope(program.id, program.items, session.zone)
        self._scope_notices.extend(notices)
        self._saved_scope = scope
        return scope

    def _save_scope(self) -> None:
        """Keep the rooms, tracks and days for the next run, when they changed."""
        scope = self.filters.scope
        if scope == self._saved_scope:
            return
        try:
            save_scope(self.session.program.id, scope)
        except (StorageError, OSError) as error:
            said = f"The rooms, tracks and days chosen could not be saved: {error}"
            self.notify(printable(said), markup=False, severity="warning")
            return
        self._saved_scope = scope

    def _current(self) -> Item | None:
        return self.query_one("#program", ProgramView).item

    def _day_of(self, item: Item) -> date:
        return item.starts.astimezone(self.session.zone).date()

    def action_filter_kinds(self) -> None:
        present = [kind for kind in Kind if any(i.kind is kind for i in self.session.program.items)]

        def chosen(kinds: set[Kind] | None) -> None:
            if kinds is not None:
                self.filters = replace(self.filters, kinds=frozenset(kinds))

        from itinerary.tui.screens.dialogs import KindsDialog  # (imported when first shown)

        self.app.push_screen(KindsDialog(present, set(self.filters.kinds)), chosen)

    def action_filter_scope(self) -> None:
        program = self.session.program
        rooms, tracks = sorted(program.rooms), sorted(program.tracks)
        days = days_of(program.items, self.session.zone)

        def chosen(scope: Scope | None) -> None:
            if scope is not None:
                self.filters = replace(self.filters, scope=scope)

        from itinerary.tui.screens.scope_dialog import ScopeDialog  # (imported when first shown)

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

    def action_pick_day(self) -> None:
        """A dialog of the program's days, with their items; the cursor goes to the one chosen."""
        session, zone = self.session, self.session.zone
        scope = self.filters.scope
        every_day = replace(self.filters, scope=replace(scope, days=frozenset()))
        shown = None if every_day.everything else count_by_day(every_day.items(session), zone)
        items = count_by_day(session.program.items, zone)
        current = self._current()
        day = self._day_of(current) if current is not None else None
        from itinerary.tui.screens.day_picker import DayPicker  # (imported when first shown)

        picker = DayPicker(sorted(items), items, shown, zone.key, day)
        self.app.push_screen(picker, self._go_to_date)

    def _go_to_date(self, day: date | None) -> None:
        """To the heading of ``day`` and its first item; a day the days filter leaves out is
        shown instead of the days chosen (as ``d`` on it would)."""
        if day is None:
            return
        scope = self.filters.scope
        if scope.days and day not in scope.days:
            self.filters = replace(self.filters, scope=replace(scope, days=frozenset({day})))
            self.notify(f"Showing {day:%A %d %B} only.")
        view = self.query_one("#program", ProgramView)
        first = next(
            (i for i, row in enumerate(view.rows) if row.item and self._day_of(row.item) == day),
            None,
        )
        if first is None:
            self.notify(f"Nothing shown on {day:%A %d %B}.", severity="warning")
            return
        view.show_day_of(first)

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
        # The cursor stays where it was: on the next item left in sight.
        view = self.query_one("#program", ProgramView)
        after = [row.item for row in view.rows[view.cursor :] if row.item]
        stays = next((i.id for i in after if getattr(i, what) != name), None)
        self.filters = replace(self.filters, scope=self.filters.scope.hiding(**{what: name}))
        if stays is not None:
            view.set_rows(view.rows, keep=stays, redraw=False)
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
