"""The planner at now: it opens there while the conference is on (what is over dimmed, a line at
the time now), t goes back to it, w shows now and next; the clock is fixed, the minute's timer
made short and driven by moving the clock on."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary import clock as clocks
from itinerary.model import Program
from itinerary.program import program_from_bytes
from itinerary.storage import StateStore
from itinerary.tui.app import PlannerApp
from itinerary.tui.rows import build_rows
from itinerary.tui.screens.at_now import _first_to_come
from itinerary.tui.screens.now_next import AsIfDialog, NowNextScreen
from itinerary.tui.widgets.program_view import ProgramView

from .conftest import CLASHES


def program_of(data: dict) -> Program:
    """A program from its data, read as a file of ours is."""
    return program_from_bytes(json.dumps(data).encode("utf-8"), f"{data['id']}.yaml")


class Clock:
    """A clock a test sets and moves on."""

    def __init__(self, text: str) -> None:
        self.now = datetime.fromisoformat(text)

    def __call__(self) -> datetime:
        return self.now


def planner(program: Program, clock: Clock, zone: str = "Europe/Berlin") -> PlannerApp:
    return PlannerApp(program, StateStore(program.id), zone, clock=clock)


def program_view(app) -> ProgramView:
    return app.screen.query_one("#program", ProgramView)


def shown(app) -> list[str]:
    """The program's rows: an item by its id, the line of now as "now", headings left out."""
    return [row.item.id if row.item else "now" for row in program_view(app).rows
            if row.kind in ("item", "now")]  # fmt: skip


def lines(app) -> list[str]:
    """What Now and next lists, line by line, as plain text."""
    listed = app.screen.query_one("#now-list")
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


