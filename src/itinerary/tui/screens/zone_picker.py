"""Choose the display zone: fuzzy search over every IANA zone, yours and the venue's first."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timezone

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from itinerary.timezones import matching_zones, system_zone, zone_label, zone_names
from itinerary.wording import utc_offset

MAX_SHOWN = 200


def _describe(name: str, why: str = "") -> Text:
    now = datetime.now(timezone.utc).astimezone(zoneinfo.ZoneInfo(name))
    text = Text(name)
    label = zone_label(now)
    utc = utc_offset(now)
    text.append(f"  {label} {utc}" if not label.startswith("UTC") else f"  {utc}", style="dim")
    if why:
        text.append(f"  ({why})", style="italic")
    return text


class ZonePicker(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, current: str, venue: str) -> None:
        super().__init__()
        system = system_zone()
        self._first = [
            (name, why)
            for name, why in (
                (current, "now"),
                (system.key if system else "", "your computer"),
                (venue, "venue"),
            )
            if name
        ]
        self._zones = sorted(zone_names())

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Label(
                "Show times in which zone? Type to search; Enter chooses.", classes="dialog-title"
            )
            yield Input(compact=True, placeholder="e.g. berlin, kolkata, new york", id="zone-query")
            yield OptionList(id="zones")

    def on_mount(self) -> None:
        self._show("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        zones = self.query_one("#zones", OptionList)
        zones.clear_options()
        seen: set[str] = set()
        options: list[Option] = []
        if not query.strip():
            for name, why in self._first:
                if name not in seen:
                    seen.add(name)
                    options.append(Option(_describe(name, why), id=name))
            candidates = [name for name in self._zones if name not in seen]
        else:
            candidates = matching_zones(query)  # the same suggestions as the command's
        options += [Option(_describe(name), id=name) for name in candidates[:MAX_SHOWN]]
        zones.add_options(options)
        zones.highlighted = 0 if options else None

    def action_move(self, step: int) -> None:
        zones = self.query_one("#zones", OptionList)
        if zones.option_count:
            current = zones.highlighted or 0
            zones.highlighted = max(0, min(zones.option_count - 1, current + step))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        zones = self.query_one("#zones", OptionList)
        option = zones.highlighted_option
        if option is not None:
            self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
