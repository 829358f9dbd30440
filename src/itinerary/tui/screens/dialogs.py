"""Small dialogs: a note, the kinds to show, help."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static

from itinerary.model import Kind


class NoteDialog(ModalScreen[str | None]):
    """Edit the note kept with a star; Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title, self._note = title, note

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


class HelpScreen(ModalScreen[None]):
    """Every key, in one place."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, description in self._keys:
            table.add_row(key, description)
        # Focused, so the arrow keys scroll it on a short terminal.
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys", classes="dialog-title")
            yield Static(table)
            yield Label(
                "Every action is also in the command palette (ctrl+p) · Escape closes",
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
