"""The planner following a conference, against a real HTTP server on 127.0.0.1: a background
check when due (never offline, never after the conference), the notification and the marks on
changed rows, the Changes screen that marks them seen, and switching program in place."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from itinerary.follow import add_program
from itinerary.program import load_program
from itinerary.registry import ProgramRegistry
from itinerary.storage import StateStore
from itinerary.tui.app import PlannerApp
from itinerary.tui.rows import CHANGED_MARK
from itinerary.tui.screens.following import ChangesScreen, ProgramPicker
from tests.tui.test_planner import row_text, toasts
from tests.unit.test_following import FIXTURES, MOVED, REMOVED, edited, move, remove

pytestmark = pytest.mark.skipif(
    not (FIXTURES / "pretalx-democon.json").is_file(),
    reason=f"the shared schedule fixtures are not at {FIXTURES} (set ITINERARY_FIXTURES)",
)
UTC = timezone.utc
ADDED = datetime(2020, 12, 10, 9, 0, tzinfo=UTC)  # checked when added: days before DemoCon
BEFORE = datetime(2020, 12, 12, 9, 0, tzinfo=UTC)  # a day and more later: a check is due
AFTER = datetime(2020, 12, 20, 9, 0, tzinfo=UTC)  # DemoCon is over: never checked


def followed(schedule_server):
    """DemoCon added from the server (as of ADDED), two talks starred; the server then
    serves a version where one moved and the other is gone."""
    original = json.loads((FIXTURES / "pretalx-democon.json").read_bytes())
    url = schedule_server.serve("/democon.json", edited(original, lambda s: None))
    entry, program, _ = add_program(url, now=ADDED)
    session_store = StateStore(program.id)
    from itinerary.selection import star

    session_store.update(lambda state: star(state, [program.by_id[MOVED], program.by_id[REMOVED]]))
    schedule_server.serve("/democon.json", edited(original, lambda s: (move(s), remove(s))))
    return entry, load_program(ProgramRegistry().copy_path(entry))


async def test_a_due_check_updates_in_place_notifies_and_marks_until_seen(schedule_server):
    entry, program = followed(schedule_server)
    app = PlannerApp(program, followed=entry.id, clock=lambda: BEFORE)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = await toasts(app, pilot)
        assert any("Schedule updated: 1 of your picks moved, 1 cancelled" in t for t in shown), (
            shown
        )
        # The new version is on screen, the star followed the moved talk, and it is marked.
        moved = app.session.program.by_id[MOVED]
        assert moved.starts == datetime(2020, 12, 14, 14, 0, tzinfo=UTC)
        assert REMOVED not in app.session.program.by_id
        assert row_text(app, MOVED).startswith("★ " + CHANGED_MARK + "04:00–04:30")  # HST
        # The Changes screen, and closing it marks the changes seen.
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChangesScreen)
        report = str(app.screen.query_one("#changes-report").render())
        assert "moved:" in report and "cancelled:" in report and "your star is kept" in report
        await pilot.press("escape")
        await pilot.pause()
        registry_entry = ProgramRegistry().load().programs[entry.id]
        assert registry_entry.seen_name == registry_entry.copy_name
        assert CHANGED_MARK not in row_text(app, MOVED)


@pytest.mark.parametrize(("offline", "now"), [(True, BEFORE), (False, AFTER)])
async def test_no_check_offline_or_after_the_conference(schedule_server, offline, now):
    entry, program = followed(schedule_server)
    asked = len(schedule_server.requests)
    app = PlannerApp(program, followed=entry.id, offline=offline, clock=lambda: now)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(schedule_server.requests) == asked
        assert MOVED in app.session.program.by_id
        assert app.session.program.by_id[REMOVED]  # still the stored version


async def test_switching_program_without_restarting(schedule_server, es_fomo):
    entry, _ = followed(schedule_server)
    app = PlannerApp(es_fomo, offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, ProgramPicker)
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.program.id == "democon"
        assert ProgramRegistry().load().current == entry.id
        assert "DemoCon" in str(app.screen.query_one("#header-title").render())
        await pilot.press("p", "up", "enter")  # and back to ES-FoMo
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.program.id == "es-fomo-2023"


async def test_a_failed_check_is_said_and_the_stored_copy_stays(schedule_server):
    entry, program = followed(schedule_server)
    schedule_server.serve("/democon.json", status=500)
    app = PlannerApp(program, followed=entry.id, clock=lambda: BEFORE)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        shown = await toasts(app, pilot)
        assert any("Could not check for a new version" in t and "500" in t for t in shown), shown
        assert REMOVED in app.session.program.by_id
