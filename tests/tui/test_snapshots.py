"""What the main screens look like, at 80x24 and 120x40 (pytest-textual-snapshot).

After a deliberate change to the look, review the new pictures and update them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest


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
