"""My itinerary: only what I starred, by time, with every clash side by side and a key to drop
either side of it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from itinerary.display import printable
from itinerary.model import Item
from itinerary.session import Session
from itinerary.tui.bindings import bindings
from itinerary.tui.guard import guarded
from itinerary.tui.rows import RenderItem, build_rows
from itinerary.tui.screens.dialogs import NoteDialog
from itinerary.tui.widgets.footer import KeysFooter
from itinerary.tui.widgets.program_view import ProgramView
from itinerary.wording import clash_heading, counted


class ItineraryScreen(Screen[str | None]):
    """Dismissed with the id of the item to show in the program (Enter), or None (back)."""

    # tab (Textual's focus_next) goes to the conflicts, to pick which one 1 and 2 act on.
    BINDINGS = bindings("itinerary")
    ACTIONS_OF = "itinerary"  # which of the table's actions the palette offers here

    def __init__(self, session: Session, render_item: RenderItem) -> None:
        """``render_item`` draws an item's row as the program screen does."""
        super().__init__()
        self.session = session
        self._render_item = render_item

    def compose(self) -> ComposeResult:
        yield Static(id="itinerary-summary", classes="header-line")
        with Horizontal(id="itinerary-main"):
            with Vertical(id="itinerary-left"):
                yield ProgramView(self._render_item, id="itinerary-list")
                yield Static(id="itinerary-note")  # the highlighted star's note
            with Vertical(id="conflicts-pane"):
                yield Label(id="conflicts-title", classes="pane-title")
                yield OptionList(id="conflicts")
                yield Static(id="loads")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_contents()
        self.query_one("#itinerary-list", ProgramView).focus()

    def refresh_contents(self, keep: str | None = None) -> None:
        """Rebuild from the stars; the cursor stays on ``keep``, else on the item it is on."""
        session = self.session
        starred = session.agenda.items
        view = self.query_one("#itinerary-list", ProgramView)
        keep = keep or (view.item.id if view.item else None)
        view.set_rows(build_rows(session.program, starred, session.zone, set()), keep=keep)
        conflicts_count = counted(len(session.agenda.conflicts), "conflict")
        summary = f"My itinerary · {len(starred)} starred · {conflicts_count}"
        summary += f" · times in {session.zone.key}"
        self.query_one("#itinerary-summary", Static).update(Text(summary))
        conflicts = self.query_one("#conflicts", OptionList)
        highlighted = conflicts.highlighted
        conflicts.clear_options()
        for number, conflict in enumerate(session.agenda.conflicts):
            what = printable(clash_heading(conflict), single_line=True)
            # Two lines each, cut with … (by the CSS), so several conflicts fit in a short pane.
            text = Text()
            text.append(printable(conflict.first.title, single_line=True), style="bold")
            text.append("\n⟷ ")
            text.append(printable(conflict.second.title, single_line=True), style="bold")
            text.append(f"  · {what}", style="italic")
            conflicts.add_option(Option(text, id=str(number)))
        conflicts.display = bool(session.agenda.conflicts)
        if session.agenda.conflicts:
            conflicts.highlighted = min(highlighted or 0, len(session.agenda.conflicts) - 1)
        self.query_one("#conflicts-title", Label).update(
            "Conflicts (tab to pick one): 1 drops the left item, 2 the right"
            if session.agenda.conflicts
            else "No conflicts."
        )
        loads = [load.describe() for load in session.agenda.loads if len(load.posters) > 1]
        self.query_one("#loads", Static).update(Text("\n".join(loads)))
        self._show_note(view.item)

    def _show_note(self, item: Item | None) -> None:
        star = self.session.star_of(item) if item is not None else None
        note = star.note if star else ""
        shown = self.query_one("#itinerary-note", Static)
        shown.update(Text(f"Note: {printable(note, single_line=True)}") if note else "")
        shown.display = bool(note)

    @on(ProgramView.Highlighted, "#itinerary-list")
    def _highlighted(self, event: ProgramView.Highlighted) -> None:
        self._show_note(event.item)

    @on(ProgramView.FoldToggled, "#itinerary-list")
    def _go_to(self, event: ProgramView.FoldToggled) -> None:
        """Enter: back to the program, on this item."""
        self.dismiss(event.item.id)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_cycle_priority(self) -> None:
        item = self.query_one("#itinerary-list", ProgramView).item
        if item is not None and self._guard(lambda: self.session.cycle(item)):
            self.refresh_contents()

    def action_edit_note(self) -> None:
        item = self.query_one("#itinerary-list", ProgramView).item
        if item is None:
            return

        def saved(note: str | None) -> None:
            if note is not None and self._guard(lambda: self.session.set_note(item, note)):
                self.refresh_contents()

        self.app.push_screen(NoteDialog.for_item(self.session, item), saved)

    def _guard(self, change: Callable[[], object]) -> bool:
        return guarded(self, change)

    def action_unstar(self) -> None:
        view = self.query_one("#itinerary-list", ProgramView)
        item = view.item
        if item is not None:
            # The cursor goes on to the next item (the one before, from the last), as in a list
            # one works down.
            others = [row.item.id for row in view.rows if row.item and row.item.id != item.id]
            before = [row.item.id for row in view.rows[: view.cursor] if row.item]
            after = others[len(before)] if len(before) < len(others) else None
            self.session.unstar([item.id], f"star of {item.title}")
            self.notify(f"Unstarred {printable(item.title, single_line=True)}", markup=False)
            self.refresh_contents(keep=after or (before[-1] if before else None))

    def action_undo(self) -> None:
        self.notify(printable(self.session.undo(), single_line=True), markup=False)
        self.refresh_contents()

    def action_drop(self, side: int) -> None:
        conflicts = self.query_one("#conflicts", OptionList)
        if conflicts.highlighted is None or not self.session.agenda.conflicts:
            self.notify("No conflict to resolve.", severity="warning")
            return
        conflict = self.session.agenda.conflicts[conflicts.highlighted]
        item = (conflict.first, conflict.second)[side]
        self.session.unstar([item.id], f"star of {item.title}")
        self.notify(f"Unstarred {printable(item.title, single_line=True)}", markup=False)
        self.refresh_contents()
