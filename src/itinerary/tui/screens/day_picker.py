"""Pick a day of the conference to go to: each day in the display zone, with how many items it
has (and how many of them the filters show)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class DayPicker(ModalScreen[date | None]):
    """The program's days; Enter goes to the highlighted one. A day the filters show nothing
    of is listed, greyed, and cannot be chosen."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        days: Sequence[date],
        items: Counter[date],
        shown: Counter[date] | None,
        zone: str,
        current: date | None,
    ) -> None:
        """``items``: the program's items of each day; ``shown``: those the filters show (None:
        no filter narrows them)."""
        super().__init__()
        self._days, self._items, self._shown = days, items, shown
        self._zone, self._current = zone, current
        self._width = len(str(max(items.values(), default=0)))  # the counts, right-aligned

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="day-picker"):
            yield Label(f"Go to a day (days in {self._zone})", classes="dialog-title")
            yield OptionList(*[self._option(day) for day in self._days], id="days")
            yield Label("Enter goes there · Escape cancels", classes="dialog-hint")

    def _option(self, day: date) -> Option:
        text = Text(f"{'* ' if day == self._current else '  '}{day:%a %d %b %Y}  ")
        total = self._items[day]
        noun = "item" if total == 1 else "items"
        if self._shown is None:
            text.append(f"{total:>{self._width}} {noun}", style="dim")
            return Option(text, id=day.isoformat())
        shown = self._shown[day]
        text.append(f"{shown:>{self._width}} of {total} {noun} shown", style="dim")
        return Option(text, id=day.isoformat(), disabled=not shown)

    def on_mount(self) -> None:
        if self._current in self._days:
            self.query_one("#days", OptionList).highlighted = self._days.index(self._current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(date.fromisoformat(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
