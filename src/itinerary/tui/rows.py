"""The program as screen rows: day headings, session headings, items, posters under their
poster session. Pure data: rendering a row to text happens only for the rows on screen."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from operator import attrgetter
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from rich.text import Text

from itinerary.display import people_line, printable
from itinerary.model import Item, Kind, Program
from itinerary.program import collector_paused
from itinerary.selection import Star
from itinerary.timezones import zone_label
from itinerary.vocabulary import Priority
from itinerary.wording import STAR_MARKS

_item_id = attrgetter("id")

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


CHANGED_MARK = "Δ"  # on an item changed since the person last looked (c shows how)


def marks_explained() -> list[tuple[str, str]]:
    """(mark, what it means) for the help: the marks a row can carry, then every kind's icon."""
    marks = [
        (f"{STAR_MARKS[Priority.MUST]} / {STAR_MARKS[Priority.MAYBE]}", "starred: must / maybe"),
        ("!", "clashes with another of your stars"),
        ("AL  AL+", "a friend starred it: their initials, + when more than one did"),
        (CHANGED_MARK, "changed in the program since you last looked (c shows how)"),
        ("dimmed", "over already (while the conference is on)"),
        ("── now", "the time now: above it what has begun, below it what is to come"),
    ]
    return marks + [(icon, kind.value) for kind, icon in KIND_ICONS.items()]


class Row(NamedTuple):
    """One screen line. A tuple: a big program makes tens of thousands at every keystroke."""

    kind: Literal["day", "session", "item", "now"]  # now: the line of the time now
    title: str = ""
    item: Item | None = None
    nested: bool = False  # a poster shown under its poster session
    hidden_children: int = 0  # posters folded away under this poster session


# Tens of thousands of rows, all kept: the collector would walk them again and again as they
# are made (a third of the time at 100,000 items).
@collector_paused(freeze=False)
def build_rows(
    program: Program, items: Sequence[Item], zone: ZoneInfo, collapsed: set[str]
) -> list[Row]:
    """``items`` (in time order) under their day and session headings; posters follow their
    poster session, unless it is collapsed."""
    # Every pass over 100,000 items costs tens of milliseconds, however little it does with
    # each: the loops below touch each item as few times as they can.
    children: dict[str, list[Item]] = {}
    with_parent = [item for item in items if item.parent is not None]
    if with_parent:
        # All of the program's items are all of them shown: no set of them needed.
        everything = len(items) == len(program.items)
        shown = () if everything else {item.id for item in items}
        for item in with_parent:
            if everything or item.parent in shown:
                children.setdefault(item.parent, []).append(item)  # type: ignore[arg-type]
    placed_under = {id(child) for kids in children.values() for child in kids}
    rows: list[Row] = []
    add = rows.append
    item_row = _item_row
    sessions = program.sessions_by_id
    day = None
    session = None
    # Items come in time order, so the local date can only change near the next midnight:
    # convert to the zone only from a little before it (DST may move midnight by an hour).
    check_from = None
    for item in items:
        if placed_under and id(item) in placed_under:
            continue  # placed under its parent
        starts = item.starts
        if check_from is None or starts >= check_from:
            local = starts.astimezone(zone)
            if local.date() != day:
                day = local.date()
                session = None
                add(Row("day", f"{local:%A %d %B %Y}"))
                midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
                # In the items' own zone (UTC): comparing within one tzinfo skips the offsets.
                check_from = (midnight - timedelta(hours=3)).astimezone(starts.tzinfo)
        if item.session != session:
            session = item.session
            if session and session in sessions:
                add(Row("session", printable(sessions[session].title, single_line=True)))
        kids = children.get(item.id) if children else None
        if kids is None:
            add(item_row(Row, ("item", "", item, False, 0)))
        elif item.id in collapsed:
            add(Row("item", "", item, False, len(kids)))
        else:
            add(item_row(Row, ("item", "", item, False, 0)))
            rows.extend(Row("item", "", child, True) for child in kids)
    return rows


def first_row_from(rows: Sequence[Row], moment: datetime, *, after: bool = False) -> int:
    """The index of the first row at or after which every item starts at or after ``moment``
    (after it, with ``after``): a heading goes with the item under it. By halves: the rows are
    in time order."""
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        index = middle
        while index < len(rows) and rows[index].item is None:
            index += 1
        item = rows[index].item if index < len(rows) else None
        if item is None or item.starts > moment or (not after and item.starts == moment):
            high = middle
        else:
            low = middle + 1
    return low


