"""What is on now and what comes next, at fixed moments (the clock is given, never read)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from itinerary.cli import main
from itinerary.errors import ItineraryError
from itinerary.model import Program
from itinerary.selection import Star, State
from itinerary.validation import dump, validate
from itinerary.vocabulary import Priority
from itinerary.whats_on import first_current, moment_named, status_at, whats_on
from itinerary.wording import minutes_left, starts_in

BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


PROGRAM = validate(Program, {
    "id": "rooms", "title": "Rooms Conf", "timezone": "Europe/Berlin",
    "items": [
        {"id": "a1", "kind": "talk", "title": "A one", "room": "A",
         "start": "2026-05-04T09:00:00+02:00", "end": "2026-05-04T10:00:00+02:00"},
        {"id": "b1", "kind": "talk", "title": "B one", "room": "B",
         "start": "2026-05-04T09:30:00+02:00", "end": "2026-05-04T10:30:00+02:00"},
        {"id": "a2", "kind": "talk", "title": "A two", "room": "A",
         "start": "2026-05-04T10:15:00+02:00", "end": "2026-05-04T11:00:00+02:00"},
        {"id": "a3", "kind": "talk", "title": "A three", "room": "A",
         "start": "2026-05-04T10:45:00+02:00", "end": "2026-05-04T11:15:00+02:00"},
        {"id": "b2", "kind": "talk", "title": "B two", "room": "B",
         "start": "2026-05-04T16:00:00+02:00", "end": "2026-05-04T17:00:00+02:00"},
        {"id": "c1", "kind": "talk", "title": "C day two", "room": "C",
         "start": "2026-05-05T09:00:00+02:00", "end": "2026-05-05T10:00:00+02:00"},
    ],
})  # fmt: skip


def ids(showing) -> list[str]:
    return [s.item.id for s in showing]


def test_running_and_next_with_my_stars_first():
    state = State(program="rooms", stars={"b1": Star(), "a3": Star(priority=Priority.MAYBE)})
    on = whats_on(PROGRAM, state, at("2026-05-04T09:45:00+02:00"))
    assert on.status == "during"
    assert ids(on.now) == ["b1", "a1"]  # mine first, then by start
    assert [s.minutes for s in on.now] == [45, 15]
    # Within the hour: a2 (10:15) and a3 (10:45, starred: first); B's next is at 16:00, beyond
    # the hour, but every room shows its next; C's first is tomorrow.
    assert ids(on.next) == ["a3", "a2", "b2", "c1"]
    assert [s.minutes for s in on.next] == [60, 30, 375, 1395]


def test_an_item_starting_exactly_now_is_running_and_one_ending_now_is_not():
    on = whats_on(PROGRAM, State(program="rooms"), at("2026-05-04T10:00:00+02:00"))
    assert ids(on.now) == ["b1"]  # a1 ended at 10:00
    on = whats_on(PROGRAM, State(program="rooms"), at("2026-05-04T09:30:00+02:00"))
    assert "b1" in ids(on.now)


def test_seconds_to_go_round_up_to_a_minute():
    on = whats_on(PROGRAM, State(program="rooms"), at("2026-05-04T10:14:30+02:00"))
    assert (on.next[0].item.id, on.next[0].minutes) == ("a2", 1)


def test_before_and_after_the_conference():
    before = whats_on(PROGRAM, State(program="rooms"), at("2026-05-01T12:00:00+00:00"))
    assert before.status == "before" and before.now == [] and ids(before.next)[0] == "a1"
    assert before.first_start == at("2026-05-04T07:00:00+00:00")
    after = whats_on(PROGRAM, State(program="rooms"), at("2026-06-01T12:00:00+00:00"))
    assert after.status == "after" and after.now == after.next == []
    assert after.last_end == at("2026-05-05T08:00:00+00:00")


@pytest.mark.parametrize(
    ("typed", "zone", "expected"),
    [
        ("2026-05-04T10:00:00+02:00", "UTC", "2026-05-04T08:00:00+00:00"),
        ("2026-05-04T08:00Z", "UTC", "2026-05-04T08:00:00+00:00"),
        ("2026-05-04 10:00", "Europe/Berlin", "2026-05-04T08:00:00+00:00"),
        ("mon 10:00", "Europe/Berlin", "2026-05-04T08:00:00+00:00"),
        ("Tuesday 9:05", "Europe/Berlin", "2026-05-05T07:05:00+00:00"),
        ("2 09:05", "Europe/Berlin", "2026-05-05T07:05:00+00:00"),
        ("mon 10:00", "America/New_York", "2026-05-04T14:00:00+00:00"),
    ],
)
def test_at_names_an_instant(typed, zone, expected):
    moment = moment_named(typed, PROGRAM, ZoneInfo(zone))
    assert moment.astimezone(timezone.utc) == at(expected)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("10:00", "which day? The conference has 2 (Mon 2026-05-04, Tue 2026-05-05)"),
        ("fri 10:00", "no day 'fri' in the program"),
        ("mon 25:00", "give a time on a conference day"),
        ("soon", "give a time on a conference day"),
        ("2026-05-07T10:00", "no day '2026-05-07' in the program"),  # no offset: a day's time
    ],
)
def test_at_that_names_no_moment_says_why(typed, said):
    with pytest.raises(ItineraryError) as error:
        moment_named(typed, PROGRAM, BERLIN)
    assert said in str(error.value)


def test_the_command_now(capsys, tmp_path):
    path = tmp_path / "rooms.yaml"
    path.write_text(json.dumps(dump(PROGRAM)), encoding="utf-8")
    base = ["--program", str(path), "now", "--tz", "Europe/Berlin"]
    assert main(["--program", str(path), "star", "b1"]) == 0
    capsys.readouterr()
    assert main([*base, "--at", "mon 09:45"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rooms Conf · Mon 2026-05-04 09:45 CEST (Europe/Berlin)\n")
    assert "\nNow (2 items):\n" in out
    assert "\nNow (2 items):\n" in out
    assert "★     09:30–10:30 CEST  talk           B       B one  [b1]  (45 min left)" in out
    assert "      10:15–11:00 CEST  talk           A       A two  [a2]  (in 30 min)" in out
    assert "      16:00–17:00 CEST  talk           B       B two  [b2]  (in 6 h)" in out
    # The next in room C is tomorrow: its line says the day, as the planner's Now and next does
    # (its times alone would read as today), and the others make room for it.
    assert "  Tue 09:00–10:00 CEST  talk           C       C day two  [c1]  (in 23 h)" in out
    assert main([*base, "--at", "tue 09:30"]) == 0  # all on the day of the moment: no days
    assert "\n  09:00–10:00 CEST  talk           C       C day two  [c1]  (30 min left)\n" in (
        capsys.readouterr().out
    )
    assert main([*base, "--at", "2026-05-04T07:45:00Z", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "during" and shown["at"] == "2026-05-04T09:45:00+02:00"
    assert [(i["id"], i["minutes_left"], i["starred"]) for i in shown["now"]] == [
        ("b1", 45, True), ("a1", 15, False)]  # fmt: skip
    assert main([*base, "--at", "2026-06-01T12:00Z"]) == 0
    out = capsys.readouterr().out
    assert "The conference is over: it ran from Mon 2026-05-04 09:00 CEST (Europe/Berlin) to " \
           "Tue 2026-05-05 10:00 CEST (Europe/Berlin)." in out  # fmt: skip
    assert main([*base, "--at", "10:00"]) == 2
    assert "which day?" in capsys.readouterr().err


def test_where_a_list_opens_at_now():
    items = PROGRAM.in_time_order
    # 10:20: a1 is over, b1 (begun 09:30, within the hour) runs: there.
    assert first_current(items, at("2026-05-04T10:20:00+02:00")).id == "b1"
    # 10:40: b1 began over an hour ago; a2 (10:15) runs: there, not at b1.
    assert first_current(items, at("2026-05-04T10:40:00+02:00")).id == "a2"
    # 11:20: nothing runs; the next is B two at 16:00.
    assert first_current(items, at("2026-05-04T11:20:00+02:00")).id == "b2"
    # Only an item begun long ago is left: that one.
    assert first_current(items[:2], at("2026-05-04T10:25:00+02:00")).id == "b1"
    assert first_current(items, at("2026-06-01T12:00:00+00:00")) is None


def test_status_at_a_moment():
    assert status_at(PROGRAM, at("2026-05-04T06:59:00+00:00")) == "before"
    assert status_at(PROGRAM, at("2026-05-04T07:00:00+00:00")) == "during"
    assert status_at(PROGRAM, at("2026-05-05T08:00:00+00:00")) == "after"  # the last end


@pytest.mark.parametrize(
    ("minutes", "left", "to_go"),
    [(1, "1 min left", "in 1 min"), (119, "119 min left", "in 119 min"),
     (203, "3 h left", "in 3 h"), (2880, "48 h left", "in 2 days")],
)  # fmt: skip
def test_how_long_is_said_alike_by_both_faces(minutes, left, to_go):
    assert (minutes_left(minutes), starts_in(minutes)) == (left, to_go)
