"""What the main screens look like, at 80x24 and 120x40 (pytest-textual-snapshot).

After a deliberate change to the look, review the new pictures and update them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from itinerary.program import load_program


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_program(snap_compare, make_app, es_fomo, size):
    assert snap_compare(make_app(es_fomo), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_program_searched_with_stars(snap_compare, make_app, es_fomo, size):
    keys = ["down", "space", "down", "m", "slash", *"inference", "enter"]
    assert snap_compare(make_app(es_fomo), press=keys, terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_my_itinerary_with_a_conflict(snap_compare, make_app, clash_conf, size):
    keys = ["space", "down", "space", "down", "down", "space", "down", "space", "i"]
    assert snap_compare(make_app(clash_conf), press=keys, terminal_size=size)


def test_help(snap_compare, make_app, es_fomo):
    assert snap_compare(make_app(es_fomo), press=["question_mark"], terminal_size=(80, 24))


def test_program_on_a_light_theme(snap_compare, make_app, clash_conf):
    """Stars (must and maybe) and a clash on textual-light: the marks in the theme's text
    colours (their contrast is measured in test_theme_contrast.py)."""

    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"

    keys = ["space", "down", "space", "down", "m"]
    assert snap_compare(make_app(clash_conf), press=keys, run_before=light, terminal_size=(80, 24))


SCHEDULES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "schedules"
C3 = SCHEDULES / "36c3_merged.xml"


@pytest.mark.skipif(not C3.is_file(), reason="the 36C3 schedule is not there")
@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_36c3_with_rooms(snap_compare, make_app, size):
    """Rows with their room column: narrow at 80 columns, wider at 160 (beside the detail)."""
    program = load_program(C3, "Europe/Berlin")
    assert snap_compare(make_app(program, "Europe/Berlin"), terminal_size=size)
