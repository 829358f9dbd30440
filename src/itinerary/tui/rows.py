"""The program as screen rows: day headings, session headings, items, posters under their
poster session. Pure data: rendering a row to text happens only for the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from rich.text import Text

from itinerary.display import people_line, printable
from itinerary.model import Item, Kind, Program
from itinerary.selection import Star
from itinerary.timezones import zone_label
from itinerary.wording import STAR_MARKS

KIND_ICONS = {
    Kind.OPENING: "◇",
    Kind.KEYNOTE: "◈",
    Kind.INVITED_TALK: "◆",
    Kind.TALK: "▸",
    Kind.ORAL: "●",
    Kind.LIGHTNING: "ϟ",
    Kind.POSTER_SESSION: "▦",
    Kind.POSTER: "▫",
    Kind.PANEL: "☰",
    Kind.WORKSHOP: "⚒",
    Kind.AWARD: "✪",
    Kind.BREAK: "○",
    Kind.SOCIAL: "♫",
    Kind.OTHER: "•",
}


class Row(NamedTuple):
    """One screen line. A tuple: a big program makes tens of thousands at every keystroke."""

    kind: Literal["day", "session", "item"]
    title: str = ""
    item: Item | None = None
    nested: bool = False  # a poster shown under its poster session
    hidden_children: int = 0  # posters folded away under this poster session


def build_rows(
    program: Program, items: Sequence[Item], zone: ZoneInfo, collapsed: set[str]
) -> list[Row]:
    """``items`` (in time order) under their day and session headings; posters follow their
    poster session, unless it is collapsed."""
    return RowBuilder(program, zone).rows(items, collapsed)


class RowBuilder:
    """``build_rows`` for one program in one zone, again and again (at every keystroke of a
    search): the rows of items and the session headings are made once and reused."""

    def __init__(self, program: Program, zone: ZoneInfo) -> None:
        self.program = program
        self.zone = zone
        self._plain: dict[str, Row] = {}  # by item id
        self._nested: dict[str, Row] = {}
        self._sessions: dict[str, Row | None] = {}  # by session id: its heading, if it has one
        self._parents = any(item.parent for item in program.items)

    def rows(self, items: Sequence[Item], collapsed: set[str]) -> list[Row]:
        """The rows of ``items``, as ``build_rows`` makes them."""
        children = self._children(items) if self._parents else {}
        rows: list[Row] = []
        append = rows.append
        day = None
        session: str | None = None
        # Items come in time order, so the local date can only change near the next midnight:
        # convert to the zone only from a little before it (DST may move midnight by an hour).
        check_from = None
        for item in items:
            if item.parent is not None and item.parent in children:
                continue  # placed under its parent
            starts = item.starts
            if check_from is None or starts >= check_from:
                local = starts.astimezone(self.zone)
                if local.date() != day:
                    day = local.date()
                    session = None
                    append(Row("day", f"{local:%A %d %B %Y}"))
                    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
                    # In the items' own zone (UTC): comparing within one tzinfo skips the offsets.
                    check_from = (midnight - timedelta(hours=3)).astimezone(starts.tzinfo)
            if item.session != session:
                session = item.session
                heading = self._session_heading(session) if session else None
                if heading is not None:
                    append(heading)
            kids = children.get(item.id)
            if kids is None:
                append(self._row(item))
            elif item.id in collapsed:
                append(Row("item", "", item, False, len(kids)))
            else:
                append(self._row(item))
                rows.extend([self._nested_row(child) for child in kids])
        return rows

    def _children(self, items: Sequence[Item]) -> dict[str, list[Item]]:
        """The items under each shown parent (only those with a child shown)."""
        shown = {item.id for item in items}
        children: dict[str, list[Item]] = {}
        for item in items:
            if item.parent is not None and item.parent in shown:
                children.setdefault(item.parent, []).append(item)
        return children

    def _row(self, item: Item) -> Row:
        row = self._plain.get(item.id)
        if row is None:
            row = self._plain[item.id] = Row("item", "", item)
        return row

    def _nested_row(self, item: Item) -> Row:
        row = self._nested.get(item.id)
        if row is None:
            row = self._nested[item.id] = Row("item", "", item, True)
        return row

    def _session_heading(self, session: str) -> Row | None:
        if session not in self._sessions:
            found = self.program.sessions_by_id.get(session)
            self._sessions[session] = (
                Row("session", printable(found.title, single_line=True)) if found else None
            )
        return self._sessions[session]


@dataclass(frozen=True)
class RowLook:
    """What, besides the item, decides how its row looks."""

    star: Star | None
    conflicts: int
    friends: tuple[str, ...] | None = None  # initials of friends who starred it; None: no friends


def item_text(row: Row, zone: ZoneInfo, look: RowLook, styles: dict[str, str]) -> Text:
    """One line: star, conflict mark, time (in ``zone``, named), kind icon, title, people."""
    item = row.item
    assert item is not None
    start, end = item.starts.astimezone(zone), item.ends.astimezone(zone)
    next_day = "+1" if end.date() > start.date() else "  "
    text = Text(no_wrap=True, overflow="ellipsis")
    priority = look.star.priority if look.star else None
    text.append(STAR_MARKS[priority], styles.get(f"star-{priority.value}" if priority else "", ""))
    text.append("!" if look.conflicts else " ", styles["conflict"])
    if look.friends is not None:
        marks = look.friends[0] + ("+" if len(look.friends) > 1 else " ") if look.friends else ""
        text.append(f"{marks:<3}", styles["friend"])
    if row.nested:
        text.append("      └ ", styles["dim"])
        text.append(f"{KIND_ICONS[item.kind]} ", styles["dim"])
    else:
        text.append(f" {start:%H:%M}–{end:%H:%M}{next_day} {zone_label(start):<5} ", styles["time"])
        text.append(f"{KIND_ICONS[item.kind]} ")
    text.append(printable(item.title, single_line=True))
    people = people_line(item, limit=2)
    if people:
        text.append(f"  {printable(people, single_line=True)}", styles["dim"])
    if row.hidden_children:
        text.append(f"  [+{row.hidden_children} posters]", styles["dim"])
    return text
