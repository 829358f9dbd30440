"""The one table of keys: every entry runs an action that exists, and nothing is said twice."""

from __future__ import annotations

from collections import Counter

from itinerary.tui.actions import ACTIONS
from itinerary.tui.app import PlannerApp
from itinerary.tui.bindings import bindings, help_lines, palette_entries
from itinerary.tui.screens.day_view import DayViewScreen
from itinerary.tui.screens.itinerary import ItineraryScreen
from itinerary.tui.screens.now_next import NowNextScreen
from itinerary.tui.screens.program import ProgramScreen

OWNERS = {
    "app": PlannerApp,
    "program": ProgramScreen,
    "itinerary": ItineraryScreen,
    "day": DayViewScreen,
    "now": NowNextScreen,
}


def test_every_action_in_the_table_exists_where_it_is_bound():
    for entry in ACTIONS:
        if entry.action:
            name = entry.action.split("(")[0]
            assert hasattr(OWNERS[entry.where], f"action_{name}"), entry


def test_each_screen_binds_each_key_once_and_the_screens_use_the_table():
    for where in ("app", "program", "itinerary", "day", "now"):
        keys = Counter(key for binding in bindings(where) for key in binding.key.split(","))
        assert max(keys.values()) == 1, where
    assert bindings("program") == ProgramScreen.BINDINGS
    assert bindings("itinerary") == ItineraryScreen.BINDINGS
    assert bindings("day") == DayViewScreen.BINDINGS
    assert bindings("now") == NowNextScreen.BINDINGS


def test_the_palette_lists_each_action_once_with_a_description():
    for where in ("program", "itinerary", "day", "now"):
        titles = [entry.palette for entry in palette_entries(where)]
        assert len(titles) == len(set(titles))
        assert all(entry.description for entry in palette_entries(where))
    assert "Quit" not in {entry.palette for entry in ACTIONS}  # Textual's palette has it


def test_every_key_of_the_program_footer_is_in_the_help():
    for entry in ACTIONS:
        if entry.footer is not None and entry.where in ("app", "program"):
            assert entry.help, entry
    assert len(help_lines()) == len(set(help_lines()))
