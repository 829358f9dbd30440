"""The program while the conference is on: it opens at now (the first item running or about to
start), items over are dimmed, a line marks the time now, and a key goes back to it; every
minute (a timer) the line moves on. A base of the program screen, as its filters are."""

from __future__ import annotations

from datetime import datetime

from textual.screen import Screen

from itinerary import clock as clocks
from itinerary.clock import Clock
from itinerary.session import Session
from itinerary.timezones import zone_label
from itinerary.tui.rows import Row, first_row_from
from itinerary.tui.widgets.program_view import ProgramView
from itinerary.whats_on import first_current, status_at, whats_on
from itinerary.wording import conference_time


class NowFollowing(Screen[None]):
    session: Session
    clock: Clock
    # Now, while the conference is on (what is over is dimmed, the line drawn); None outside it.
    now_on: datetime | None = None

    def refresh_program(self, *, redraw: bool = True) -> None:
        raise NotImplementedError  # the program screen's

    def see_the_time(self) -> None:
        """Ask the clock, and keep the moment if the conference is on then."""
        now = self.clock()
        self.now_on = now if status_at(self.session.program, now) == "during" else None

    def follow_the_time(self) -> None:
        """From the program's first showing: at now if the conference is on, and every minute
        the time looked at again."""
        if self.now_on is not None:
            self.go_to_now()
            hint = "The conference is on: the list is at now (t goes back to it, w: now and next)."
            self.notify(hint, markup=False, timeout=8)
        self.set_interval(clocks.TICK_SECONDS, self._minute_passed)

    def _minute_passed(self) -> None:
        was_on = self.now_on
        self.see_the_time()
        if was_on is None and self.now_on is None:
            return
        if was_on is None or self.now_on is None:  # the conference began, or is over
            self.refresh_program()
            return
        # The line moves on and what ended is dimmed; the cursor and the detail stay.
        view = self.query_one("#program", ProgramView)
        view.swap_rows(self.with_now_line([row for row in view.rows if row.kind != "now"]))

    def with_now_line(self, rows: list[Row]) -> list[Row]:
        """``rows`` with the line of now before the first heading or item yet to start."""
        now = self.now_on
        if now is None:
            return rows
        local = now.astimezone(self.session.zone)
        line = Row("now", f"── now {local:%H:%M} {zone_label(local)} ")
        index = _first_to_come(rows, now)
        return [*rows[:index], line, *rows[index:]]

    def action_jump_to_now(self) -> None:
        self.see_the_time()
        if self.now_on is None:
            on = whats_on(self.session.program, self.session.state, self.clock())
            zone = self.session.zone
            said = conference_time(on.status, on.first_start, on.last_end, zone)
            self.notify(f"{said} w: now and next, as if it were a time of it.", markup=False)
            return
        self.refresh_program()
        if not self.go_to_now():
            self.notify("Nothing shown is on now or later.", markup=False)

    def go_to_now(self) -> bool:
        """The cursor on the first item shown that is on now or yet to start, near the top."""
        now = self.now_on
        view = self.query_one("#program", ProgramView)
        if now is None:
            return False
        item = first_current([row.item for row in view.rows if row.item], now)
        if item is None:
            return False
        view.set_rows(view.rows, keep=item, redraw=False)

        def near_the_top() -> None:
            top = view.cursor
            # Its headings and the line of now above it, if they are just there.
            while top > 0 and view.rows[top - 1].kind != "item" and view.cursor - top < 3:
                top -= 1
            view.scroll_to(y=top, animate=False, force=True)

        self.call_after_refresh(near_the_top)
        return True


def _first_to_come(rows: list[Row], now: datetime) -> int:
    """The index of the first row at or after which everything starts after ``now``: a heading
    goes with the item under it."""
    return first_row_from(rows, now, after=True)
