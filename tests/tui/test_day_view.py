"""The day view (v): my stars of a day as a timeline, clashes side by side, left and right to
another day, Enter to the item in the program, g for every room's day on a program with rooms."""

from __future__ import annotations

import pytest

from itinerary.program import load_program
from itinerary.storage import StateStore
from itinerary.tui.bindings import help_lines
from itinerary.tui.screens.day_view import DayViewScreen
from itinerary.tui.screens.program import ProgramScreen
from itinerary.tui.widgets.program_view import ProgramView
from itinerary.tui.widgets.timeline import Timeline
from tests.tui.test_snapshots import C3


def shown(screen: DayViewScreen) -> str:
    """The picture's text, row by row (the times column, then the body)."""
    picture = screen.query_one(Timeline).picture
    assert picture is not None
    return "\n".join(t.text + b.text for t, b in zip(picture.times, picture.body, strict=True))


def spots(screen: DayViewScreen) -> dict[str, tuple[int, int, int, int]]:
    assert screen.drawn is not None
    return {s.block.item.id: (s.top, s.bottom, s.x0, s.x1) for s in screen.drawn.spots}


async def test_v_shows_my_day_with_the_clash_side_by_side(make_app, clash_conf):
    app = make_app(clash_conf, "Europe/Berlin")
    async with app.run_test(size=(100, 40)) as pilot:
        for item_id in ("keynote", "workshop", "talk", "p1"):
            app.session.toggle(clash_conf.get(item_id))
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DayViewScreen)
        where = spots(screen)
        assert set(where) == {"keynote", "workshop", "talk", "posters"}  # posters: their session
        keynote, workshop = where["keynote"], where["workshop"]
        # Overlapping in time, so in rows; side by side, so not in columns.
        assert keynote[0] < workshop[1] and workshop[0] < keynote[1]
        assert keynote[3] <= workshop[2]
        # Each sized by its duration: the 75-minute workshop is taller than the 30-minute talk.
        height = {item_id: bottom - top for item_id, (top, bottom, _, _) in where.items()}
        assert height["workshop"] > height["talk"] >= 1
        text = shown(screen)
        assert "! ★ Keynote" in text and "! ★ Workshop" in text
        assert "free 30 min" in text and "★ Poster one" in text
        assert "09:00" in text and "CEST" in text
        header = str(screen.query_one("#day-header").render())
        assert "Monday 04 May 2026 · day 1 of 1" in header and "Europe/Berlin" in header


async def test_the_day_opened_is_the_highlighted_items_and_left_right_change_it(make_app, es_fomo):
    app = make_app(es_fomo, "Europe/Berlin")  # 18:55 to 03:00 UTC: two days in Berlin
    async with app.run_test(size=(120, 40)) as pilot:
        for item_id in ("opening", "panel-llm-tooling"):
            app.session.toggle(es_fomo.get(item_id))
        view = app.screen.query_one("#program", ProgramView)
        view.set_rows(view.rows, keep="panel-llm-tooling")
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DayViewScreen)
        assert screen.day.isoformat() == "2023-07-30" and screen.cursor == "panel-llm-tooling"
        assert "day 2 of 2" in str(screen.query_one("#day-header").render())
        await pilot.press("left")
        assert screen.day.isoformat() == "2023-07-29" and set(spots(screen)) == {"opening"}
        await pilot.press("left")  # no earlier day: stays
        assert screen.day.isoformat() == "2023-07-29"
        await pilot.press("right_square_bracket")
        assert screen.day.isoformat() == "2023-07-30"


async def test_enter_goes_to_the_item_in_the_program(make_app, clash_conf):
    app = make_app(clash_conf, "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        for item_id in ("keynote", "talk"):
            app.session.toggle(clash_conf.get(item_id))
        await pilot.press("v", "down")
        assert app.screen.cursor == "talk"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProgramScreen)
        assert app.screen.query_one("#program", ProgramView).item.id == "talk"


async def test_space_unstars_and_the_cursor_goes_on(make_app, clash_conf):
    app = make_app(clash_conf, "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        for item_id in ("keynote", "talk"):
            app.session.toggle(clash_conf.get(item_id))
        await pilot.press("v", "space")
        assert "keynote" not in StateStore(clash_conf.id).load().stars
        assert app.screen.cursor == "talk" and set(spots(app.screen)) == {"talk"}
        await pilot.press("space")
        assert "Nothing starred on this day" in str(app.screen.query_one("#day-status").render())
        await pilot.press("escape")
        assert isinstance(app.screen, ProgramScreen)


async def test_a_crossing_of_midnight_runs_past_24_00(make_app, clash_conf):
    # 13:00-14:15 in Berlin is 23:00-00:15 in Auckland (NZST, UTC+12).
    app = make_app(clash_conf, "Pacific/Auckland")
    async with app.run_test(size=(120, 40)) as pilot:
        app.session.toggle(clash_conf.get("posters"))
        await pilot.press("v")
        text = shown(app.screen)
        assert "00:00+1" in text and "23:00–00:15 (+1 day) NZST" in text


async def test_g_needs_rooms(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "g")
        assert not app.screen.grid


@pytest.mark.skipif(not C3.is_file(), reason="the 36C3 schedule is not there")
async def test_g_shows_every_room_with_my_stars_marked(make_app):
    program = load_program(C3, "Europe/Berlin")
    app = make_app(program, "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        starred = next(i for i in program.in_time_order if i.room == "Chaos-West Bühne")
        app.session.toggle(starred)
        await pilot.press("v", "g")
        await pilot.pause()
        screen = app.screen
        assert screen.grid and screen.cursor == starred.id
        heading = screen.query_one(Timeline).picture.heading.text
        assert "Chaos-West Bühne" in heading and "OIO Stage" in heading
        assert "★ " + starred.title[:10] in shown(screen)
        column = next(s.column for s in screen.drawn.spots if s.block.item.id == starred.id)
        await pilot.press("down")
        below = next(s for s in screen.drawn.spots if s.block.item.id == screen.cursor)
        assert below.column == column and below.block.item.room == "Chaos-West Bühne"
        await pilot.press("tab")
        beside = next(s for s in screen.drawn.spots if s.block.item.id == screen.cursor)
        assert beside.column == column + 1
        await pilot.press("g")
        assert not screen.grid and screen.cursor == starred.id  # back on my day


def test_the_help_names_the_day_views_keys():
    keys = dict(help_lines())
    assert "v" in keys and "g (day view)" in keys
    assert keys["→ / ← (day view)"] == "the next / previous day (] and [ too)"
