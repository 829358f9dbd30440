"""Every key of the planner, in one table: the bindings, the footer, the command palette and the
help screen are all made from it, so a key is named once and its wording cannot drift."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from textual.binding import Binding, BindingType

# Where a key acts: on every screen (bound on the App), on the program, in My itinerary or in
# the day view, or in Now and next.
Where = Literal["app", "program", "itinerary", "day", "now"]


@dataclass(frozen=True)
class Action:
    keys: str  # Textual's key names, comma-separated ("escape,i")
    action: str = ""  # the action run (`action_<name>`); "" for a key a widget or Textual binds
    label: str = ""  # in the footer
    description: str = ""  # the footer's tooltip, and the palette's line under the title
    palette: str = ""  # the palette's title; "" for a key not in the palette
    help: str = ""  # the help's line; "" for a key the help does not list on its own
    footer: int | None = None  # place in the footer; None: not shown there
    where: Where = "program"
    help_keys: str = ""  # the keys as the help writes them, when not as bound


# Keys that act alike on the program and in My itinerary.
_MUST_MAYBE = Action(
    "m",
    "cycle_priority",
    "Must/maybe",
    "Change how much the highlighted star matters",
    "Must / maybe",
    "must ↔ maybe (an unstarred item is starred as maybe)",
    footer=9,
)
_NOTE = Action(
    "n",
    "edit_note",
    "Note",
    "Edit the note kept with the highlighted star",
    "Edit note",
    "edit the note kept with the star",
    footer=10,
)

# In the help's order. The footer has its own (`footer`): what a newcomer needs first, so an
# 80-column footer shows it all up to quitting; the rest is in the help (?) and the palette.
ACTIONS: tuple[Action, ...] = (
    Action("up,down", help="move through the program", help_keys="↑ ↓ PgUp PgDn Home End"),
    Action(
        "slash",
        "search",
        "Search",
        "Search as you type: every word begins a word of the item",
        "Search",
        "search as you type: each word you type begins a word of the title, people, abstract, "
        "room, track or your note",
        footer=1,
    ),
    Action("escape", "clear_search", "Clear search", "Clear the search", help="clear the search"),
    Action(
        "space",
        "toggle_star",
        "Star",
        "Star or unstar the highlighted item",
        "Star / unstar",
        "star or unstar the highlighted item",
        footer=2,
    ),
    _MUST_MAYBE,
    Action(
        "u",
        "undo",
        "Undo",
        "Undo the last change made here",
        "Undo",
        "undo the last change (a star, an unstar, a priority, a note, a zone), again and again",
        footer=8,
    ),
    _NOTE,
    Action("enter", help="fold or unfold the posters of a poster session"),
    Action(
        "o",
        "open_link",
        "Open link",
        "Open the highlighted item's page in the web browser",
        "Open link",
        "open the item's page (its URL in the program) in the web browser",
    ),
    Action(
        "f",
        "filter_kinds",
        "Kinds",
        "Choose which kinds of item to show",
        "Filter kinds",
        "choose which kinds of item to show",
        footer=12,
    ),
    Action(
        "r",
        "filter_scope",
        "Rooms/days",
        "Choose which rooms, tracks and days to show, and show hidden ones again",
        "Filter rooms, tracks, days",
        "choose which rooms, tracks and days to show, and show hidden ones again (kept for "
        "the program's next run)",
    ),
    Action(
        "h",
        "hide_room",
        "Hide room",
        "Hide the highlighted item's room",
        "Hide this room",
        "hide the highlighted item's room (r shows it again)",
    ),
    Action(
        "H",
        "hide_track",
        "Hide track",
        "Hide the highlighted item's track",
        "Hide this track",
        "hide the highlighted item's track (r shows it again)",
    ),
    Action(
        "right_square_bracket",
        "next_day",
        "Next day",
        "To the first item of the next day",
        "Next day",
        "to the first item of the next / previous day",
        help_keys="] / [",
    ),
    Action(
        "left_square_bracket",
        "previous_day",
        "Previous day",
        "To the first item of the previous day",
        "Previous day",
    ),
    Action(
        "d",
        "this_day",
        "This day",
        "Only the highlighted item's day, or every day again",
        "This day only",
        "the highlighted item's day only, or every day again",
    ),
    Action(
        "g",
        "pick_day",
        "Go to day",
        "Pick a day of the conference to go to",
        "Go to day…",
        "go to a day: the conference's days, with how many items each has",
    ),
    Action(
        "s",
        "starred_only",
        "Starred",
        "Show only starred items, or everything",
        "Starred only",
        "starred items only, or everything",
        footer=11,
    ),
    Action(
        "F",
        "friends_picks",
        "Friends' picks",
        "Items a friend starred that you have not",
        "Friends' picks",
        "items a friend starred that you have not (friends from `itinerary import --overlay`)",
    ),
    Action(
        "i",
        "itinerary",
        "Itinerary",
        "Starred items by time, with their conflicts",
        "My itinerary",
        "my itinerary: starred items and their conflicts",
        footer=3,
    ),
    Action(
        "v",
        "day_view",
        "Day",
        "My stars of the highlighted item's day as a timeline, clashes side by side",
        "Day view",
        "the day view: my stars of the highlighted item's day as a timeline",
    ),
    Action(
        "t",
        "jump_to_now",
        "To now",
        "To the first item running now or about to start",
        "Jump to now",
        "to now: the first item running or about to start (while the conference is on)",
    ),
    Action(
        "w",
        "now_next",
        "Now/next",
        "What runs now in every room, and what starts next",
        "Now and next",
        "now and next: what runs now in every room, what starts within the hour",
    ),
    Action("tab", help="to the detail pane (scroll a long abstract with the arrows), and back"),
    Action("escape,i", "back", "Back", "Back to the whole program", footer=1, where="itinerary"),
    Action(
        "space",
        "unstar",
        "Unstar",
        "Unstar the highlighted item",
        help="unstar the highlighted item",
        footer=2,
        where="itinerary",
    ),
    Action("tab", help="to the conflicts, to pick one", where="itinerary"),
    replace(_MUST_MAYBE, footer=None, where="itinerary"),
    replace(_NOTE, footer=None, help=_NOTE.help + " (shown under the list)", where="itinerary"),
    Action("enter", help="go to the highlighted item in the program", where="itinerary"),
    Action(
        "1",
        "drop(0)",
        "Drop left",
        "Unstar the left item of the highlighted conflict",
        help="unstar the left / right item of the conflict",
        footer=3,
        where="itinerary",
        help_keys="1 / 2",
    ),
    Action(
        "2",
        "drop(1)",
        "Drop right",
        "Unstar the right item of the highlighted conflict",
        footer=4,
        where="itinerary",
    ),
    # In the help (u above), not the footer: at 80 columns it would push "? Help" off the line.
    Action("u", "undo", "Undo", "Undo the last change made here", where="itinerary"),
    Action(
        "escape,v",
        "back",
        "Back",
        "Back to the program",
        help="back to the program",
        footer=1,
        where="day",
    ),
    Action(
        "down",
        "next_block",
        help="the next / previous item (in the grid: in the same room)",
        where="day",
        help_keys="↓ / ↑",
    ),
    Action("up", "previous_block", where="day"),
    Action(
        "right,right_square_bracket",
        "next_day",
        "Next day",
        "The next day",
        "Day view: next day",
        "the next / previous day (] and [ too)",
        footer=4,
        where="day",
        help_keys="→ / ←",
    ),
    Action(
        "left,left_square_bracket",
        "previous_day",
        "Prev day",
        "The previous day",
        "Day view: previous day",
        footer=6,
        where="day",
    ),
    Action(
        "g",
        "toggle_grid",
        "Rooms",
        "Every room's items of the day side by side (rooms × time), or my day",
        "Day view: every room / my day",
        "every room's items of the day, rooms × time (a program with rooms), or my day again",
        footer=5,
        where="day",
    ),
    Action(
        "tab",
        "next_room",
        help="in the rooms: the next / previous room",
        where="day",
        help_keys="tab / shift+tab",
    ),
    Action("shift+tab", "previous_room", where="day"),
    Action(
        "space",
        "toggle_star",
        "Star",
        "Star or unstar the highlighted item",
        help="star or unstar the highlighted item",
        footer=2,
        where="day",
    ),
    Action(
        "enter",
        "open_item",
        "Go to",
        "Go to the highlighted item in the program, its detail beside it",
        help="go to the highlighted item in the program",
        footer=3,
        where="day",
    ),
    Action(
        "escape,w",
        "back",
        "Back",
        "Back to the whole program",
        help="back to the program",
        footer=1,
        where="now",
    ),
    Action("enter", help="go to the highlighted item in the program", where="now"),
    Action(
        "a",
        "as_if",
        "As if…",
        "Show another moment: a time on a conference day",
        "As if it were…",
        "as if it were another time, on a day of the conference",
        footer=2,
        where="now",
    ),
    Action(
        "t",
        "real_now",
        "Now",
        "Back to the time now",
        "Back to now",
        "back to the time now",
        footer=3,
        where="now",
    ),
    Action(
        "z",
        "pick_zone",
        "Zone",
        "Choose the time zone to show times in",
        "Time zone",
        "choose the time zone to show times in",
        footer=4,
    ),
    Action(
        "e",
        "export",
        "Export",
        "Write the itinerary as an iCalendar file",
        "Export",
        "export to a calendar file (.ics)",
        footer=5,
    ),
    Action(
        "c",
        "show_changes",
        "Changes",
        "What changed in the program since you last looked (closing marks it seen)",
        "Changes since last seen",
        "what changed in a program you follow since you last looked (Δ marks those rows)",
        where="app",
    ),
    Action(
        "p",
        "switch_program",
        "Programs",
        "Switch to another program you follow",
        "Switch program",
        "switch to another program (`itinerary add URL` adds one)",
        where="app",
    ),
    Action("ctrl+p", help="command palette"),
    Action(
        "question_mark",
        "help",
        "Help",
        "What each key does, in one list",
        "Help: every key",
        "this help",
        footer=6,
        where="app",
    ),
    # Textual's palette has its own Quit: not a second one.
    Action("q", "quit", "Quit", "Quit the planner", help="quit", footer=7, where="app"),
)

_WHERE_SAID = {"itinerary": " (in my itinerary)", "day": " (day view)", "now": " (in now/next)"}
_KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "Escape", "enter": "Enter"}


def _binding(entry: Action, prefix: str = "") -> Binding:
    return Binding(
        entry.keys,
        prefix + entry.action,
        entry.label,
        show=entry.footer is not None,
        tooltip=entry.description,
    )


def bindings(where: Where) -> list[BindingType]:
    """The bindings of the App (``"app"``) or of a screen, in the footer's order. A screen binds
    the App's keys too (``app.help``), so that its footer shows them in their place among its
    own; the App's own bindings are what is left on screens without a table (loading)."""
    entries = [
        entry
        for entry in ACTIONS
        if entry.action and (entry.where == where or (entry.where == "app"))
    ]
    entries.sort(key=lambda entry: entry.footer if entry.footer is not None else 1000)
    return [
        _binding(entry, "app." if entry.where == "app" and where != "app" else "")
        for entry in entries
    ]


def help_lines() -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen, in the table's order."""
    lines = []
    for entry in ACTIONS:
        if not entry.help:
            continue
        keys = entry.help_keys or " / ".join(
            _KEY_NAMES.get(key, key) for key in entry.keys.split(",")
        )
        keys += _WHERE_SAID.get(entry.where, "")
        lines.append((keys, entry.help))
    return lines


def palette_entries(where: Where) -> list[Action]:
    """What the command palette offers on a screen: its actions and the App's, in table order."""
    return [entry for entry in ACTIONS if entry.palette and entry.where in (where, "app")]
