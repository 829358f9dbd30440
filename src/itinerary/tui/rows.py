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
from itinerary.vocabulary import Priority
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


CHANGED_MARK = "Δ"  # on an item changed since the person last looked (c shows how)


def marks_explained() -> list[tuple[str, str]]:
    """(mark, what it means) for the help: the marks a row can carry, then every kind's icon."""
    marks = [
        (f"{STAR_MARKS[Priority.MUST]} / {STAR_MARKS[Priority.MAYBE]}", "starred: must / maybe"),
        ("!", "clashes with another of your stars"),
        ("AL  AL+", "a friend starred it: their initials, + when more than one did"),
        (CHANGED_MARK, "changed in the program since you last looked (c shows how)"),
    ]
    return marks + [(icon, kind.value) for kind, icon in KIND_ICONS.items()]


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
    shown = {item.id for item in items}
    children: dict[str, list[Item]] = {}
    for item in items:
        if item.parent and item.parent in shown:
            children.setdefault(item.parent, []).append(item)
    rows: list[Row] = []
    day = None
    session = None
    # Items come in time order, so the local date can only change near the next midnight:
    # convert to the zone only from a little before it (DST may move midnight by an hour).
    check_from = None
    for item in items:
        if item.parent and item.parent in shown:
            continue  # placed under its parent
        if check_from is None or item.starts >= check_from:
            local = item.starts.astimezone(zone)
            if local.date() != day:
                day = local.date()
                session = None
                rows.append(Row("day", f"{local:%A %d %B %Y}"))
                midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
                # In the items' own zone (UTC): comparing within one tzinfo skips the offsets.
                check_from = (midnight - timedelta(hours=3)).astimezone(item.starts.tzinfo)
        if item.session != session:
            session = item.session
            if session and session in program.sessions_by_id:
                title = program.sessions_by_id[session].title
                rows.append(Row("session", printable(title, single_line=True)))
        kids = children.get(item.id)
        if kids is None:
            rows.append(Row("item", "", item))
        elif item.id in collapsed:
            rows.append(Row("item", "", item, False, len(kids)))
        else:
            rows.append(Row("item", "", item))
            rows.extend(Row("item", "", child, True) for child in kids)
    return rows


@dataclass(frozen=True)
class RowLook:
    """What, besides the item, decides how its row looks."""

    star: Star | None
    conflicts: int
    friends: tuple[str, ...] | None = None  # initials of friends who starred it; None: no friends
    changed: bool = False  # changed in the program since the person last looked


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
        text.append(f"{KIND_ICONS[item.kind]} ")
    text.append(printable(item.title, single_line=True))
    people = people_line(item, limit=2)
    if people:
        text.append(f"  {printable(people, single_line=True)}", styles["dim"])
    if row.hidden_children:
        text.append(f"  [+{row.hidden_children} posters]", styles["dim"])
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
        "friend": variables.get("text-accent", variables.get("accent", "cyan")),
        "changed": f"bold {variables.get('text-accent', variables.get('accent', 'cyan'))}",
    }