async def test_the_program_opens_at_now_while_the_conference_is_on(clash_conf):
    app = planner(clash_conf, Clock("2026-05-04T10:30:00+02:00"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = program_view(app)
        # The keynote (9:00-10:00) is over; the workshop (9:45-11:00) runs: the cursor on it,
        # and the line of now after it, before the talk at 11:30.
        assert view.item.id == "workshop"
        assert shown(app) == ["keynote", "workshop", "now", "talk", "posters", "p1", "p2"]
        line = next(row for row in view.rows if row.kind == "now")
        assert line.title.startswith("── now 10:30 CEST")
        styles = app.screen._styles()
        over = app.screen.render_item(view.rows[1], 120)
        assert over.plain.strip().startswith("09:00–10:00") and any(
            span.style == styles["dim"] and span.end - span.start == len(over)
            for span in over.spans
        )
        running = app.screen.render_item(view.rows[view.cursor], 120)
        assert not any(span.end - span.start == len(running) for span in running.spans)


async def test_outside_the_conference_it_opens_at_the_start_with_no_line(clash_conf):
    app = planner(clash_conf, Clock("2026-12-01T10:30:00+01:00"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert program_view(app).item.id == "keynote"
        assert "now" not in shown(app)
        await pilot.press("down", "down", "t")
        assert program_view(app).item.id == "talk"  # t moves nowhere, and says why
        said = [n.message for n in app._notifications]
        assert any(m.startswith("The conference is over: it ran from Mon 2026-05-04") for m in said)


async def test_switching_to_a_program_that_is_on_opens_it_at_now(es_fomo, clash_conf):
    app = planner(es_fomo, Clock("2026-05-04T10:30:00+02:00"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert program_view(app).item.id == "opening" and "now" not in shown(app)
        app.screen.use_session(app.session_for(clash_conf), frozenset())
        await pilot.pause()
        assert program_view(app).item.id == "workshop" and "now" in shown(app)


async def test_t_goes_back_to_now_and_the_line_moves_on_every_minute(clash_conf, monkeypatch):
    monkeypatch.setattr(clocks, "TICK_SECONDS", 0.05)
    clock = Clock("2026-05-04T09:50:00+02:00")
    app = planner(clash_conf, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert program_view(app).item.id == "keynote"
        await pilot.press("end")
        assert program_view(app).item.id == "p2"
        await pilot.press("t")
        assert program_view(app).item.id == "keynote"
        clock.now += timedelta(hours=2)  # 11:50: the talk runs
        await pilot.pause(0.2)
        assert shown(app) == ["keynote", "workshop", "talk", "now", "posters", "p1", "p2"]
        assert program_view(app).item.id == "keynote"  # the timer moves the line, not me
        await pilot.press("t")
        assert program_view(app).item.id == "talk"
        clock.now += timedelta(days=1)  # the conference is over: no line, nothing dimmed
        await pilot.pause(0.2)
        assert "now" not in shown(app)


async def test_the_minute_keeps_the_cursor_and_where_the_detail_is_scrolled(monkeypatch):
    monkeypatch.setattr(clocks, "TICK_SECONDS", 0.05)
    long = {**CLASHES, "items": [{**CLASHES["items"][1], "abstract": "Long. " * 800},
                                 *CLASHES["items"][2:]]}  # fmt: skip
    clock = Clock("2026-05-04T09:50:00+02:00")
    app = planner(program_of(long), clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one("#detail")
        detail.scroll_to(y=12, animate=False)
        await pilot.pause()
        assert detail.scroll_y == 12
        clock.now += timedelta(hours=1, minutes=50)  # 11:40: the line moves below the talk
        await pilot.pause(0.2)
        assert shown(app) == ["workshop", "talk", "now", "posters", "p1", "p2"]
        assert program_view(app).item.id == "workshop" and detail.scroll_y == 12


async def test_now_and_next_lists_mine_first_with_minutes_and_rooms(clash_conf):
    app = planner(clash_conf, Clock("2026-05-04T09:50:00+02:00"), "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        app.session.toggle(clash_conf.get("workshop"))
        app.session.toggle(clash_conf.get("keynote"))
        await pilot.press("w")
        assert isinstance(app.screen, NowNextScreen)
        title = str(app.screen.query_one("#now-title").render())
        assert title == "Now and next · Mon 2026-05-04 09:50 CEST (Europe/Berlin)"
        got = [" ".join(line.split()) for line in lines(app)]
        assert got == [
            "Now (2 items)",
            "★! 10 min left 09:00–10:00 CEST Hall A ◈ Keynote",
            "★! 70 min left 09:45–11:00 CEST Hall B ⚒ Workshop",
            "Next (within the hour, and the next in every room)",
            "in 100 min 11:30–12:00 CEST Hall C ▸ Talk",
            "in 3 h 13:00–14:15 CEST ▦ Posters",
        ]
        await pilot.press("down", "down", "enter")  # the talk
        await pilot.pause()
        assert not isinstance(app.screen, NowNextScreen)
        assert program_view(app).item.id == "talk"


async def test_enter_goes_to_the_item_even_if_a_search_hid_it(clash_conf):
    app = planner(clash_conf, Clock("2026-05-04T09:50:00+02:00"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"keynote", "enter", "w", "end", "enter")
        await pilot.pause()
        assert program_view(app).item.id == "posters"
        assert app.focused is program_view(app)


async def test_now_and_next_follows_the_clock_every_minute(clash_conf, monkeypatch):
    monkeypatch.setattr(clocks, "TICK_SECONDS", 0.05)
    clock = Clock("2026-05-04T09:50:00+02:00")
    app = planner(clash_conf, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        assert lines(app)[0] == "Now (2 items)"
        clock.now = datetime.fromisoformat("2026-05-04T11:10:00+02:00")  # between the two
        await pilot.pause(0.2)
        assert lines(app)[0] == "Nothing is on right now."
        assert "in 20 min" in lines(app)[2]


async def test_a_past_conference_says_so_and_shows_a_moment_as_if_it_were(clash_conf):
    app = planner(clash_conf, Clock("2026-12-01T18:00:00+01:00"), "Europe/Berlin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        status = str(app.screen.query_one("#now-status").render())
        assert status.startswith("The conference is over: it ran from Mon 2026-05-04 09:00 CEST")
        assert "a: as if it were a time on one of its days." in status
        assert lines(app) == ["Nothing is on right now."]
        await pilot.press("a")
        assert isinstance(app.screen, AsIfDialog)
        await pilot.press("enter")  # the one day; to the time, prefilled with now's (18:00)
        await pilot.press(*["backspace"] * 5, *"25:00", "enter")
        error = str(app.screen.query_one("#as-if-error").render())
        assert error.startswith("Give the time as HH:MM")
        await pilot.press(*["backspace"] * 5, *"9:50", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NowNextScreen)
        assert app.screen.as_if == datetime.fromisoformat("2026-05-04T09:50:00+02:00")
        assert lines(app)[0] == "Now (2 items)"
        assert "As if it were then: t goes back to now." in str(
            app.screen.query_one("#now-status").render()
        )
        await pilot.press("t")
        assert lines(app) == ["Nothing is on right now."]


async def test_before_the_conference_the_first_of_each_room_comes_next(clash_conf):
    app = planner(clash_conf, Clock("2026-05-01T12:00:00+02:00"), "Europe/Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        status = str(app.screen.query_one("#now-status").render())
        assert status.startswith("The conference has not begun: it runs from Mon 2026-05-04")
        assert lines(app)[0].startswith("Next")
        assert "in 3 days" in lines(app)[1]
        assert "Mon 09:00–10:00" in lines(app)[1]  # another day than now's: the day is shown


async def test_program_text_is_shown_literally(monkeypatch):
    hostile = {
        **CLASHES,
        "items": [
            {**CLASHES["items"][0], "title": "[bold red]Boo[/] \x1b]2;owned\x07x",
             "room": "\x1b[31mHall"},
        ],
    }  # fmt: skip
    program = program_of(hostile)
    app = planner(program, Clock("2026-05-04T09:30:00+02:00"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        line = lines(app)[1]
        assert "[bold red]Boo[/]" in line and "\x1b" not in line and "\x07" not in line


async def test_the_palette_offers_now_and_next_and_jump_to_now(clash_conf):
    app = planner(clash_conf, Clock("2026-05-04T09:50:00+02:00"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Now and next", "Jump to now"} <= titles
        await pilot.press("w")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"As if it were…", "Back to now"} <= titles


@pytest.mark.parametrize("key", ["escape", "w"])
async def test_escape_or_w_goes_back_where_one_was(clash_conf, key):
    app = planner(clash_conf, Clock("2026-05-04T09:50:00+02:00"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end", "w", key)
        await pilot.pause()
        assert not isinstance(app.screen, NowNextScreen)
        assert program_view(app).item.id == "p2"


@settings(max_examples=60, deadline=None)
@given(
    starts=st.lists(st.integers(0, 72 * 4), min_size=1, max_size=12),
    lengths=st.lists(st.integers(1, 40), min_size=12, max_size=12),
    now=st.integers(-8, 80 * 4),
    zone=st.sampled_from(["Europe/Berlin", "Pacific/Kiritimati", "America/Vancouver", "UTC"]),
)
def test_the_line_of_now_parts_what_has_begun_from_what_is_to_come(starts, lengths, now, zone):
    """Above the line every item has begun; below it none has; a day's or session's heading
    goes with the item under it (in any zone, across midnight)."""
    base = datetime.fromisoformat("2026-05-04T00:00:00+00:00")
    quarter = timedelta(minutes=15)
    items = [
        {"id": f"i{n}", "kind": "talk", "title": f"Item {n}", "session": f"s{start // 8}",
         "start": (base + start * quarter).isoformat(),
         "end": (base + (start + lengths[n]) * quarter).isoformat()}
        for n, start in enumerate(starts)
    ]  # fmt: skip
    sessions = [{"id": f"s{k}", "title": f"Session {k}"} for k in range(80)]
    program = program_of({"id": "p", "title": "P", "timezone": "UTC", "sessions": sessions,
                          "items": items})  # fmt: skip
    moment = base + now * quarter
    rows = build_rows(program, program.in_time_order, ZoneInfo(zone), set())
    index = _first_to_come(rows, moment)

    def next_start(i: int) -> datetime | None:
        return next((row.item.starts for row in rows[i:] if row.item), None)

    for i in range(len(rows)):
        start = next_start(i)
        assert (start is not None and start <= moment) == (i < index), (i, index)
