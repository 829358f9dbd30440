"""Now and next: what runs now in every room and what starts next (the core's ``whats_on``),
my stars first, with the minutes to go and the room; refreshed every minute; Enter goes to the
item in the program. For a conference not on, it says so and offers "as if it were"."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from itinerary import clock as clocks
from itinerary.clock import Clock
from itinerary.display import people_line, printable
from itinerary.errors import ItineraryError
from itinerary.model import Program
from itinerary.scope import days_of
from itinerary.session import Session
from itinerary.timezones import format_moment, zone_label
from itinerary.tui.bindings import bindings
from itinerary.tui.rows import KIND_ICONS, room_cell, room_width, row_styles
from itinerary.tui.widgets.footer import KeysFooter
from itinerary.whats_on import Showing, WhatsOn, moment_named, whats_on
from itinerary.wording import (
    NEXT_HEADING,
    NOTHING_ON,
    STAR_MARKS,
    conference_time,
    day_cell,
    minutes_left,
    now_heading,
    other_days_than,
    starts_in,
)

HOW_LONG_WIDTH = 12  # "45 min left", "in 119 min"


class NowNextScreen(Screen[str | None]):
    """Dismissed with the id of the item to show in the program (Enter), or None (back)."""

    BINDINGS = bindings("now")
    ACTIONS_OF = "now"  # which of the table's actions the palette offers here

    def __init__(self, session: Session, clock: Clock) -> None:
        """``clock`` says when now is; "as if it were" sets a moment of its own instead."""
        super().__init__()
        self.session = session
        self._clock = clock
        self.as_if: datetime | None = None
        self.shown: WhatsOn | None = None  # what the list shows, as the core said it

    @property
    def moment(self) -> datetime:
        return self.as_if or self._clock()

    def compose(self) -> ComposeResult:
        yield Static(id="now-title", classes="header-line")
        yield Static(id="now-status")
        yield OptionList(id="now-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_contents()
        self.set_interval(clocks.TICK_SECONDS, self.refresh_contents)
        self.query_one("#now-list", OptionList).focus()

    def on_resize(self) -> None:
        self.refresh_contents()  # the room column's width follows the terminal's

    def refresh_contents(self) -> None:
        """Ask the core what is on at the moment (now, or the one chosen), and show it."""
        session = self.session
        zone = session.zone
        on = self.shown = whats_on(session.program, session.state, self.moment)
        title = f"Now and next · {format_moment(on.at, zone)}"
        self.query_one("#now-title", Static).update(Text(title))
        status = self.query_one("#now-status", Static)
        status.update(Text(self._status(on)))
        status.display = bool(self._status(on))
        self._fill_list(on)

    def _status(self, on: WhatsOn) -> str:
        zone = self.session.zone
        said = ""
        if on.status != "during":
            said = conference_time(on.status, on.first_start, on.last_end, zone) + " "
        if self.as_if is not None:
            return said + "As if it were then: t goes back to now."
        if on.status != "during":
            return said + "a: as if it were a time on one of its days."
        return ""

    def _fill_list(self, on: WhatsOn) -> None:
        listed = self.query_one("#now-list", OptionList)
        keep = listed.highlighted_option.id if listed.highlighted_option else None
        listed.clear_options()
        look = _Look.of(self, on)
        if on.now:
            listed.add_option(Option(Text(now_heading(len(on.now)), "bold"), disabled=True))
            listed.add_options(_option(s, minutes_left(s.minutes), look) for s in on.now)
        elif on.status != "before":  # before, the status says so, and the first come next
            listed.add_option(Option(Text(NOTHING_ON, "italic"), disabled=True))
        if on.next:
            listed.add_option(Option(Text(NEXT_HEADING, "bold"), disabled=True))
            listed.add_options(_option(s, starts_in(s.minutes), look) for s in on.next)
        ids = [s.item.id for s in (*on.now, *on.next)]
        if ids:
            target = keep if keep in ids else ids[0]
            listed.highlighted = listed.get_option_index(target)

    @on(OptionList.OptionSelected, "#now-list")
    def _go_to(self, event: OptionList.OptionSelected) -> None:
        """Enter: back to the program, on this item."""
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_as_if(self) -> None:
        def chosen(moment: datetime | None) -> None:
            if moment is not None:
                self.as_if = moment
                self.refresh_contents()

        session = self.session
        self.app.push_screen(AsIfDialog(session.program, session.zone, self.moment), chosen)

    def action_real_now(self) -> None:
        if self.as_if is None:
            self.notify("This is now already.")
            return
        self.as_if = None
        self.refresh_contents()


class _Look:
    """What every line of one list shares: the zone, the styles, the columns' widths."""

    def __init__(
        self, session: Session, styles: dict[str, str], day_of: date | None, rooms: int
    ) -> None:
        self.zone, self.styles, self.rooms = session.zone, styles, rooms
        self.clashing = session.agenda.conflicts_of  # my stars that clash: marked !
        self.day_of = day_of  # the moment's day, when some items are on another: days shown

    @classmethod
    def of(cls, screen: NowNextScreen, on: WhatsOn) -> _Look:
        zone = screen.session.zone
        showing = (*on.now, *on.next)
        day_of = other_days_than(on.at, (s.item for s in showing), zone)
        longest = max((len(s.item.room) for s in showing if s.item.room), default=0)
        rooms = room_width(longest, screen.app.size.width - HOW_LONG_WIDTH - 4)
        styles = row_styles(screen.app.theme_variables)
        return cls(screen.session, styles, day_of, rooms)


