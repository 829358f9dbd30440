"""Starring from the command line: star, unstar, tz, agenda, conflicts; JSON that scripts use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tzlocal

from itinerary.cli import main
from itinerary.storage import StateStore
from tests.conftest import DATA

H2O = "h2o-heavy-hitter-oracle-for-efficient-generative"
ZIPLM = "ziplm-inference-aware-structured-pruning"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *argv: str):
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    return json.loads(out)


def test_star_then_list_and_show_report_it(capsys):
    assert run(capsys, "star", H2O, "--note", "ask about the KV cache")[0] == 0
    assert run(capsys, "star", "happy-hour", "--maybe")[0] == 0
    items = {i["id"]: i for i in run_json(capsys, "list", "--json")}
    assert items[H2O] | {} == {**items[H2O], "starred": True, "priority": "must",
                               "note": "ask about the KV cache"}  # fmt: skip
    assert (items["happy-hour"]["priority"], items["happy-hour"]["note"]) == ("maybe", None)
    assert (items["opening"]["starred"], items["opening"]["priority"]) == (False, None)
    shown = run_json(capsys, "show", "happy-hour", "--json")
    assert shown["starred"] is True and shown["priority"] == "maybe"
    _status, out, _ = run(capsys, "list", "--kind", "social")
    assert "☆ 18:00–21:00 HST  social" in out


def test_star_changes_priority_and_note_of_an_existing_star(capsys):
    run(capsys, "star", H2O, "--note", "first")
    status, out, _ = run(capsys, "star", H2O, "--maybe")
    assert status == 0 and "☆ updated (maybe)" in out and "note: first" in out
    run(capsys, "star", H2O, "--must", "--note", "")
    shown = run_json(capsys, "show", H2O, "--json")
    assert (shown["priority"], shown["note"]) == ("must", None)


def test_unknown_ids_star_nothing_and_suggest(capsys):
    # Not the start of an id (a unique start names its item: see below), but inside one.
    status, out, err = run(capsys, "star", H2O, "inference-aware", "nonsense-id")
    assert status == 2 and out == ""
    assert f"'inference-aware' (did you mean {ZIPLM}?)" in err
    assert "'nonsense-id'" in err and "Nothing was starred." in err
    assert not any(i["starred"] for i in run_json(capsys, "list", "--json"))


def test_unstar(capsys):
    run(capsys, "star", H2O, ZIPLM)
    status, out, err = run(capsys, "unstar", H2O, "opening")
    assert status == 0 and "unstarred: H2O" in out
    assert "'opening' was not starred" in err
    assert [i["id"] for i in run_json(capsys, "list", "--json") if i["starred"]] == [ZIPLM]


def test_unstar_of_an_unknown_id_changes_nothing_and_exits_2(capsys):
    run(capsys, "star", H2O, ZIPLM)
    status, out, err = run(capsys, "unstar", ZIPLM, "inference-aware")
    assert status == 2 and out == ""
    assert "'inference-aware' (did you mean ziplm-inference-aware-structured-pruning" in err
    assert "Nothing was unstarred." in err
    assert {i["id"] for i in run_json(capsys, "list", "--json") if i["starred"]} == {H2O, ZIPLM}


def test_tz_saves_prints_and_resets(capsys, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    tzlocal.reload_localzone()
    status, out, _ = run(capsys, "tz")
    assert status == 0 and out.startswith("Asia/Tokyo (system; now JST, UTC+09:00)")
    status, out, _ = run(capsys, "tz", "Europe/Berlin")
    assert out.startswith("Saved: times will be shown in Europe/Berlin.\nEurope/Berlin (saved")
    assert StateStore("es-fomo-2023").load().timezone == "Europe/Berlin"
    assert run_json(capsys, "list", "--json")[0]["start"] == "2023-07-29T20:55:00+02:00"
    # --tz wins over the saved zone, without changing it.
    assert run_json(capsys, "list", "--json", "--tz", "UTC")[0]["start"].endswith("+00:00")
    assert StateStore("es-fomo-2023").load().timezone == "Europe/Berlin"
    status, out, _ = run(capsys, "tz", "--reset")
    assert "Asia/Tokyo (system" in out
    status, _, err = run(capsys, "tz", "Europe/Berln")
    assert status == 2 and "did you mean Europe/Berlin" in err


def test_tz_names_tz_as_the_source_when_given_before_or_after_the_command(capsys, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    tzlocal.reload_localzone()
    for argv in (("tz", "--tz", "America/Chicago"), ("--tz", "America/Chicago", "tz")):
        status, out, err = run(capsys, *argv)
        assert status == 0, err
        assert out.startswith("America/Chicago (--tz; now C"), out
    status, out, _ = run(capsys, "tz")
    assert out.startswith("Asia/Tokyo (system")  # --tz was for that command only
    status, _, err = run(capsys, "tz", "--tz", "new york")
    assert status == 2 and "did you mean America/New_York?" in err


def overlapping_program(tmp_path):
    path = tmp_path / "clash.yaml"
    path.write_text(
        """
