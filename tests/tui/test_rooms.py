"""Rooms, tracks and days in the planner: the room on every row, filters by room, track and
day (the core's Scope, as the CLI's --room/--track/--day), and moving from day to day."""

from __future__ import annotations

from itinerary.model import Program
from itinerary.tui.rows import room_cell, room_width
from itinerary.tui.screens.itinerary import ItineraryScreen
from itinerary.tui.widgets.program_view import ProgramView
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
    return Program.model_validate({**CLASHES, "items": items})


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
