"""Behaviour kept through refactors: every README example and the JSON of list/show/agenda/
conflicts on three programs, byte for byte as recorded (see tests/golden/scenarios.py)."""

from __future__ import annotations

import difflib

import pytest

from tests.golden.scenarios import SCENARIOS, SCHEDULES, Scenario, read, run


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_the_commands_print_and_write_what_was_recorded(scenario: Scenario):
    if not scenario.available():
        pytest.skip(f"the published schedules are not there ({SCHEDULES})")
    recorded = read(scenario)
    assert recorded is not None, f"no golden record of {scenario.name}: record it first"
    now = run(scenario)
    if now != recorded:
        diff = difflib.unified_diff(
            recorded.splitlines(), now.splitlines(), "recorded", "now", lineterm="", n=2
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(f"{scenario.name} differs from its record:\n{shown}")