id: clash
title: Clash Conf
timezone: Europe/Berlin
items:
  - {id: keynote, kind: keynote, title: Keynote, room: Hall A,
     start: "2026-05-04T09:00:00+02:00", end: "2026-05-04T10:00:00+02:00"}
  - {id: workshop, kind: workshop, title: Workshop, room: Hall B,
     start: "2026-05-04T09:45:00+02:00", end: "2026-05-04T11:00:00+02:00"}
  - {id: talk, kind: talk, title: Talk, room: Hall C,
     start: "2026-05-04T11:03:00+02:00", end: "2026-05-04T11:30:00+02:00"}
  - {id: late, kind: social, title: Late party, room: Bar,
     start: "2026-05-04T23:30:00+02:00", end: "2026-05-05T02:00:00+02:00"}
  - {id: posters, kind: poster-session, title: Posters,
     start: "2026-05-04T13:00:00+02:00", end: "2026-05-04T14:15:00+02:00"}
  - {id: p1, kind: poster, title: Poster one, parent: posters}
  - {id: p2, kind: poster, title: Poster two, parent: posters}
""",
        encoding="utf-8",
    )
    return str(path)


def test_conflicts_json_and_text(capsys, tmp_path):
    program = overlapping_program(tmp_path)
    run(capsys, "--program", program, "star", "keynote", "workshop", "talk", "p1", "p2", "posters")
    assert run_json(capsys, "--program", program, "conflicts", "--json") == [
        {"items": ["keynote", "workshop"], "kind": "overlap", "minutes": 15},
        {"items": ["workshop", "talk"], "kind": "travel", "minutes": 3},
    ]
    assert run_json(capsys, "--program", program, "conflicts", "--json", "--travel", "2") == [
        {"items": ["keynote", "workshop"], "kind": "overlap", "minutes": 15},
    ]
    status, out, _ = run(capsys, "--program", program, "conflicts", "--tz", "Europe/Berlin")
    assert status == 0
    assert "overlap of 15 min:" in out
    assert "travel: 3 min between rooms (Hall B → Hall C):" in out
    assert "2 posters starred in 75 minutes (Posters)" in out


def test_agenda_marks_conflicts_and_crossing_midnight(capsys, tmp_path):
    program = overlapping_program(tmp_path)
    run(capsys, "--program", program, "star", "keynote", "workshop", "late", "--note", "bring ID")
    status, out, _ = run(capsys, "--program", program, "agenda", "--tz", "America/New_York")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Clash Conf: 3 starred, 1 conflict; times in America/New_York (--tz)"
    assert "Monday 2026-05-04" in lines
    # The room column is as wide as the longest room among the starred items.
    assert "!★ 03:00–04:00 EDT  keynote        Hall A  Keynote  [keynote]" in lines
    assert "        ! overlaps by 15 min: Workshop  [workshop]" in lines
    assert "        note: bring ID" in lines
    # 23:30–02:00 in Berlin is 17:30–20:00 in New York: same day. In Tokyo it starts the next
    # day; in Berlin it crosses midnight and shows under its start day, its end marked.
    status, out, _ = run(capsys, "--program", program, "agenda", "--tz", "Europe/Berlin")
    assert " ★ 23:30–02:00 (+1 day) CEST  social         Bar     Late party  [late]" in out
    assert "Tuesday" not in out


def test_the_room_column_is_cut_to_a_fifth_of_the_terminal(capsys, tmp_path, monkeypatch):
    program = overlapping_program(tmp_path)
    long_room = "room: The Great Hall of the West Wing"
    Path(program).write_text(Path(program).read_text().replace("room: Hall A", long_room))
    for columns, shown in (("200", "The Great Hall of the West Wing  "), ("60", "The Great H…  ")):
        monkeypatch.setenv("COLUMNS", columns)
        status, out, _ = run(capsys, "--program", program, "list", "--tz", "UTC")
        assert status == 0
        keynote = next(line for line in out.splitlines() if "[keynote]" in line)
        assert f"keynote        {shown}Keynote" in keynote, keynote
    # A program without rooms has no room column.
    monkeypatch.delenv("COLUMNS")
    status, out, _ = run(capsys, "list", "--tz", "UTC")
    # (its times as wide as the widest, which ends the next day in UTC)
    opening = "  18:55–19:00 UTC           opening        Welcome and opening remarks  [opening]"
    assert opening in out


def test_agenda_json_and_empty(capsys):
    status, out, _ = run(capsys, "agenda")
    assert status == 0 and "0 starred" in out and "Nothing starred yet" in out
    run(capsys, "star", H2O, ZIPLM)
    entries = run_json(capsys, "agenda", "--json")
    assert [e["id"] for e in entries] == [H2O, ZIPLM]
    assert all(e["conflicts"] == [] for e in entries)


def test_missing_stars_are_reported_not_dropped(capsys, tmp_path):
    run(capsys, "star", H2O)
    # Another version of the program, without the H2O poster.
    changed = tmp_path / "changed.yaml"
    original = (DATA.parents[1] / "program.yaml").read_text(encoding="utf-8")
    start = original.index(f"- id: {H2O}")
    end = original.index("- id: ", start + 5)
    changed.write_text(original[:start] + original[end:], encoding="utf-8")
    status, out, err = run(capsys, "--program", str(changed), "agenda")
    assert status == 0 and "0 starred" in out
    assert f"1 starred item is not in this program (kept, in case it comes back): {H2O}" in err
    run(capsys, "--program", str(changed), "star", "opening")
    # Back to the original program: the star matches again.
    assert {e["id"] for e in run_json(capsys, "agenda", "--json")} == {H2O, "opening"}


@pytest.mark.parametrize("argv", [["conflicts", "--travel", "-3"], ["agenda", "--travel", "x"]])
def test_bad_travel_allowance(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_every_command_says_when_the_state_was_moved_aside(capsys):
    store = StateStore("es-fomo-2023")
    store.directory.mkdir(parents=True)
    store.path.write_text("stars: [broken\n", encoding="utf-8")
    status, out, err = run(capsys, "list", "--json")
    assert status == 0 and len(json.loads(out)) == 72
    assert "could not be read" in err and "was moved to" in err
    assert len(list(store.directory.glob("es-fomo-2023.yaml.unreadable-*"))) == 1


def test_a_note_with_undecodable_bytes_is_kept_readable(tmp_path):
    """A Latin-1 byte typed in a UTF-8 terminal arrives as a lone surrogate in argv."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ITINERARY_HOME": str(tmp_path / "home")}
    note = b"caf\xe9"
    subprocess.run([sys.executable, "-m", "itinerary.cli", "star", "opening", "--note", note],
                   env=env, check=True, capture_output=True)  # fmt: skip
    shown = subprocess.run([sys.executable, "-m", "itinerary.cli", "show", "opening", "--json"],
                           env=env, check=True, capture_output=True, text=True)  # fmt: skip
    assert json.loads(shown.stdout)["note"] == "caf\N{REPLACEMENT CHARACTER}"
    assert "could not be read" not in shown.stderr


