"""RowBuilder, which the program screen uses at every keystroke, makes the rows build_rows makes:
for any items shown, any poster sessions folded, in any zone."""

from __future__ import annotations

import random
from dataclasses import replace
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.model import Program
from itinerary.program import default_program_path, load_program
from itinerary.tui.rows import RowBuilder, build_rows
from itinerary.validation import validate
from tests.factories import synthetic_program_data


def with_sessions(count: int, seed: int) -> Program:
    """A made-up program whose items belong to sessions, some of them, in no particular order
    (parallel sessions interleave in time order), one session without a heading of its own."""
    data = synthetic_program_data(count, seed=seed, rooms=4)
    rng = random.Random(seed)
    data["sessions"] = [{"id": f"s{n}", "title": f"Session {n}"} for n in range(4)]
    for entry in data["items"]:
        if "parent" not in entry and rng.random() < 0.7:
            entry["session"] = f"s{rng.randrange(4)}"
    return validate(Program, data)


PROGRAMS = [load_program(default_program_path()), with_sessions(700, seed=3)]
# The program's zone, a 45-minute offset, DST at midnight (Santiago) and a day that never was.
ZONES = ["Europe/Berlin", "Asia/Kathmandu", "America/Santiago", "Pacific/Apia"]


@settings(max_examples=150, deadline=None)
@given(
    which=st.integers(0, len(PROGRAMS) - 1),
    zone=st.sampled_from(ZONES),
    seed=st.integers(0, 2**32),
    share=st.sampled_from([0.0, 0.05, 0.5, 0.95, 1.0]),
    copies=st.booleans(),
)
def test_the_builder_makes_the_rows_build_rows_makes(
    which: int, zone: str, seed: int, share: float, copies: bool
) -> None:
    program = PROGRAMS[which]
    rng = random.Random(seed)
    items = [item for item in program.in_time_order if rng.random() < share]
    if copies:  # equal items that are other objects (a program read again) are found by id
        items = [replace(item) for item in items]
    parents = sorted({item.parent for item in program.items if item.parent})
    folded = {parent for parent in parents if rng.random() < 0.5}
    tz = ZoneInfo(zone)
    builder = RowBuilder(program, tz)
    expected = build_rows(program, items, tz, folded)
    assert builder.rows(items, folded) == expected
    assert builder.rows(items, folded) == expected  # and again, from what it kept
    everything = program.in_time_order
    assert builder.rows(everything, set()) == build_rows(program, everything, tz, set())


def test_every_kind_of_row_is_made() -> None:
    program = PROGRAMS[0]
    rows = RowBuilder(program, program.zone).rows(program.in_time_order, set())
    assert {row.kind for row in rows} == {"day", "session", "item"}
    assert any(row.nested for row in rows)
    parent = next(item.parent for item in program.items if item.parent)
    folded = RowBuilder(program, program.zone).rows(program.in_time_order, {parent})
    assert any(row.hidden_children for row in folded)