def row_of(rows: Sequence[Row], wanted: Item | str | None) -> int | None:
    """The index of the row of the item ``wanted`` (or of the id), None when it has none. An
    item is looked for by halves among the rows at its start, and then, if it is not there
    (a poster with times of its own, under its poster session), along every row."""
    if wanted is None:
        return None
    if not isinstance(wanted, str):
        starts = wanted.starts
        for index in range(first_row_from(rows, starts), len(rows)):
            item = rows[index].item
            if item is None:
                continue
            if item.starts != starts:
                break
            if item is wanted or item.id == wanted.id:
                return index
        wanted = wanted.id
    return next((i for i, row in enumerate(rows) if row.item and row.item.id == wanted), None)


# A Row made without the call to its __new__ (which only passes its fields on to this):
# a tenth of the rows' time, at one row an item.
_item_row = tuple.__new__


class RowBuilder:
    """``build_rows`` for one program in one zone, again and again (at every keystroke of a
    search), in time proportional to the runs of items under one heading rather than to the
    items: each item's row, day and session are worked out once, and a run of items under the
    same headings is added to the rows in one step. The items must be the program's."""

    @collector_paused(freeze=False)
    def __init__(self, program: Program, zone: ZoneInfo) -> None:
        self.program = program
        self.zone = zone
        order = program.in_time_order
        self._position = {item.id: position for position, item in enumerate(order)}
        # By the item objects themselves (the program's, alive as long as it is): quicker.
        self._position_of_object = {id(item): position for position, item in enumerate(order)}
        self._rows = [Row("item", "", item) for item in order]
        self._nested: dict[int, Row] = {}  # by position, made when first shown
        self._parent = [self._position[item.parent] if item.parent else -1 for item in order]
        self._is_child = [parent >= 0 for parent in self._parent]
        self._has_children = any(self._is_child)
        # A run: one day, one session, and a poster session alone (its posters follow it).
        self._run_of: list[int] = []
        self._runs: list[tuple[int, str | None, int]] = []  # (day, session, parent position)
        self._days: list[Row] = []  # the heading of each day
        self._sessions: dict[str, Row | None] = {}
        self._place(order)

    def _place(self, order: Sequence[Item]) -> None:
        """Each item's run, with its local day found as ``build_rows`` finds it."""
        parents = {parent for parent in self._parent if parent >= 0}
        runs: dict[tuple[int, str | None, int], int] = {}
        day = None
        check_from = None
        for position, item in enumerate(order):
            starts = item.starts
            if check_from is None or starts >= check_from:
                local = starts.astimezone(self.zone)
                if local.date() != day:
                    day = local.date()
                    self._days.append(Row("day", f"{local:%A %d %B %Y}"))
                    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
                    check_from = (midnight - timedelta(hours=3)).astimezone(starts.tzinfo)
            key = (len(self._days) - 1, item.session, position if position in parents else -1)
            self._run_of.append(runs.setdefault(key, len(runs)))
        self._runs = list(runs)

    def rows(self, items: Sequence[Item], collapsed: set[str]) -> list[Row]:
        """The rows of ``items`` (in time order), as ``build_rows`` makes them."""
        try:
            positions = list(map(self._position_of_object.__getitem__, map(id, items)))
        except KeyError:  # equal items, other objects
            positions = list(map(self._position.__getitem__, map(_item_id, items)))
        under = self._children(positions) if self._has_children else {}
        placed: Iterable[int] = positions
        if under:
            nested = {child for children in under.values() for child in children}
            placed = itertools.filterfalse(nested.__contains__, positions)
        rows: list[Row] = []
        day, session = -1, None
        for run, members in itertools.groupby(placed, self._run_of.__getitem__):
            run_day, run_session, parent = self._runs[run]
            if run_day != day:
                day, session = run_day, None
                rows.append(self._days[run_day])
            if run_session != session:
                session = run_session
                heading = self._session_heading(session) if session else None
                if heading is not None:
                    rows.append(heading)
            if parent < 0:
                rows.extend(map(self._rows.__getitem__, members))
            else:
                self._add_parent(rows, parent, under.get(parent), collapsed)
        return rows

    def _children(self, positions: list[int]) -> dict[int, list[int]]:
        """The positions shown under each shown parent (only those with a child shown)."""
        shown = set(positions)
        under: dict[int, list[int]] = {}
        for child in filter(self._is_child.__getitem__, positions):
            parent = self._parent[child]
            if parent in shown:
                under.setdefault(parent, []).append(child)
        return under

    def _add_parent(
        self, rows: list[Row], parent: int, children: list[int] | None, collapsed: set[str]
    ) -> None:
        item = self.program.in_time_order[parent]
        if children is None:
            rows.append(self._rows[parent])
        elif item.id in collapsed:
            rows.append(Row("item", "", item, False, len(children)))
        else:
            rows.append(self._rows[parent])
            rows.extend([self._nested_row(child) for child in children])

    def _nested_row(self, position: int) -> Row:
        row = self._nested.get(position)
        if row is None:
            item = self.program.in_time_order[position]
            row = self._nested[position] = Row("item", "", item, True)
        return row

    def _session_heading(self, session: str) -> Row | None:
        if session not in self._sessions:
            found = self.program.sessions_by_id.get(session)
            self._sessions[session] = (
                Row("session", printable(found.title, single_line=True)) if found else None
            )
        return self._sessions[session]


