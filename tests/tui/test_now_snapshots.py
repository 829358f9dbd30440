"""What Now and next and the program at now look like, at 80x24 and 120x40, with a fixed clock:
a moment with a clash, one crossing midnight in the display zone, and a conference that spans two
calendar days in the display zone (pytest-textual-snapshot; after a deliberate change to the
look, review the new pictures and take them again with ``--snapshot-update``)."""

from __future__ import annotations

from datetime import datetime

import pytest

from itinerary.storage import StateStore
from itinerary.tui.app import PlannerApp

from .conftest import CLASHES
from .test_now_next import program_of

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def talk(id_: str, title: str, room: str, start: str, end: str, kind: str = "talk") -> dict:
    return {"id": id_, "kind": kind, "title": title, "room": room, "start": start, "end": end,
            "people": [{"name": "Ada Lovelace"}]}  # fmt: skip


# A night in Berlin: one item runs over midnight, the next ones are after it.
NIGHT = {
    "id": "night-conf", "title": "Night Conf", "timezone": "Europe/Berlin",
    "items": [
        talk("dinner", "Conference dinner", "Restaurant", "2026-05-04T19:00:00+02:00",
             "2026-05-04T22:00:00+02:00", "social"),
        talk("late", "Late talk", "Hall A", "2026-05-04T22:00:00+02:00",
             "2026-05-04T23:00:00+02:00"),
        talk("midnight", "Talk across midnight", "Hall A", "2026-05-04T23:30:00+02:00",
             "2026-05-05T00:30:00+02:00"),
        talk("owl", "Night owls' workshop", "Hall B", "2026-05-04T23:15:00+02:00",
             "2026-05-05T01:15:00+02:00", "workshop"),
        talk("after", "After midnight", "Hall A", "2026-05-05T00:45:00+02:00",
             "2026-05-05T01:30:00+02:00"),
        talk("morning", "Morning keynote", "Hall B", "2026-05-05T09:00:00+02:00",
             "2026-05-05T10:00:00+02:00", "keynote"),
    ],
}  # fmt: skip

# One day in Vancouver (09:00-18:00 PDT), seen from Berlin: 18:00 CEST to 03:00 the next day.
FAR = {
    "id": "far-conf", "title": "Far Conf", "timezone": "America/Vancouver",
    "items": [
        talk("open", "Opening", "Main", "2026-06-01T09:00:00-07:00", "2026-06-01T09:30:00-07:00",
             "opening"),
        talk("one", "Morning talk", "Main", "2026-06-01T09:30:00-07:00",
             "2026-06-01T10:30:00-07:00"),
        talk("side", "Side room talk", "Side", "2026-06-01T10:00:00-07:00",
             "2026-06-01T11:00:00-07:00"),
        talk("lunch", "Lunch", "Hall", "2026-06-01T12:00:00-07:00", "2026-06-01T13:00:00-07:00",
             "break"),
        talk("two", "Afternoon talk", "Main", "2026-06-01T15:00:00-07:00",
             "2026-06-01T16:00:00-07:00"),
        talk("side2", "Side room, late", "Side", "2026-06-01T15:30:00-07:00",
             "2026-06-01T16:30:00-07:00"),
        talk("close", "Closing", "Main", "2026-06-01T17:00:00-07:00", "2026-06-01T18:00:00-07:00",
             "other"),
    ],
}  # fmt: skip


def planner(data: dict, at: str, zone: str) -> PlannerApp:
    program = program_of(data)
    moment = datetime.fromisoformat(at)
    return PlannerApp(program, StateStore(program.id), zone, clock=lambda: moment)


def shown(*keys: str, starred: tuple[str, ...] = ()):
    """Star ``starred``, press ``keys``, and clear the toasts, so that the picture shows the
    screen alone."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        for item_id in starred:
            app.session.toggle(app.session.program.get(item_id))
        app.screen.refresh_marks()
        await pilot.press(*keys)
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    return run_before


@SIZES
def test_now_and_next_with_a_clash(snap_compare, size):
    app = planner(CLASHES, "2026-05-04T09:50:00+02:00", "Europe/Berlin")
    keys = shown("w", starred=("keynote", "workshop"))
    assert snap_compare(app, run_before=keys, terminal_size=size)


@SIZES
def test_now_and_next_across_midnight(snap_compare, size):
    app = planner(NIGHT, "2026-05-04T23:40:00+02:00", "Europe/Berlin")
    assert snap_compare(app, run_before=shown("w", starred=("owl",)), terminal_size=size)


@SIZES
def test_now_and_next_of_a_day_on_two_dates(snap_compare, size):
    """10:20 PDT is 19:20 CEST; the afternoon is after midnight in Berlin."""
    app = planner(FAR, "2026-06-01T10:20:00-07:00", "Europe/Berlin")
    assert snap_compare(app, run_before=shown("w", starred=("side",)), terminal_size=size)


@SIZES
def test_the_program_at_now_on_two_dates(snap_compare, size):
    """What is over dimmed, the line of now, the cursor on what is on: across two dates."""
    app = planner(FAR, "2026-06-01T15:10:00-07:00", "Europe/Berlin")
    assert snap_compare(app, run_before=shown(starred=("two",)), terminal_size=size)


def test_now_and_next_of_a_past_conference(snap_compare):
    app = planner(CLASHES, "2026-12-01T18:00:00+01:00", "Europe/Berlin")
    assert snap_compare(app, run_before=shown("w"), terminal_size=(80, 24))
