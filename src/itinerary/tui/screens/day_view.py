"""The day view: my starred items of one day as a timeline, time running down the screen in the
display zone (clashes side by side, free time marked, breaks shaded, a poster session listing
my posters), or, on a programme with rooms, every room's day as a grid with my stars marked.
Left and right change the day; Enter goes to the highlighted item in the program."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from itinerary.day_plan import DayGrid, DayPlan, day_grid, day_plans
from itinerary.display import printable
from itinerary.scope import days_of
from itinerary.session import Session
from itinerary.timezones import format_span
from itinerary.tui.bindings import bindings
from itinerary.tui.day_pictures import DayStyles, Drawn, Spot, draw_grid, draw_my_day
from itinerary.tui.guard import guarded
from itinerary.tui.widgets.footer import KeysFooter
from itinerary.tui.widgets.timeline import Timeline
from itinerary.wording import clash_relation, counted


class DayViewScreen(Screen[str | None]):
    """Dismissed with the id of the item to go to in the program (Enter), or None (back)."""

    BINDINGS = bindings("day")
    ACTIONS_OF = "day"  # which of the table's actions the palette offers here

    def __init__(self, session: Session, day: date | None = None, item: str | None = None) -> None:
        """Opens on ``day`` (in the display zone; the first day of the conference when it is
        None or not one of its days), on ``item``'s block when it is there."""
        super().__init__()
        self.session = session
        self.days = days_of(session.program.items, session.zone)
        self.day = day if day in self.days else (self.days[0] if self.days else None)
        self.cursor = item
        self.grid = False
        self.drawn: Drawn | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="day-header", classes="header-line")
        yield Timeline(id="day-timeline")
        yield Static(id="day-status")
        yield KeysFooter()

    def on_timeline_resized(self) -> None:
        """Drawn once the timeline has its size (and again at every new one)."""
        self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_active:  # under a dialog, its footer must not offer these keys
            return False
        if action == "toggle_grid" and self.rooms < 2:
            return None  # shown, dimmed: one room has no rooms to set side by side
        if action in ("next_room", "previous_room"):
            return self.grid
        return True

    @property
    def rooms(self) -> int:
        return len(self.session.program.rooms)

    # --- what is shown ----------------------------------------------------------------------

    def _layout(self) -> DayPlan | DayGrid | None:
        session, day = self.session, self.day
        if day is None:
            return None
        agenda = session.agenda
        if self.grid:
            return day_grid(session.program, day, session.zone, session.state.stars,
                            agenda.conflicts_of)  # fmt: skip
        plans = day_plans(session.program, agenda.chosen, session.zone, agenda.conflicts_of)
        return next((plan for plan in plans if plan.day == day), None)

    def redraw(self) -> None:
        """Draw the day again (after a move, a star, a new day, a resize), the cursor kept."""
        timeline = self.query_one(Timeline)
        if not timeline.size.width:  # not laid out yet: drawn when it is (on_timeline_resized)
            return None
        layout = self._layout()
        styles = DayStyles.of(self.app.theme_variables)
        width = max(10, timeline.size.width - 1 - 8)  # the scroll bar, the times
        height = max(1, timeline.size.height - 2)  # the heading, the line of the last hour
        self.drawn = None
        if isinstance(layout, DayGrid):
            self.drawn = draw_grid(layout, width, height - 1, styles, self.cursor)
        elif isinstance(layout, DayPlan):
            self.drawn = draw_my_day(layout, width, height, styles, self.cursor)
        if self.drawn is not None and self._spot() is None and self.drawn.spots:
            self.cursor = self._first_spot(self.drawn.spots).block.item.id
            return self.redraw()
        timeline.show(self.drawn.picture if self.drawn is not None else None)
        if self.drawn is not None:
            spot = self._spot()
            if spot is not None:  # once the new size is in force: it bounds the scrolling
                sight = (spot.x0, spot.x1, spot.top, spot.bottom)
                self.call_after_refresh(timeline.keep_in_sight, *sight)
        self._show_header()
        self._show_status()
        return None

    def _first_spot(self, spots: list[Spot]) -> Spot:
        """My first star of the day in the grid, else its first block."""
        return next((s for s in spots if s.block.star is not None or s.block.posters), spots[0])

    def _spot(self) -> Spot | None:
        if self.drawn is None:
            return None
        return next((s for s in self.drawn.spots if s.block.item.id == self.cursor), None)

    def _show_header(self) -> None:
        session = self.session
        text = Text()
        if self.day is None:
            text.append("No days in this program.")
        else:
            number = self.days.index(self.day) + 1
            text.append(f"{self.day:%A %d %B %Y}", style="bold")
            text.append(f" · day {number} of {len(self.days)}")
            starred = sum(
                1
                for entry in session.agenda.chosen
                if entry.item.starts.astimezone(session.zone).date() == self.day
            )
            text.append(" · every room" if self.grid else " · my day")
            text.append(f" · {counted(starred, 'star')}")
        text.append(f" · times in {session.zone.key}")
        self.query_one("#day-header", Static).update(text)

    def _show_status(self) -> None:
        """The highlighted block in full, or why there is nothing to show."""
        status = self.query_one("#day-status", Static)
        spot = self._spot()
        if spot is None:
            said = "Nothing starred on this day." if not self.grid else "Nothing on this day."
            hint = "  ← → another day" + ("  ·  g every room" if self.rooms > 1 else "")
            status.update(Text(said + hint))
            return
        block, zone = spot.block, self.session.zone
        item = block.item
        text = Text()
        text.append(format_span(item.starts, item.ends, zone, date_format="%a"))
        if item.room:
            text.append(f" · {printable(item.room, single_line=True)}")
        text.append("\n")
        text.append(printable(item.title, single_line=True), style="bold")
        for conflict, other in self.session.agenda.conflicts_of.get(item.id, []):
            title = printable(other.title, single_line=True)
            text.append(f"\n! {clash_relation(conflict)} {title}")
        status.update(text)

    # --- keys -------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_open_item(self) -> None:
        spot = self._spot()
        if spot is not None:
            self.dismiss(spot.block.item.id)

    def action_next_day(self) -> None:
        self._change_day(1)

    def action_previous_day(self) -> None:
        self._change_day(-1)

    def _change_day(self, step: int) -> None:
        if self.day is None:
            return
        index = self.days.index(self.day) + step
        if not 0 <= index < len(self.days):
            self.notify("No later day." if step > 0 else "No earlier day.")
            return
        self.day, self.cursor = self.days[index], None
        self.query_one(Timeline).scroll_to(0, 0, animate=False, immediate=True, force=True)
        self.redraw()

    def action_toggle_grid(self) -> None:
        if not self.grid and self.rooms < 2:
            self.notify("This program has one room: no rooms to set side by side.")
            return
        self.grid = not self.grid
        self.refresh_bindings()
        self.redraw()

    def action_next_block(self) -> None:
        self._move(1)

    def action_previous_block(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        """To the next (or previous) block: in time order, in the grid within its room."""
        spot = self._spot()
        if spot is None or self.drawn is None:
            return
        spots = self.drawn.spots
        if self.grid:
            spots = [s for s in spots if s.column == spot.column]
        index = spots.index(spot) + step
        if 0 <= index < len(spots):
            self.cursor = spots[index].block.item.id
            self.redraw()

    def action_next_room(self) -> None:
        self._room(1)

    def action_previous_room(self) -> None:
        self._room(-1)

    def _room(self, step: int) -> None:
        """In the grid: to the block of the next (previous) room nearest in time."""
        spot = self._spot()
        if not self.grid or spot is None or self.drawn is None:
            return
        columns = sorted({s.column for s in self.drawn.spots})
        at = columns.index(spot.column) + step
        if not 0 <= at < len(columns):
            return
        there = [s for s in self.drawn.spots if s.column == columns[at]]
        nearest = min(there, key=lambda s: (abs(s.top - spot.top), s.top))
        self.cursor = nearest.block.item.id
        self.redraw()

    def action_toggle_star(self) -> None:
        spot = self._spot()
        if spot is None:
            return
        item = spot.block.item
        if not self.grid and self.session.star_of(item) is not None:
            # Gone from my day once unstarred: the cursor goes on to the next block.
            spots = self.drawn.spots if self.drawn else []
            after = spots[spots.index(spot) + 1 :] or spots[: spots.index(spot)][::-1]
            self.cursor = after[0].block.item.id if after else None
        if guarded(self, lambda: self.session.toggle(item)):
            starred = self.session.star_of(item) is not None
            said = "Starred" if starred else "Unstarred"
            self.notify(f"{said} {printable(item.title, single_line=True)}", markup=False)
        self.redraw()
