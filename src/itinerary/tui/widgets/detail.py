"""The highlighted item in full: what a person needs to decide whether to go."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from itinerary.display import printable
from itinerary.friends import friends_of
from itinerary.model import Item
from itinerary.session import Session
from itinerary.timezones import format_span
from itinerary.tui.rows import KIND_ICONS
from itinerary.wording import clash_relation, group_title, person_label, star_label


def _when(item: Item, zone: ZoneInfo) -> str:
    return format_span(item.starts, item.ends, zone, date_format="%a %d %b")


def describe(item: Item | None, session: Session) -> Group | Text:
    """Rich text only (never markup): titles and abstracts are data from someone else."""
    if item is None:
        return Text("No item matches. Press Escape to clear the search, or change the filters.")
    program = session.program
    title = Text(printable(item.title, single_line=True), style="bold")
    lines = [title, Text(f"{KIND_ICONS[item.kind]} {item.kind.value}", style="italic")]
    lines.append(Text(f"Venue time:  {_when(item, program.zone)}"))
    if session.zone.key != program.zone.key:
        lines.append(Text(f"Your time:   {_when(item, session.zone)}"))
    group = group_title(program, item)
    if group is not None:
        lines.append(Text(f"Session:     {printable(group, single_line=True)}"))
    if item.room:
        lines.append(Text(f"Room:        {printable(item.room, single_line=True)}"))
    if item.track:
        lines.append(Text(f"Track:       {printable(item.track, single_line=True)}"))
    if item.url:
        lines.append(Text(f"Link:        {printable(item.url, single_line=True)}"))
    star = session.star_of(item)
    if star:
        lines.append(Text(f"Starred:     {star_label(star.priority)}", style="bold"))
        if star.note:
            lines.append(Text(f"Your note:   {printable(star.note, single_line=True)}"))
    friends = friends_of(session.state, item.id)
    if friends:
        names = ", ".join(
            f"{printable(name, single_line=True)} ({priority.value})" for name, priority in friends
        )
        lines.append(Text(f"Also starred by: {names}"))
    clashes = session.agenda.conflicts_of.get(item.id, [])
    for conflict, other in clashes:
        what = f"{clash_relation(conflict)}: {other.title}"
        lines.append(Text(f"! Conflict:  {printable(what, single_line=True)}", style="bold"))
    if item.people:
        lines.append(Text(""))
        lines.append(Text("People", style="bold underline"))
        for person in item.people:
            lines.append(Text(f"  {printable(person_label(person), single_line=True)}"))
    if item.abstract:
        lines.append(Text(""))
        lines.append(Text(printable(item.abstract)))
    return Group(*lines)


class DetailPane(VerticalScroll):
    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > Static { width: 100%; }
    """
    # What is shown: the item, described with this program, state and zone. A search shows the
    # same item again at most keystrokes, and an update lays the screen out again.
    _shown: tuple[object, ...] | None = None

    def compose(self):
        yield Static(id="detail-body")

    def show(self, item: Item | None, session: Session) -> None:
        shown = (item, session.program, session.state, session.zone)
        if self._shown is None or any(a is not b for a, b in zip(shown, self._shown, strict=True)):
            self._shown = shown
            self.query_one("#detail-body", Static).update(describe(item, session))
        self.scroll_home(animate=False)
