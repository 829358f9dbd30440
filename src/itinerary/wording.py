"""The words both faces use for the same things: counts, people, stars, clashes, offsets.

The command line and the planner say these alike, so each is written here once. Text from
the program is returned as it is: making it safe to show is the face's last step
(``display.printable`` on the command line, ``rich.text.Text`` in the planner).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from itinerary.selection import Priority
from itinerary.timezones import format_moment

if TYPE_CHECKING:  # (the clashes need not be imported to list the program's marks)
    from itinerary.conflicts import Conflict
    from itinerary.model import Item, Person, Program

# How a star is marked wherever items are listed (the command and the planner alike).
STAR_MARKS = {None: " ", Priority.MUST: "★", Priority.MAYBE: "☆"}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 conflict``, ``3 conflicts``, ``2 people`` (with ``plural``)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def person_label(person: Person) -> str:
    """``Ada Lovelace (Analytical Engines)``, or the name alone."""
    return f"{person.name} ({person.affiliation})" if person.affiliation else person.name


def star_label(priority: Priority) -> str:
    """``★ must``, ``☆ maybe``."""
    return f"{STAR_MARKS[priority]} {priority.value}"


def group_title(program: Program, item: Item) -> str | None:
    """The title of the session (or poster session) ``item`` belongs to, if any."""
    group = program.group_of(item)
    if not group:
        return None
    parent = program.sessions_by_id.get(group) or program.by_id.get(group)
    return parent.title if parent else None


def utc_offset(moment: datetime) -> str:
    """``UTC+05:45``: the offset at ``moment``, always with minutes."""
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:5]}"


# A clash is said two ways: as a heading over the two items ("overlap of 10 min"), and as how
# one item stands to the other ("overlaps by 10 min"). A travel warning is a gap between rooms.


def clash_heading(conflict: Conflict) -> str:
    """``overlap of 10 min``, ``travel: 3 min between rooms (A → B)``."""
    if conflict.kind == "overlap":
        return f"overlap of {conflict.minutes} min"
    rooms = f"{conflict.first.room} → {conflict.second.room}"
    return f"travel: {conflict.minutes} min between rooms ({rooms})"


def clash_relation(conflict: Conflict) -> str:
    """``overlaps by 10 min``, ``only 3 min to change rooms to or from``: followed by the other
    item's title."""
    if conflict.kind == "overlap":
        return f"overlaps by {conflict.minutes} min"
    return f"only {conflict.minutes} min to change rooms to or from"


def conference_time(status: str, first_start: datetime, last_end: datetime, zone: ZoneInfo) -> str:
    """Where a moment falls against the conference, when it is not during it: the same words
    for ``itinerary now`` and the planner's Now and next."""
    runs = f"{format_moment(first_start, zone)} to {format_moment(last_end, zone)}"
    if status == "before":
        return f"The conference has not begun: it runs from {runs}."
    return f"The conference is over: it ran from {runs}."


# Now and next (``itinerary now`` and the planner's screen): the headings and how long.
NOTHING_ON = "Nothing is on right now."
NEXT_HEADING = "Next (within the hour, and the next in every room)"


def now_heading(count: int) -> str:
    """``Now (2 items)``."""
    return f"Now ({counted(count, 'item')})"


def minutes_left(minutes: int) -> str:
    """``45 min left``, ``3 h left``: of an item running now."""
    return f"{minutes} min left" if minutes < 120 else f"{minutes / 60:.0f} h left"


def starts_in(minutes: int) -> str:
    """``in 45 min``, ``in 3 h``, ``in 2 days``: until an item starts."""
    if minutes < 120:
        return f"in {minutes} min"
    hours = minutes / 60
    return f"in {hours:.0f} h" if hours < 48 else f"in {hours / 24:.0f} days"


def other_days_than(at: datetime, items: Iterable[Item], zone: ZoneInfo) -> date | None:
    """The day of ``at`` in ``zone`` when some of ``items`` start on another day: the lists of
    Now and next then give each line a day (``day_cell``), as a line's times are only clocks
    (``16:40–17:10 CET … (in 41 h)`` would read as today). None when all start on it."""
    today = at.astimezone(zone).date()
    others = any(item.starts.astimezone(zone).date() != today for item in items)
    return today if others else None


def day_cell(start: datetime, today: date | None) -> str:
    """``Tue `` before the times of an item starting (``start``, in the zone shown) on another
    day than ``today``, as many spaces on it, nothing when ``today`` is None."""
    if today is None:
        return ""
    return f"{start:%a} " if start.date() != today else "    "


def duration_words(minutes: float) -> str:
    """``45 min``, ``2 h``, ``1 h 05 min``: a length of time, as the agenda and the day view say
    a gap."""
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
