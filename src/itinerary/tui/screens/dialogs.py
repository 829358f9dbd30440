"""Small dialogs: a note, the kinds to show, help."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static

from itinerary.display import printable
from itinerary.model import Item, Kind
from itinerary.session import Session


class NoteDialog(ModalScreen[str | None]):
    """Edit the note kept with a star; Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title, self._note = title, note

    @classmethod
    def for_item(cls, session: Session, item: Item) -> NoteDialog:
        """The dialog for the note of ``item``'s star, as it is now (none if not starred)."""
        star = session.star_of(item)
        # A colleague's note arrives by import: edited as text, never as escapes.
        note = printable(star.note) if star and star.note else ""
        return cls(printable(item.title, single_line=True), note)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Note for: {self._title}"), classes="dialog-title")
            yield Input(
                compact=True,
                value=self._note,
                placeholder="a short note (empty to remove)",
                id="note",
            )
            yield Label("Enter saves · Escape cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class KindsDialog(ModalScreen[set[Kind] | None]):
    """Which kinds of item to show (none chosen: all)."""

    # Enter applies even from the list, where it would otherwise toggle like space does.
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(self, present: list[Kind], chosen: set[Kind]) -> None:
        super().__init__()
        self._present, self._chosen = present, chosen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Show these kinds (space toggles; none: all)", classes="dialog-title")
            yield SelectionList[Kind](
                *[(kind.value, kind, kind in self._chosen) for kind in self._present], id="kinds"
            )
            yield Button("Apply", variant="primary", id="apply")
            yield Label("Enter applies · Escape cancels", classes="dialog-hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        self.dismiss(set(self.query_one("#kinds", SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _two_columns(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for left, right in rows:
        table.add_row(left, right)
    return table


class HelpScreen(ModalScreen[None]):
    """Every key, in one place."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, keys: list[tuple[str, str]], marks: list[tuple[str, str]]) -> None:
        """``keys``: (keys, what they do); ``marks``: (a mark a row shows, what it means)."""
        super().__init__()
        self._keys, self._marks = keys, marks

    def compose(self) -> ComposeResult:
        # Focused, so the arrow keys scroll it on a short terminal.
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys", classes="dialog-title")
            yield Static(_two_columns(self._keys))
            yield Label("Marks and kinds of item", classes="dialog-title dialog-section")
            yield Static(_two_columns(self._marks))
            yield Label(
                "Every action is also in the command palette (ctrl+p) · Escape closes",
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
