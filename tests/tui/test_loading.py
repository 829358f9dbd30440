"""A program the planner reads itself (a big one, opened for the first time): progress first,
then the program; errors leave the planner with the same located messages as the commands."""

from __future__ import annotations

import time

import pytest
import yaml
from textual.widgets import ProgressBar

from itinerary.errors import ProgramError
from itinerary.program import load_program, quick_program
from itinerary.program_process import ProgramReader
from itinerary.storage import StateStore
from itinerary.tui.app import PlannerApp
from itinerary.tui.widgets.loading import LoadingView
from itinerary.tui.widgets.program_view import ProgramView
from tests.conftest import DATA
from tests.factories import synthetic_program_data
from tests.processes import HAS_PROC, children_reading
from tests.tui.test_planner import shown_ids, text_of


def write_program(tmp_path, count=400):
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(count), sort_keys=False), "utf-8")
    return path


async def until(pilot, condition, seconds=60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the planner did not get there in time"
        await pilot.pause(0.05)


async def test_progress_first_then_the_program(tmp_path):
    path = write_program(tmp_path)
    app = PlannerApp(ProgramReader(path))
    async with app.run_test(size=(120, 40)) as pilot:
        loading = app.screen.query_one(LoadingView)
        assert "Reading " + str(path) in text_of(loading.query_one("#loading-what"))
        assert app.screen.query_one(ProgressBar)
        # Program keys wait for the program; help and quit do not.
        offered = app.screen.active_bindings
        assert "space" not in offered and offered["question_mark"].enabled
        await until(pilot, lambda: shown_ids(app) if app.screen.query(ProgramView) else [])
        assert not app.query(LoadingView)
        assert len(shown_ids(app)) == 400
        assert "Synthetic conference of 400 items" in text_of(app.screen.query_one("#header-title"))
        assert app.focused is app.screen.query_one(ProgramView)
        await pilot.press("down", "space")
        starred = app.screen.query_one(ProgramView).item.id
    assert starred in StateStore("synthetic-400").load().stars
    assert app.return_value is None
    # Read once, kept in the cache: the next open needs no reading.
    assert quick_program(path) == load_program(path)


async def test_a_broken_program_leaves_with_the_located_problems():
    path = DATA / "broken" / "missing-field.yaml"
    app = PlannerApp(ProgramReader(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.return_value is not None)
    with pytest.raises(ProgramError) as direct:
        load_program(path)
    assert isinstance(app.return_value, ProgramError)
    assert app.return_value.problems == direct.value.problems
    assert app.return_code == 2


@pytest.mark.skipif(not HAS_PROC, reason="looks for the child in /proc")
async def test_quitting_while_reading_stops_the_reader(tmp_path):
    path = write_program(tmp_path, count=3000)
    app = PlannerApp(ProgramReader(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: children_reading(path))
        await pilot.press("q")
    assert app.return_value is None
    assert children_reading(path) == []
