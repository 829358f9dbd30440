"""Days in the planner: the day's heading kept at the top while scrolling, and a day picked
from a dialog of the conference's days."""

from __future__ import annotations

from textual.widgets import OptionList

from itinerary.tui.bindings import help_lines, palette_entries
from itinerary.tui.screens.day_picker import DayPicker
from tests.tui.test_rooms import header, many_rooms, rooms_conf, shown_ids, view


def top_line(app) -> str:
    return view(app).render_line(0).text.strip()


def cursor_in_sight(app) -> bool:
    """The cursor's row is on screen and not under the day's heading drawn over the top line."""
    program = view(app)
    top, height = program.scroll_offset.y, program.scrollable_content_region.height
    covered = program.sticky_day() is not None
    return top + covered <= program.cursor < top + height


async def test_the_days_heading_stays_at_the_top_while_scrolling(make_app):
    app = make_app(many_rooms(), "Europe/Berlin")  # four days of 30 items, no sessions
    async with app.run_test(size=(80, 24)) as pilot:
        assert top_line(app) == "Monday 04 May 2026"  # the real heading, at the top
        for _ in range(20):
            await pilot.press("down")
        await pilot.pause()
        program = view(app)
        assert program.scroll_offset.y > 0 and program.rows[program.scroll_offset.y].kind == "item"
        assert top_line(app) == "Monday 04 May 2026"
        assert cursor_in_sight(app)
        await pilot.press("right_square_bracket")
        for _ in range(20):
            await pilot.press("down")
        await pilot.pause()
        assert top_line(app) == "Tuesday 05 May 2026"
        # Back up, row by row, over the day's first items and into the day before: the cursor
        # is never the row the heading is drawn over.
        for _ in range(30):
            await pilot.press("up")
            await pilot.pause()
            assert cursor_in_sight(app), view(app).cursor
        assert top_line(app).startswith("Monday 04 May 2026")


async def test_pick_a_day_from_the_conference_days_with_their_items(make_app):
    app = make_app(rooms_conf(), "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, DayPicker)
        days = picker.query_one("#days", OptionList)
        prompts = [str(days.get_option_at_index(i).prompt) for i in range(days.option_count)]
        assert prompts == ["* Mon 04 May 2026  6 items", "  Tue 05 May 2026  2 items"]
        assert "Europe/Berlin" in str(picker.query_one(".dialog-title").render())
        await pilot.press("down", "enter")
        await pilot.pause()
        assert view(app).item.id == "day2"
        assert view(app).rows[view(app).scroll_offset.y].kind == "day"
        # This day only (Tuesday), then Monday picked: Monday only is shown, from its start.
        await pilot.press("d", "g")
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert shown_ids(app)[0] == "keynote" and "day2" not in shown_ids(app)
        assert "days: Mon 2026-05-04" in header(app) and view(app).item.id == "keynote"
        # A search: each day says how many of its items are shown; one with none is not offered.
        await pilot.press("d", "slash", *"second", "enter", "g")
        await pilot.pause()
        days = app.screen.query_one("#days", OptionList)
        assert "0 of 6 items shown" in str(days.get_option_at_index(0).prompt)
        assert days.get_option_at_index(0).disabled
        assert "2 of 2 items shown" in str(days.get_option_at_index(1).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DayPicker)


def test_the_day_picker_is_in_the_help_and_the_palette():
    assert "go to a day" in dict(help_lines())["g"]
    assert "Go to day…" in {entry.palette for entry in palette_entries("program")}


async def test_hiding_a_room_far_down_keeps_the_place(make_app):
    app = make_app(many_rooms(), "Europe/Berlin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket", *["down"] * 5)
        items = [row.item for row in view(app).rows if row.item]
        after = items[items.index(view(app).item) + 1]
        await pilot.press("h")
        await pilot.pause()
        assert view(app).item == after and cursor_in_sight(app)
