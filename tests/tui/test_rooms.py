"""Rooms, tracks and days in the planner: the room on every row, filters by room, track and
day (the core's Scope, as the CLI's --room/--track/--day), and moving from day to day."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import yaml
from textual.widgets import SelectionList

from itinerary.model import Program
from itinerary.paths import scope_file
from itinerary.scope import Scope, scope_named
from itinerary.session import Session
from itinerary.tui.bindings import help_lines, palette_entries
from itinerary.tui.rows import room_cell, room_width
from itinerary.tui.screens.itinerary import ItineraryScreen
from itinerary.tui.screens.scope_dialog import ScopeDialog
from itinerary.tui.widgets.program_view import ProgramView
from itinerary.validation import validate
from tests.tui.conftest import CLASHES

LONG_ROOM = "Saal Grace Hopper (the big one, upstairs)"


def rooms_conf() -> Program:
    """Clash Conf over two days, with tracks and a long room name."""
    items = [dict(item) for item in CLASHES["items"]]
    items[0]["track"] = "Science"
    items[1]["track"] = "Hacking"
    items[2]["room"] = LONG_ROOM
    items[2]["track"] = "Science"
    items.append(
        {"id": "day2", "kind": "talk", "title": "Second day talk", "room": "Hall A",
         "track": "Hacking",
         "start": "2026-05-05T10:00:00+02:00", "end": "2026-05-05T10:30:00+02:00"}
    )  # fmt: skip
    items.append(
        {"id": "day2b", "kind": "talk", "title": "Second day, later", "room": "Hall B",
         "start": "2026-05-05T11:00:00+02:00", "end": "2026-05-05T11:30:00+02:00"}
    )  # fmt: skip
    return validate(Program, {**CLASHES, "items": items})


def view(app) -> ProgramView:
    return app.screen.query_one(ProgramView)


def line(app, item_id: str, width: int = 0) -> str:
    (row,) = [row for row in view(app).rows if row.item and row.item.id == item_id]
    return app.screen.query_one(ProgramView)._render_item(row, width).plain


def drawn(app, item_id: str) -> str:
    """The row as the list draws it on screen."""
    list_view = view(app)
    (index,) = [i for i, row in enumerate(list_view.rows) if row.item and row.item.id == item_id]
    list_view.scroll_to(y=0, animate=False)
    return list_view.render_line(index).text


def test_the_room_column_gives_way_on_a_narrow_list_and_is_cut_with_an_ellipsis():
    assert room_width(0, 200) == 0  # no rooms in the program: no column
    assert room_width(6, 120) == 6
    assert room_width(40, 160) == 24
    assert room_width(40, 50) == 0
    assert room_width(4, 80) == 4  # rooms all named short (Main, Side): shown whole
    assert room_cell("Hall A", 8) == "Hall A   "
    assert room_cell(LONG_ROOM, 8) == "Saal Gr… "
    assert room_cell(None, 4) == "     "


async def test_rows_show_the_room_sized_to_the_terminal(make_app):
    app = make_app(rooms_conf(), "Europe/Berlin")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert "CEST  Hall A" in drawn(app, "keynote")
        assert "Saal Grace H" in drawn(app, "talk")
        assert "…" in drawn(app, "talk")  # the long room is cut, the title still there
        assert "Talk" in drawn(app, "talk").split("…", 1)[1]
    narrow = make_app(rooms_conf(), "Europe/Berlin")
    async with narrow.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        assert "Hall A" not in drawn(narrow, "keynote")
        assert "Keynote" in drawn(narrow, "keynote")


async def test_a_program_without_rooms_keeps_its_rows(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(160, 40)):
        assert line(app, "opening", 120).startswith("   08:55–09:00   HST   ◇ Welcome")


async def test_my_itinerary_shows_the_room(make_app):
    app = make_app(rooms_conf(), "Europe/Berlin")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("space")  # the keynote
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ItineraryScreen)
        assert "Hall A" in drawn(app, "keynote")


def shown_ids(app) -> list[str]:
    return [row.item.id for row in view(app).rows if row.item is not None]


def header(app) -> str:
    return str(app.screen.query_one("#header-title").render())


async def test_filter_by_room_track_and_day_in_a_dialog_as_the_command_does(make_app):
    program = rooms_conf()
    app = make_app(program, "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ScopeDialog)
        await pilot.press("space", "enter")  # the first room: Hall A
        await pilot.pause()
        cli = scope_named(program.in_time_order, ZoneInfo("Europe/Berlin"), rooms=["hall a"])
        assert shown_ids(app) == ["keynote", "day2"]
        assert shown_ids(app) == [
            i.id for i in program.in_time_order if cli.admits(i, ZoneInfo("Europe/Berlin"))
        ]
        assert "rooms: Hall A" in header(app)
        # The dialog again shows what is chosen; a track and a day are added to it.
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#rooms", SelectionList).selected == ["Hall A"]
        dialog.query_one("#tracks", SelectionList).select("Hacking")
        dialog.query_one("#days", SelectionList).select(date(2026, 5, 5))
        await pilot.press("enter")
        await pilot.pause()
        assert shown_ids(app) == ["day2"]
        assert "tracks: Hacking" in header(app) and "days: Tue 2026-05-05" in header(app)
        # Escape leaves the filters as they were.
        await pilot.press("r", "escape")
        await pilot.pause()
        assert shown_ids(app) == ["day2"]


async def test_hide_the_highlighted_items_room_and_track(make_app):
    """Only that room's (track's) items go: the posters, in no room and no track, stay."""
    app = make_app(rooms_conf(), "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        assert view(app).item.id == "keynote"
        await pilot.press("h")
        await pilot.pause()
        assert shown_ids(app) == ["workshop", "talk", "posters", "p1", "p2", "day2b"]
        assert app.screen.filters.scope == Scope(hidden_rooms=frozenset({"Hall A"}))
        assert "hidden room: Hall A" in header(app)
        assert view(app).item.id == "workshop"
        await pilot.press("H")  # its track, Hacking
        await pilot.pause()
        assert shown_ids(app) == ["talk", "posters", "p1", "p2", "day2b"]
        assert "hidden room: Hall A · hidden track: Hacking" in header(app)
        await pilot.press("down", "h")  # a poster session in no room: nothing to hide
        await pilot.pause()
        assert view(app).item.id == "posters" and len(shown_ids(app)) == 5


async def test_the_scope_dialog_shows_what_is_hidden_to_show_it_again(make_app):
    app = make_app(rooms_conf(), "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "H")  # Hall A, then the workshop's Hacking
        await pilot.press("r")
        await pilot.pause()
        hidden = app.screen.query_one("#hidden", SelectionList)
        assert hidden.selected == [("room", "Hall A"), ("track", "Hacking")]
        assert "Hall A (room)" in str(hidden.get_option_at_index(0).prompt)
        hidden.deselect(("room", "Hall A"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.filters.scope == Scope(hidden_tracks=frozenset({"Hacking"}))
        assert "keynote" in shown_ids(app) and "day2" not in shown_ids(app)
        assert "Hall A" not in header(app)
        # Choosing a hidden track in its list shows it again too.
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#tracks", SelectionList).select("Hacking")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.filters.scope == Scope(tracks=frozenset({"Hacking"}))
        assert shown_ids(app) == ["workshop", "day2"]


async def test_next_and_previous_day_and_this_day_only(make_app):
    app = make_app(rooms_conf(), "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down")
        assert view(app).item.id == "talk"
        await pilot.press("right_square_bracket")
        assert view(app).item.id == "day2"
        await pilot.press("right_square_bracket")  # no later day: stays
        assert view(app).item.id == "day2"
        await pilot.press("left_square_bracket")
        assert view(app).item.id == "keynote"  # the first item of the day before
        await pilot.press("right_square_bracket", "d")
        await pilot.pause()
        assert shown_ids(app) == ["day2", "day2b"]
        assert "days: Tue 2026-05-05" in header(app)
        assert view(app).item.id == "day2"
        await pilot.press("d")
        await pilot.pause()
        assert len(shown_ids(app)) == 8 and "days:" not in header(app)
        assert view(app).item.id == "day2"


async def test_the_new_keys_are_in_the_help_and_the_palette(make_app, es_fomo):
    keys = dict(help_lines())
    assert "next / previous day" in keys["] / ["]
    assert "rooms, tracks and days" in keys["r"]
    titles = {entry.palette for entry in palette_entries("program")}
    assert {"Filter rooms, tracks, days", "Next day", "Previous day", "This day only"} <= titles
    assert {"Hide this room", "Hide this track"} <= titles


def many_rooms() -> Program:
    items = [
        {"id": f"t{n}", "kind": "talk", "title": f"Talk {n}", "room": f"Room number {n}",
         "track": f"Track {n % 11}",
         "start": f"2026-05-0{4 + n % 4}T10:{n // 4:02d}:00+02:00",
         "end": f"2026-05-0{4 + n % 4}T11:{n // 4:02d}:00+02:00"}
        for n in range(120)
    ]  # fmt: skip
    return validate(Program, {**CLASHES, "items": items})


async def test_the_scope_dialog_fits_80x24_with_many_rooms_and_tracks(make_app):
    app = make_app(many_rooms(), "Europe/Berlin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        button = app.screen.query_one("#apply")
        assert app.screen.region.contains_region(button.region)
        assert app.screen.query_one("#days", SelectionList).region.height >= 4
        # With rooms and tracks hidden, listed under the days to show again: still in sight.
        await pilot.press("escape", "h", "H", "down", "h", "r")
        await pilot.pause()
        button = app.screen.query_one("#apply")
        assert app.screen.region.contains_region(button.region)
        hidden = app.screen.query_one("#hidden", SelectionList)
        assert len(hidden.selected) == 3 and hidden.region.height >= 3
        assert app.screen.region.contains_region(hidden.region)


async def test_each_programs_rooms_tracks_and_days_are_its_own_and_kept_between_runs(
    make_app, es_fomo
):
    app = make_app(rooms_conf(), "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "slash", "a", "enter")  # hides Hall A, searches "a"
        await pilot.pause()
        screen = app.screen
        saved = scope_file("clash-conf")
        assert yaml.safe_load(saved.read_text()) == {"format": 1, "hidden_rooms": ["Hall A"]}
        screen.use_session(Session.open(es_fomo, "Europe/Berlin"), frozenset())
        await pilot.pause()
        assert screen.filters.scope == Scope() and screen.filters.search == "a"
        assert "hidden" not in header(app) and shown_ids(app)
        screen.use_session(Session.open(rooms_conf(), "Europe/Berlin"), frozenset())
        await pilot.pause()
        assert screen.filters.scope == Scope(hidden_rooms=frozenset({"Hall A"}))
        await pilot.press("escape", "d")  # the workshop's day
        await pilot.pause()
        assert yaml.safe_load(saved.read_text())["days"] == ["2026-05-04"]
        screen.use_session(Session.open(rooms_conf(), "Europe/Berlin"), frozenset())
        assert screen.filters.scope.days  # a new version of the same program keeps them
    again = make_app(rooms_conf(), "Europe/Berlin")
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        wanted = Scope(days=frozenset({date(2026, 5, 4)}), hidden_rooms=frozenset({"Hall A"}))
        assert again.screen.filters.scope == wanted
        assert shown_ids(again) == ["workshop", "talk", "posters", "p1", "p2"]
        assert "hidden room: Hall A" in header(again) and "days: Mon 2026-05-04" in header(again)
        await pilot.press("d", "r")  # every day again; then Hall A shown again
        await pilot.pause()
        app_dialog = again.screen
        app_dialog.query_one("#hidden", SelectionList).deselect_all()
        await pilot.press("enter")
        await pilot.pause()
        assert again.screen.filters.scope == Scope() and not saved.exists()


async def test_this_day_only_far_down_shows_the_days_heading(make_app):
    app = make_app(many_rooms(), "Europe/Berlin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")  # the second of four days of 30 items
        await pilot.pause()
        assert view(app).scroll_offset.y > 0
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        assert view(app).rows[0].kind == "day" and view(app).scroll_offset.y == 0
