"""Which rooms, tracks and days to show: the core's ``Scope``, chosen as the kinds are."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList

from itinerary.display import printable
from itinerary.scope import Scope


class ScopeDialog(ModalScreen[Scope | None]):
    """Rooms, tracks and days to show (none chosen in a list: all of them), and the rooms and
    tracks hidden (h / H), to show again. Only the lists the program has something for are
    shown; tab moves from one to the next."""

    # Enter applies even from a list, where it would otherwise toggle like space does.
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(
        self, rooms: Sequence[str], tracks: Sequence[str], days: Sequence[date], chosen: Scope
    ) -> None:
        super().__init__()
        self._rooms, self._tracks, self._days = rooms, tracks, days
        self._chosen = chosen

    def compose(self) -> ComposeResult:
        chosen = self._chosen
        with Vertical(classes="dialog wide-dialog"):
            yield Label(
                "Show these rooms, tracks and days (space toggles; none in a list: all)",
                classes="dialog-title",
            )
            with Horizontal(id="scope-lists"):
                if self._rooms:
                    with Vertical(classes="scope-column", id="rooms-column"):
                        yield Label("Rooms", classes="pane-title")
                        yield SelectionList[str](
                            *[(printable(r, single_line=True), r, r in chosen.rooms)
                              for r in self._rooms],
                            id="rooms",
                        )  # fmt: skip
                if self._tracks:
                    with Vertical(classes="scope-column", id="tracks-column"):
                        yield Label("Tracks", classes="pane-title")
                        yield SelectionList[str](
                            *[(printable(t, single_line=True), t, t in chosen.tracks)
                              for t in self._tracks],
                            id="tracks",
                        )  # fmt: skip
                hidden = _hidden_choices(chosen)
                column = "scope-column with-hidden" if hidden else "scope-column"
                with Vertical(classes=column, id="days-column"):
                    yield Label("Days", classes="pane-title")
                    yield SelectionList[date](
                        *[(f"{d:%a %d %b}", d, d in chosen.days) for d in self._days], id="days"
                    )
                    if hidden:  # hidden with h / H: all ticked, untick one to show it again
                        yield Label(
                            "Hidden (untick: show)", id="hidden-title", classes="pane-title"
                        )
                        yield SelectionList[tuple[str, str]](*hidden, id="hidden")
            with Horizontal(id="scope-buttons"):  # one row: the lists get the height
                yield Button("Apply", variant="primary", id="apply")
                yield Label("Enter applies · Escape cancels", classes="dialog-hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_apply()

    def _selected(self, list_id: str) -> frozenset:
        found = self.query(f"#{list_id}")
        return frozenset(found.first(SelectionList).selected) if found else frozenset()

    def action_apply(self) -> None:
        rooms, tracks = self._selected("rooms"), self._selected("tracks")
        hidden = self._selected("hidden")
        # A room (or track) chosen in its list is shown, hidden before or not.
        hidden_rooms = frozenset(name for what, name in hidden if what == "room") - rooms
        hidden_tracks = frozenset(name for what, name in hidden if what == "track") - tracks
        self.dismiss(Scope(rooms, tracks, self._selected("days"), hidden_rooms, hidden_tracks))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _hidden_choices(scope: Scope) -> list[tuple[str, tuple[str, str], bool]]:
    """The hidden rooms and tracks as a list's choices, all ticked: (prompt, value, ticked)."""
    return [
        (f"{printable(name, single_line=True)} ({what})", (what, name), True)
        for what, names in (("room", scope.hidden_rooms), ("track", scope.hidden_tracks))
        for name in sorted(names)
    ]
