"""The export dialog: where, in which zone, posters grouped or not; prefilled and ready."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet


@dataclass(frozen=True)
class ExportRequest:
    path: str
    zone: str
    posters: str  # "grouped" or "separate"
    alarm_minutes: int | None
    everything: bool


class ExportDialog(ModalScreen[ExportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, path: str, zone: str) -> None:
        super().__init__()
        self._path, self._zone = path, zone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Label("Export your itinerary as an iCalendar (.ics) file", classes="dialog-title")
            yield Label("File")
            yield Input(compact=True, value=self._path, id="export-path")
            yield Label("Time zone (IANA name)")
            yield Input(compact=True, value=self._zone, id="export-zone")
            yield Label("Posters")
            with RadioSet(id="export-posters"):
                yield RadioButton(
                    "one event per poster session (grouped)", value=True, id="grouped"
                )
                yield RadioButton("one event per poster (separate)", id="separate")
            yield Label("Reminder, minutes before (empty: none)")
            yield Input(compact=True, value="", id="export-alarm", type="integer")
            yield Checkbox("the whole program, not only my stars", id="export-all")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def _submit(self) -> None:
        alarm = self.query_one("#export-alarm", Input).value.strip()
        pressed = self.query_one("#export-posters", RadioSet).pressed_button
        self.dismiss(
            ExportRequest(
                path=self.query_one("#export-path", Input).value.strip(),
                zone=self.query_one("#export-zone", Input).value.strip(),
                posters=pressed.id if pressed is not None and pressed.id else "grouped",
                alarm_minutes=int(alarm) if alarm else None,
                everything=self.query_one("#export-all", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