def test_unstar_says_the_note_is_kept_and_star_brings_it_back(capsys):
    from itinerary.cli import main as run_main

    assert run_main(["star", "opening", "--note", "front row"]) == 0
    assert run_main(["unstar", "opening"]) == 0
    out = capsys.readouterr().out
    assert "its note is kept, and back when you star it again: front row" in out
    assert run_main(["star", "opening"]) == 0
    assert run_main(["show", "opening"]) == 0
    assert "note:     front row" in capsys.readouterr().out


def test_a_unique_start_of_an_id_names_its_item(capsys):
    status, out, err = run(capsys, "star", "h2o-heavy", "zipl")
    assert status == 0, err
    assert f"[{H2O}]" in out and f"[{ZIPLM}]" in out
    assert set(StateStore("es-fomo-2023").load().stars) == {H2O, ZIPLM}
    status, out, _ = run(capsys, "show", "h2o-h")
    assert status == 0 and f"  id:       {H2O}" in out
    status, out, _ = run(capsys, "unstar", "zipl")
    assert status == 0 and f"[{ZIPLM}]" in out
    assert set(StateStore("es-fomo-2023").load().stars) == {H2O}


def test_an_ambiguous_or_short_start_names_nothing_and_changes_nothing(capsys):
    assert run(capsys, "star", H2O)[0] == 0
    before = StateStore("es-fomo-2023").path.read_bytes()
    status, _, err = run(capsys, "star", "train")
    assert status == 2
    assert (
        "'train' is the start of several ids (training-diffusion-models-with-reinforcement, "
        "training-large-language-models-on-cerebras-wafer): give more of it. Nothing was starred."
    ) in err
    assert StateStore("es-fomo-2023").path.read_bytes() == before
    status, _, err = run(capsys, "show", "towar")
    assert status == 2 and "is the start of several ids" in err
    # Three characters are too few to stand for an id, even a unique start of one.
    status, _, err = run(capsys, "star", "zip")
    assert status == 2 and f"'zip' (did you mean {ZIPLM}, " in err
    assert StateStore("es-fomo-2023").path.read_bytes() == before