# Draws an item's row for a list this many columns wide.
RenderItem = Callable[[Row, int], Text]

ROOM_AT_MOST = 24  # columns for the room, on a wide terminal
ROOM_AT_LEAST = 5  # narrower than this, the room gives way to the title


def room_width(longest: int, width: int) -> int:
    """The room column's width for a list ``width`` columns wide, when the longest room name is
    ``longest`` (0: the program has no rooms): a quarter of what the marks and the time leave,
    none on a narrow terminal."""
    if not longest:
        return 0
    wanted = min(longest, ROOM_AT_MOST, (width - 40) // 4)
    # Rooms all named shorter than that (Main, Side) are shown whole.
    return wanted if wanted >= min(ROOM_AT_LEAST, longest) else 0


def room_cell(room: str | None, width: int) -> str:
    """``room`` in a column ``width`` wide (and a space after it), cut with … when longer."""
    name = printable(room or "", single_line=True)
    if len(name) > width:
        name = name[: width - 1] + "…"
    return f"{name:<{width}} "


@dataclass(frozen=True)
class RowLook:
    """What, besides the item, decides how its row looks."""

    star: Star | None
    conflicts: int
    friends: tuple[str, ...] | None = None  # initials of friends who starred it; None: no friends
    changed: bool = False  # changed in the program since the person last looked
    room_width: int = 0  # the room column's width; 0: none
    ended: bool = False  # over already, while the conference is on: dimmed


def item_text(row: Row, zone: ZoneInfo, look: RowLook, styles: dict[str, str]) -> Text:
    """One line: star, conflict mark, time (in ``zone``, named), room (when ``look`` gives it a
    column), kind icon, title, people."""
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
    # Unchanged rows are drawn as they always were; a changed one has its mark in the space.
    lead = " "
    if look.changed:
        text.append(CHANGED_MARK, styles.get("changed", ""))
        lead = ""
    if row.nested:
        text.append(f"{lead}     └ ", styles["dim"])
        text.append(f"{KIND_ICONS[item.kind]} ", styles["dim"])
    else:
        text.append(
            f"{lead}{start:%H:%M}–{end:%H:%M}{next_day} {zone_label(start):<5} ", styles["time"]
        )
        if look.room_width:
            text.append(room_cell(item.room, look.room_width), styles.get("room", ""))
        text.append(f"{KIND_ICONS[item.kind]} ")
    text.append(printable(item.title, single_line=True))
    people = people_line(item, limit=2)
    if people:
        text.append(f"  {printable(people, single_line=True)}", styles["dim"])
    if row.hidden_children:
        text.append(f"  [+{row.hidden_children} posters]", styles["dim"])
    if look.ended:
        text.stylize(styles["dim"])
    return text


def row_styles(variables: dict[str, str]) -> dict[str, str]:
    """The marks' styles in a theme's colours. Textual's ``text-…`` colours are the ones made to
    be read on its background: ``warning`` and ``accent`` themselves are fills, and on
    ``textual-light`` a star in them has a contrast of 1.5:1 (``text-warning``: 3.3:1)."""
    return {
        "star-must": f"bold {variables.get('text-warning', variables.get('warning', 'yellow'))}",
        "star-maybe": variables.get("text-warning", variables.get("warning", "yellow")),
        "conflict": f"bold {variables.get('text-error', variables.get('error', 'red'))}",
        "time": variables.get("text-secondary", variables.get("secondary", "")),
        "dim": "dim",
        "room": variables.get("text-primary", variables.get("primary", "")),
        "friend": variables.get("text-accent", variables.get("accent", "cyan")),
        "changed": f"bold {variables.get('text-accent', variables.get('accent', 'cyan'))}",
    }
