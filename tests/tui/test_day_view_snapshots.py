"""What the day view looks like (pytest-textual-snapshot), at 80x24 and 120x40: a day with a
clash, a day crossing midnight in the display zone, a conference over two calendar days in the
display zone; and every room's day (g) on the 36C3 schedule.

After a deliberate change to the look, review the new pictures and update them with
``pytest tests/tui/test_day_view_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from itinerary.model import Program
from itinerary.program import load_program
from itinerary.session import Session
from tests.tui.test_snapshots import C3

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def star(program: Program, *ids: str) -> None:
    """Starred before the planner starts, as another terminal would."""
    session = Session.open(program)
    for item_id in ids:
        session.toggle(program.get(item_id))


@SIZES
def test_day_with_a_clash(snap_compare, make_app, clash_conf, size):
    star(clash_conf, "keynote", "workshop", "talk", "p1", "p2")
    app = make_app(clash_conf, "Europe/Berlin")
    assert snap_compare(app, press=["v"], terminal_size=size)


@SIZES
def test_day_crossing_midnight(snap_compare, make_app, clash_conf, size):
    """In Auckland the day runs from 19:00 to the poster session's 00:15 the next day."""
    star(clash_conf, "keynote", "talk", "posters", "p1")
    app = make_app(clash_conf, "Pacific/Auckland")
    assert snap_compare(app, press=["v", "down", "down"], terminal_size=size)


ES_FOMO_STARS = (
    "opening", "using-megatron-to-train-large-language-models", "morning-coffee-break",
    "the-case-for-4-bit-inference", "lunch-break", "poster-session",
    "mental-calibration-discovering-and-adjusting", "panel-llm-tooling",
)  # fmt: skip


@SIZES
def test_conference_over_two_calendar_days(snap_compare, make_app, es_fomo, size):
    """ES-FoMo in Honolulu, seen from Berlin: its one day is Saturday evening and Sunday."""
    star(es_fomo, *ES_FOMO_STARS)
    app = make_app(es_fomo, "Europe/Berlin")
    assert snap_compare(app, press=["v"], terminal_size=size)


@SIZES
def test_conference_over_two_calendar_days_the_second(snap_compare, make_app, es_fomo, size):
    star(es_fomo, *ES_FOMO_STARS)
    app = make_app(es_fomo, "Europe/Berlin")
    assert snap_compare(app, press=["v", "right"], terminal_size=size)


@pytest.mark.skipif(not C3.is_file(), reason="the 36C3 schedule is not there")
@SIZES
def test_every_room_of_a_36c3_day(snap_compare, make_app, size):
    program = load_program(C3, "Europe/Berlin")
    day = sorted({i.starts.astimezone(program.zone).date() for i in program.items})[1]
    mine = [
        item
        for item in program.in_time_order
        if item.room in ("Ada", "Borg", "Clarke")
        and item.starts.astimezone(program.zone).date() == day
        and item.starts.astimezone(program.zone).hour >= 11
    ]
    star(program, *(item.id for item in mine[:6]))
    app = make_app(program, "Europe/Berlin")
    assert snap_compare(app, press=["v", "right", "g"], terminal_size=size)
