"""Conflicts: half-open overlaps, posters that do not clash, travel between rooms; the sweep
finds exactly what comparing every pair finds."""

from __future__ import annotations

import itertools
import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.conflicts import find_conflicts, poster_loads
from itinerary.model import Item, Kind
from tests.factories import item, synthetic_program


def pairs(conflicts) -> set[tuple[str, str, str, int]]:
    return {(c.first.id, c.second.id, c.kind, c.minutes) for c in conflicts}


def test_overlap_counts_minutes_and_names_the_earlier_first():
    a, b = item("a", 0, 30), item("b", 20, 30)
    assert pairs(find_conflicts([b, a])) == {("a", "b", "overlap", 10)}


def test_back_to_back_items_do_not_conflict():
    assert find_conflicts([item("a", 0, 30), item("b", 30, 30)]) == []


def test_containment_counts_the_inner_length():
    assert pairs(find_conflicts([item("outer", 0, 120), item("inner", 30, 15)])) == {
        ("outer", "inner", "overlap", 15)
    }


def test_identical_times_conflict_once():
    assert pairs(find_conflicts([item("b", 0, 30), item("a", 0, 30)])) == {
        ("a", "b", "overlap", 30)
    }


def posters_and_session() -> list[Item]:
    session = item("posters", 60, 75, kind=Kind.POSTER_SESSION)
    boards = [item(f"p{n}", 60, 75, kind=Kind.POSTER, parent="posters") for n in range(4)]
    return [session, *boards]


def test_posters_of_one_session_never_conflict_and_are_a_load_instead():
    chosen = posters_and_session()
    assert find_conflicts(chosen) == []
    (load,) = poster_loads(chosen)
    assert load.session_id == "posters" and len(load.posters) == 4
    assert load.describe() == "4 posters starred in 75 minutes"


def test_a_poster_conflicts_with_a_talk_during_its_session():
    chosen = [*posters_and_session()[1:3], item("talk", 120, 30)]
    assert pairs(find_conflicts(chosen)) == {
        ("p0", "talk", "overlap", 15),
        ("p1", "talk", "overlap", 15),
    }


def test_posters_of_different_sessions_do_conflict():
    a = item("a", 0, 60, kind=Kind.POSTER, parent="s1")
    b = item("b", 30, 60, kind=Kind.POSTER, parent="s2")
    assert pairs(find_conflicts([a, b])) == {("a", "b", "overlap", 30)}


def test_travel_between_rooms():
    a, b = item("a", 0, 30, room="Hall A"), item("b", 33, 30, room="Hall B")
    assert pairs(find_conflicts([a, b])) == {("a", "b", "travel", 3)}
    # Back to back in different rooms: a 0-minute gap.
    c = item("c", 30, 30, room="Hall C")
    assert ("a", "c", "travel", 0) in pairs(find_conflicts([a, c]))
    # Same room (however it is written), no room, or a gap of the whole allowance: no warning.
    assert find_conflicts([a, item("d", 33, 30, room=" hall  a ")]) == []
    assert find_conflicts([a, item("e", 33, 30)]) == []
    assert find_conflicts([a, item("f", 35, 30, room="Hall B")]) == []
    # The allowance is configurable.
    assert pairs(find_conflicts([a, item("g", 40, 5, room="Hall B")], travel_minutes=15)) == {
        ("a", "g", "travel", 10)
    }
    assert find_conflicts([a, b], travel_minutes=0) == []


# --- the sweep against all pairs -----------------------------------------------------------------


def brute_force(items: list[Item], travel_minutes: float = 5):
    """Every pair, compared directly: slow, obviously right."""
    found = set()
    for x, y in itertools.combinations(items, 2):
        if (x.parent and x.parent == y.parent) or x.id == y.parent or y.id == x.parent:
            continue
        first, second = sorted((x, y), key=lambda i: (i.starts, i.ends, i.id))
        overlap = (min(x.ends, y.ends) - max(x.starts, y.starts)).total_seconds()
        gap = (second.starts - first.ends).total_seconds()
        if overlap > 0:
            found.add((first.id, second.id, "overlap", math.ceil(overlap / 60)))
        elif (
            first.room and second.room
            and first.room.casefold() != second.room.casefold()
            and gap < travel_minutes * 60
        ):  # fmt: skip
            found.add((first.id, second.id, "travel", math.floor(gap / 60)))
    return found


@st.composite
def item_sets(draw) -> list[Item]:
    count = draw(st.integers(min_value=0, max_value=25))
    chosen: list[Item] = []
    sessions = ["s1", "s2"]
    for n in range(count):
        kind = draw(st.sampled_from([Kind.TALK, Kind.POSTER, Kind.POSTER_SESSION]))
        start = draw(st.integers(min_value=0, max_value=300))
        length = draw(st.integers(min_value=1, max_value=120))
        room = draw(st.sampled_from([None, "A", "B", "C"]))
        if kind is Kind.POSTER:
            chosen.append(item(f"i{n}", start, length, kind=kind, room=room,
                               parent=draw(st.sampled_from(sessions))))  # fmt: skip
        elif kind is Kind.POSTER_SESSION:
            chosen.append(item(draw(st.sampled_from(sessions)) if n % 2 else f"i{n}", start,
                               length, kind=kind, room=room))  # fmt: skip
        else:
            chosen.append(item(f"i{n}", start, length, room=room))
    unique = {entry.id: entry for entry in chosen}
    return list(unique.values())


@settings(max_examples=400, deadline=None)
@given(items=item_sets(), travel=st.sampled_from([0, 5, 15]))
def test_sweep_equals_brute_force(items, travel):
    assert pairs(find_conflicts(items, travel)) == brute_force(items, travel)


@settings(max_examples=200, deadline=None)
@given(items=item_sets(), seed=st.integers())
def test_conflicts_are_symmetric_and_never_with_oneself(items, seed):
    found = find_conflicts(items)
    shuffled = items[:]
    random.Random(seed).shuffle(shuffled)
    # The same clashes whatever the order given: the relation is symmetric.
    assert pairs(find_conflicts(shuffled)) == pairs(found)
    related = {frozenset(c.ids) for c in found}
    assert all(len(pair) == 2 for pair in related)
    assert len(related) == len(found)


def test_sweep_on_a_big_program_agrees_with_brute_force():
    program = synthetic_program(1500, seed=3, rooms=8)
    chosen = [entry for entry in program.items if hash(entry.id) % 3]
    assert pairs(find_conflicts(chosen)) == brute_force(chosen)
