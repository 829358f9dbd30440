"""A day on the rows of a text screen (timeline_rows) and every room's day (day_grid)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from itinerary.day_plan import day_grid, hours_of
from itinerary.selection import Star
from itinerary.timeline_rows import fitting_rows, timeline_rows
from tests.unit.test_agenda_page import BERLIN, PROGRAM

START = datetime(2026, 5, 4, 9, tzinfo=timezone.utc)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def test_time_runs_evenly_where_there_is_room():
    rows = timeline_rows(START, [(at(0), at(60)), (at(90), at(120))], [at(0), at(60), at(120)], 15)
    assert [rows.span(*span) for span in [(at(0), at(60)), (at(90), at(120))]] == [(0, 4), (6, 8)]
    assert rows.count == 8


def test_short_items_back_to_back_each_keep_a_row_and_the_scale_comes_back():
    spans = [(at(0), at(5)), (at(5), at(10)), (at(10), at(15)), (at(120), at(180))]
    hours = [at(0), at(60), at(120), at(180)]
    rows = timeline_rows(START, spans, hours, 15)
    assert [rows.span(*span) for span in spans[:3]] == [(0, 1), (1, 2), (2, 3)]
    assert rows.span(*spans[3]) == (8, 12)  # even again: two hours in, 8 rows of 15 minutes


def test_the_finest_scale_that_fits_is_taken():
    spans, hours = [(at(0), at(60))], [at(0), at(60)]
    assert fitting_rows(START, spans, hours, 12).minutes_per_row == 5
    assert fitting_rows(START, spans, hours, 6).minutes_per_row == 10
    assert fitting_rows(START, spans, hours, 2).minutes_per_row == 15  # does not fit: scrolls


@given(
    st.lists(st.tuples(st.integers(0, 600), st.integers(1, 120)), min_size=1, max_size=30),
    st.sampled_from([5, 10, 15]),
)
def test_every_block_has_a_row_and_blocks_apart_in_time_are_apart_in_rows(spans, scale):
    blocks = [(at(start), at(start + length)) for start, length in spans]
    hours = [at(60 * n) for n in range(13)]
    rows = timeline_rows(START, blocks, hours, scale)
    placed = [rows.span(*block) for block in blocks]
    for (top, bottom), block in zip(placed, blocks, strict=True):
        assert bottom - top >= 1 and bottom <= rows.count
        for (other_top, _), other in zip(placed, blocks, strict=True):
            if block[1] <= other[0]:  # ends before the other starts
                assert bottom <= other_top
    assert [rows.row(h) for h in hours] == sorted({rows.row(h) for h in hours})  # all apart


def test_the_hour_that_repeats_when_the_clocks_go_back_is_two_rows():
    zone = ZoneInfo("Europe/Berlin")  # 2026-10-25: 03:00 CEST becomes 02:00 CET
    start = datetime(2026, 10, 25, 1, tzinfo=zone)
    hours = [(start.astimezone(timezone.utc) + timedelta(hours=n)).astimezone(zone)
             for n in range(4)]  # fmt: skip
    rows = timeline_rows(start, [], hours, 15)
    assert [rows.row(hour) for hour in hours] == [0, 4, 8, 12]


def test_the_grid_has_a_column_a_room_with_my_stars():
    grid = day_grid(PROGRAM, START.date(), BERLIN, {"talk": Star(), "p1": Star()}, {"talk"})
    assert grid is not None
    rooms = [column.room for column in grid.columns]
    assert rooms == ["Hall A", "Hall B", "Hall C", "Bar", None]  # no room: last
    by_id = {block.item.id: block for block in grid.blocks}
    assert "p1" not in by_id and [p.item.id for p in by_id["posters"].posters] == ["p1"]
    assert by_id["talk"].star is not None and by_id["talk"].clashes
    assert by_id["keynote"].star is None
    assert hours_of(grid)[0].hour == 9
    assert day_grid(PROGRAM, START.date() + timedelta(days=3), BERLIN, {}) is None