def _option(showing: Showing, how_long: str, look: _Look) -> Option:
    """``★ 45 min left  09:30–10:30 CEST  Hall B  ▸ Title  People``, cut with … at the edge."""
    item, styles = showing.item, look.styles
    start, end = item.starts.astimezone(look.zone), item.ends.astimezone(look.zone)
    text = Text(no_wrap=True, overflow="ellipsis")
    priority = showing.star.priority if showing.star else None
    text.append(STAR_MARKS[priority], styles.get(f"star-{priority.value}" if priority else "", ""))
    text.append("!" if look.clashing.get(item.id) else " ", styles["conflict"])
    text.append(f" {how_long:<{HOW_LONG_WIDTH}}", "bold")
    if look.day_of is not None:
        text.append(day_cell(start, look.day_of), styles["time"])
    next_day = "+1" if end.date() > start.date() else "  "
    text.append(f"{start:%H:%M}–{end:%H:%M}{next_day} {zone_label(start):<5} ", styles["time"])
    if look.rooms:
        text.append(room_cell(item.room, look.rooms), styles.get("room", ""))
    text.append(f"{KIND_ICONS[item.kind]} {printable(item.title, single_line=True)}")
    people = people_line(item, limit=2)
    if people:
        text.append(f"  {printable(people, single_line=True)}", styles["dim"])
    return Option(text, id=item.id)


_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class AsIfDialog(ModalScreen[datetime | None]):
    """A conference day and a time on it, in the display zone: the moment to show instead of
    now (the core's ``moment_named`` reads it, as it reads ``itinerary now --at``)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, program: Program, zone: ZoneInfo, now: datetime) -> None:
        super().__init__()
        self._program, self._zone = program, zone
        self._days = days_of(program.items, zone)
        local = now.astimezone(zone)
        self._day = self._days.index(local.date()) if local.date() in self._days else 0
        self._time = f"{local:%H:%M}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"As if it were… (times in {self._zone.key})", classes="dialog-title")
            days = [Option(f"{day:%A %d %B %Y}", id=str(n)) for n, day in enumerate(self._days)]
            yield OptionList(*days, id="as-if-days")
            yield Label("The time (HH:MM):")
            yield Input(self._time, placeholder="HH:MM", id="as-if-time", compact=True)
            yield Label(id="as-if-error", classes="dialog-error")
            yield Label(
                "Choose the day, then the time (tab) · Enter shows it · Escape cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        days = self.query_one("#as-if-days", OptionList)
        if self._days:
            days.highlighted = self._day
        days.focus()

    @on(OptionList.OptionSelected, "#as-if-days")
    def _day_chosen(self) -> None:
        self.query_one("#as-if-time", Input).focus()

    @on(Input.Submitted, "#as-if-time")
    def _time_given(self, event: Input.Submitted) -> None:
        day = self.query_one("#as-if-days", OptionList).highlighted
        match = _TIME.match(event.value)
        problem = ""
        if day is None:
            problem = "The program has no days to choose from."
        elif match is None or int(match[1]) > 23 or int(match[2]) > 59:
            problem = "Give the time as HH:MM, from 00:00 to 23:59 (say 10:30)."
        else:
            typed = f"{self._days[day].isoformat()} {match[1]}:{match[2]}"
            try:
                self.dismiss(moment_named(typed, self._program, self._zone))
                return
            except ItineraryError as error:
                problem = str(error)
        error_label = self.query_one("#as-if-error", Label)
        error_label.update(Text(printable(problem, single_line=True)))
        error_label.display = True

    def action_cancel(self) -> None:
        self.dismiss(None)
