"""Following a conference in the planner: the Changes screen (what changed since you last
looked; closing it marks it seen) and the program picker (switch without restarting)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from itinerary.display import printable


class ChangesScreen(ModalScreen[bool]):
    """The change report, as the command `itinerary changes` prints it. Dismissed with True:
    the person has seen it."""

    BINDINGS = [Binding("escape,c,q", "close", "Close")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self._lines = lines

    def compose(self) -> ComposeResult:
        # Program text is data: shown literally, never as markup or escapes.
        report = Text("\n".join(printable(line) for line in self._lines[1:]))
        title = printable(self._lines[0], single_line=True) if self._lines else "Changes"
        with VerticalScroll(classes="dialog", id="changes"):
            yield Label(Text(title), classes="dialog-title")
            yield Static(report, id="changes-report")
            yield Label("Escape closes (and marks these as seen)", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(True)


class ProgramPicker(ModalScreen[str | None]):
    """The programs one follows (and ES-FoMo); Enter switches to the highlighted one."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, programs: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self._programs, self._current = programs, current

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text(f"{'* ' if key == self._current else '  '}{key}  ")
                + Text(printable(title, single_line=True), style="dim"),
                id=key,
            )
            for key, title in self._programs
        ]
        with Vertical(classes="dialog", id="program-picker"):
            yield Label("Switch to another program", classes="dialog-title")
            yield OptionList(*options, id="programs")
            yield Label(
                "Enter switches · Escape cancels · `itinerary add URL` adds one",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        keys = [key for key, _ in self._programs]
        if self._current in keys:
            self.query_one("#programs", OptionList).highlighted = keys.index(self._current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
