"""--room, --track and --day: the program and the agenda narrowed to where and when."""

from __future__ import annotations

import json

import pytest

from itinerary.cli import main

PROGRAM = """
id: tracks
title: Track Conf
timezone: Europe/Berlin
items:
  - {id: rust-intro, kind: talk, title: Rust for beginners, room: Hall A, track: Languages,
     start: "2026-05-04T09:00:00+02:00", end: "2026-05-04T10:00:00+02:00"}
  - {id: kernel, kind: talk, title: The kernel, room: Hall B, track: Systems,
     start: "2026-05-04T09:00:00+02:00", end: "2026-05-04T10:00:00+02:00"}
  - {id: late, kind: social, title: Late party, room: Bar,
     start: "2026-05-04T23:30:00+02:00", end: "2026-05-05T02:00:00+02:00"}
  - {id: day-two, kind: talk, title: Day two talk, room: Hall A, track: Systems,
     start: "2026-05-05T09:00:00+02:00", end: "2026-05-05T10:00:00+02:00"}
"""


@pytest.fixture
def program(tmp_path):
    path = tmp_path / "tracks.yaml"
    path.write_text(PROGRAM, encoding="utf-8")
    return str(path)


def listed(capsys, program, *argv):
    status = main(["--program", program, "list", "--json", "--tz", "Europe/Berlin", *argv])
    out, err = capsys.readouterr()
    assert status == 0, err
    return [item["id"] for item in json.loads(out)]


@pytest.mark.parametrize(
    ("argv", "ids"),
    [
        ((), ["rust-intro", "kernel", "late", "day-two"]),
        (("--room", "hall a"), ["rust-intro", "day-two"]),  # case and spaces do not matter
        (("--room", "Hall  A", "--room", "bar"), ["rust-intro", "late", "day-two"]),
        (("--track", "systems"), ["kernel", "day-two"]),
        (("--day", "2026-05-05"), ["day-two"]),
        (("--day", "tue"), ["day-two"]),
        (("--day", "1"), ["rust-intro", "kernel", "late"]),
        (("--day", "Monday", "--track", "Systems"), ["kernel"]),
        (("--room", "Hall A", "--search", "rust"), ["rust-intro"]),
    ],
)
def test_list_narrowed_by_room_track_and_day(capsys, program, argv, ids):
    assert listed(capsys, program, *argv) == ids


def test_the_day_is_the_display_zones(capsys, program):
    # 23:30 in Berlin on the 4th is 06:30 on the 5th in Tokyo: another day there.
    status = main(["--program", program, "list", "--json", "--tz", "Asia/Tokyo", "--day", "2"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert [item["id"] for item in json.loads(out)] == ["late", "day-two"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--room", "Hall Q"), "no room 'Hall Q' (did you mean 'Hall B', 'Hall A'?)"),
        (("--track", "Lang"), "no track 'Lang' (did you mean 'Languages'?)"),
        (("--day", "3"), "no day '3' in the program (its days, in Europe/Berlin: "
                         "Mon 2026-05-04, Tue 2026-05-05)"),
        (("--day", "fri"), "no day 'fri'"),
        (("--day", "2026-13-01"), "no day '2026-13-01'"),
    ],
)  # fmt: skip
def test_a_room_track_or_day_that_names_nothing_is_an_error(capsys, program, argv, said):
    status = main(["--program", program, "list", "--tz", "Europe/Berlin", *argv])
    _, err = capsys.readouterr()
    assert status == 2 and said in err, err


def test_agenda_narrowed_says_so(capsys, program):
    assert main(["--program", program, "star", "rust-intro", "kernel", "day-two"]) == 0
    capsys.readouterr()
    status = main(["--program", program, "agenda", "--tz", "Europe/Berlin", "--day", "tue"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert "Only days: Tue 2026-05-05: 1 item" in out
    assert "[day-two]" in out and "[kernel]" not in out
    status = main(["--program", program, "agenda", "--json", "--track", "Systems"])
    out, _ = capsys.readouterr()
    assert [entry["id"] for entry in json.loads(out)] == ["kernel", "day-two"]
