"""The program as rows: every item under the heading of its own local day, in any zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from itinerary.tui.rows import build_rows
from tests.factories import synthetic_program

PROGRAM = synthetic_program(3000, seed=5, rooms=6)


# Zones whose midnight moves or vanishes (DST at 00:00 in Santiago and Havana, a skipped day in
# Apia), a 45-minute offset, and the program's own.
ZONES = ["Europe/Berlin", "America/Santiago", "America/Havana", "Pacific/Apia", "Asia/Kathmandu"]


@pytest.mark.parametrize("zone", ZONES)
def test_every_item_is_under_its_local_day(zone):
    tz = ZoneInfo(zone)
    rows = build_rows(PROGRAM, PROGRAM.in_time_order, tz, set())
    heading = None
    items = 0
    for row in rows:
        if row.kind == "day":
            heading = row.title
        elif row.kind == "item":
            items += 1
            if not row.nested:
                assert row.item.starts.astimezone(tz).strftime("%A %d %B %Y") == heading
    assert items == len(PROGRAM.items)


def test_folded_poster_sessions_hide_their_posters():
    sessions = {item.id for item in PROGRAM.items if item.kind.value == "poster-session"}
    rows = build_rows(PROGRAM, PROGRAM.in_time_order, ZoneInfo("UTC"), sessions)
    shown = [row.item for row in rows if row.item]
    assert all(item.kind.value != "poster" for item in shown)
    assert sum(row.hidden_children for row in rows) == len(PROGRAM.items) - len(shown)
