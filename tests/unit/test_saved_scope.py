"""The core's Scope with hidden rooms and tracks, and the planner's scope kept between runs."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import yaml

from itinerary.model import Program
from itinerary.paths import scope_file
from itinerary.saved_scope import load_scope, save_scope
from itinerary.scope import Scope, count_by_day
from itinerary.validation import validate
from tests.tui.conftest import CLASHES

BERLIN = ZoneInfo("Europe/Berlin")


def clash_conf() -> Program:
    return validate(Program, CLASHES)


def test_a_hidden_room_or_track_hides_only_its_items():
    program = clash_conf()
    scope = Scope().hiding(room="Hall A")
    shown = [item.id for item in program.in_time_order if scope.admits(item, BERLIN)]
    assert shown == ["workshop", "talk", "posters", "p1", "p2"]  # the posters are in no room
    assert scope.described(BERLIN) == ["hidden room: Hall A"]
    both = scope.hiding(room="Hall B", track="Science")
    assert both.described(BERLIN) == ["hidden rooms: Hall A, Hall B", "hidden track: Science"]


def test_items_are_counted_by_day_in_the_zone():
    counts = count_by_day(clash_conf().items, ZoneInfo("Pacific/Kiritimati"))  # UTC+14
    assert counts == {date(2026, 5, 4): 3, date(2026, 5, 5): 3}


def test_the_scope_is_saved_for_each_program_and_kept_to_what_it_still_has():
    program = clash_conf()
    scope = Scope(
        rooms=frozenset({"Hall B", "Gone hall"}),
        days=frozenset({date(2026, 5, 4), date(2030, 1, 1)}),
        hidden_rooms=frozenset({"Hall A"}),
        hidden_tracks=frozenset({"Old track"}),
    )
    save_scope(program.id, scope)
    saved = yaml.safe_load(scope_file(program.id).read_text())
    assert saved == {
        "format": 1,
        "rooms": ["Gone hall", "Hall B"],
        "hidden_rooms": ["Hall A"],
        "hidden_tracks": ["Old track"],
        "days": ["2026-05-04", "2030-01-01"],
    }
    assert load_scope("other", program.items, BERLIN) == (Scope(), [])
    loaded, notices = load_scope(program.id, program.items, BERLIN)
    assert notices == []
    assert loaded == Scope(
        rooms=frozenset({"Hall B"}),
        days=frozenset({date(2026, 5, 4)}),
        hidden_rooms=frozenset({"Hall A"}),
    )
    save_scope(program.id, Scope())  # nothing chosen: no file
    assert not scope_file(program.id).exists()


def test_a_saved_scope_that_cannot_be_read_is_moved_aside_and_said():
    program = clash_conf()
    path = scope_file(program.id)
    path.parent.mkdir(parents=True)
    for text in ("format: 1\nrooms: Hall A\n", "format: 1\ndays: [2026-05-04 10:00]\n", "[: x"):
        path.write_text(text)
        scope, notices = load_scope(program.id, program.items, BERLIN)
        assert scope == Scope() and len(notices) == 1
        assert "could not be read" in notices[0] and "moved to" in notices[0]
        assert not path.exists()
    assert len(list(path.parent.glob("clash-conf.yaml.unreadable-*"))) == 3
