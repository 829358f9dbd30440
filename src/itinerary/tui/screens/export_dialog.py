"""The export dialog: where, in which zone, posters grouped or not; prefilled and ready.

It stays open until the export has worked: a mistyped zone or folder is said in the dialog,
with everything typed still there to correct."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static


@dataclass(frozen=True)
class ExportRequest:
    path: str
    zone: str
    posters: str  # "grouped" or "separate"
    alarm_minutes: int | None
    everything: bool


# Runs the export; returns what went wrong, or None when the file is written.
Attempt = Callable[[ExportRequest], str | None]


class _Form(VerticalScroll, can_focus=False):
    """Scrolls on a short terminal (80x24 cannot show it all): moving the focus brings each field
    into view. Not focusable itself, so the dialog opens with the cursor in the file's name."""


class ExportDialog(ModalScreen[ExportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        path: str,
        zone: str,
        attempt: Attempt,
        posters: str = "grouped",
        alarm_minutes: int | None = None,
    ) -> None:
        """Prefilled with ``path``, ``zone`` and the last export's grouping and reminder."""
        super().__init__()
        self._path, self._zone, self._attempt = path, zone, attempt
        self._posters, self._alarm = posters, alarm_minutes

    def compose(self) -> ComposeResult:
        with _Form(classes="dialog wide-dialog"):
            yield Label("Export your itinerary as an iCalendar (.ics) file", classes="dialog-title")
            yield Label("File")
            yield Input(compact=True, value=self._path, id="export-path")
            yield Label("Time zone (IANA name)")
            yield Input(compact=True, value=self._zone, id="export-zone")
            yield Label("Posters")
            # Compact widgets: the whole form and its buttons fit an 80x24 terminal.
            with RadioSet(id="export-posters", compact=True):
                yield RadioButton(
                    "one event per poster session (grouped)",
                    value=self._posters != "separate",
                    id="grouped",
                    compact=True,
                )
                yield RadioButton(
                    "one event per poster (separate)",
                    value=self._posters == "separate",
                    id="separate",
                    compact=True,
                )
            yield Label("Reminder, minutes before the start (empty: none)")
            yield Input(
                compact=True,
                value="" if self._alarm is None else str(self._alarm),
                placeholder="none",
                id="export-alarm",
                type="integer",
            )
            yield Checkbox("the whole program, not only my stars", id="export-all", compact=True)
            yield Static(id="export-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        # Focusing the file's name scrolled the form to it: show the title and label above it.
        self.call_after_refresh(self.query_one(_Form).scroll_home, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def _submit(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self._say("Give the file a name, e.g. itinerary.ics.", "#export-path")
            return
        alarm = self.query_one("#export-alarm", Input).value.strip()
        pressed = self.query_one("#export-posters", RadioSet).pressed_button
        request = ExportRequest(
            path=path,
            zone=self.query_one("#export-zone", Input).value.strip(),
            posters=pressed.id if pressed is not None and pressed.id else "grouped",
            alarm_minutes=int(alarm) if alarm.lstrip("-").isdigit() else None,
            everything=self.query_one("#export-all", Checkbox).value,
        )
        problem = self._attempt(request)
        if problem is None:
            self.dismiss(request)
        else:
            self._say(problem)

    def _say(self, problem: str, field: str | None = None) -> None:
        error = self.query_one("#export-error", Static)
        error.update(Text(problem[:1].upper() + problem[1:]))  # the core's are lowercase
        error.display = True
        if field is not None:
            self.query_one(field).focus()
        else:  # the message, and the buttons under it, in sight: they end the form
            self.call_after_refresh(self.query_one(_Form).scroll_end, animate=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
