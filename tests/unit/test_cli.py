"""The `itinerary` command: list, show, validate, schema; JSON as a stable interface."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from itinerary.cli import main
from itinerary.program import program_schema
from tests.conftest import DATA, ROOT


def run_json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_list_json_has_every_starrable_item(capsys):
    items = run_json(capsys, "list", "--json")
    assert len(items) == 72
    assert {"id", "kind", "title", "start", "end", "speakers", "session", "starred"} <= set(
        items[0]
    )
    assert items[0]["id"] == "opening"
    assert items[0]["start"] == "2023-07-29T08:55:00-10:00"
    assert items[-1] == {**items[-1], "id": "happy-hour", "end": "2023-07-29T21:00:00-10:00"}
    starts = [item["start"] for item in items]
    assert starts == sorted(starts)
    assert not any(item["starred"] for item in items)
    assert not any(item["id"].startswith("session-") for item in items)
    posters = [item for item in items if item["kind"] == "poster"]
    assert len(posters) == 53
    assert {p["session"] for p in posters} == {"poster-session"}
    assert {(p["start"], p["end"]) for p in posters} == {
        ("2023-07-29T13:00:00-10:00", "2023-07-29T14:15:00-10:00")
    }
    talk = next(item for item in items if item["id"] == "the-case-for-4-bit-inference")
    assert talk["speakers"] == ["Tim Dettmers"] and talk["session"] == "session-2"


def test_list_in_another_zone_keeps_the_instants(capsys):
    items = run_json(capsys, "list", "--json", "--tz", "Asia/Kathmandu")
    assert items[0]["start"] == "2023-07-30T00:40:00+05:45"
    assert items[-1]["end"] == "2023-07-30T12:45:00+05:45"


def test_list_filters_by_kind_and_search(capsys):
    talks = run_json(capsys, "list", "--json", "--kind", "invited-talk")
    assert len(talks) == 7
    both = run_json(capsys, "list", "--json", "--kind", "oral", "--kind", "panel")
    assert [i["kind"] for i in both].count("panel") == 1 and len(both) == 5
    # Search is case-insensitive over title, people (and affiliations) and abstract.
    assert [i["id"] for i in run_json(capsys, "list", "--json", "--search", "TRITON")] == [
        "implementing-block-sparse-matrix-multiplication",
        "high-performance-kernel-programming-with-triton",
    ]
    by_person = run_json(capsys, "list", "--json", "--search", "beidi chen")
    assert {i["id"] for i in by_person} == {
        "towards-structured-sparsity-in-transformers",
        "h2o-heavy-hitter-oracle-for-efficient-generative",
        "incremental-low-rank-learning",
    }
    in_abstract = run_json(capsys, "list", "--json", "--search", "zeroth-order")
    assert [i["id"] for i in in_abstract] == ["fine-tuning-language-models-with-just-forward"]
    assert run_json(capsys, "list", "--json", "--search", "no such words anywhere") == []


def test_list_for_people(capsys):
    assert main(["list", "--tz", "Europe/Berlin"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Saturday 2023-07-29 (Europe/Berlin)"
    # The times are as wide as the widest (one ends the next day), so the columns line up.
    assert out[1].startswith("  20:55–21:00 CEST           opening ")
    assert out[1].endswith("[opening]")
    # From 00:00 CEST (the 15:15 coffee break in Honolulu) the day is Sunday in Berlin.
    sunday = out.index("Sunday 2023-07-30 (Europe/Berlin)")
    assert out[sunday - 1].startswith("  23:55–00:10 (+1 day) CEST  oral ")
    assert out[sunday + 1].startswith("  00:10–01:00 CEST           break ")
    assert out[-1].startswith("  06:00–09:00 CEST           social ")
    kinds_at = {re.match(r"  \S.*? CES?T +", line).end() for line in out if line[0] == " "}
    assert kinds_at == {29}


def test_a_span_says_how_many_days_later_it_ends():
    from zoneinfo import ZoneInfo

    from itinerary.timezones import clock_span

    zone, start = ZoneInfo("Europe/Berlin"), datetime(2019, 12, 27, 10, tzinfo=timezone.utc)
    assert clock_span(start, start + timedelta(hours=2), zone) == "11:00–13:00 CET"
    assert clock_span(start, start + timedelta(hours=14), zone) == "11:00–01:00 (+1 day) CET"
    assert clock_span(start, start + timedelta(days=2), zone) == "11:00–11:00 (+2 days) CET"


def test_show_json(capsys):
    item = run_json(capsys, "show", "panel-llm-tooling", "--json", "--tz", "UTC")
    assert item["start"] == "2023-07-30T00:15:00+00:00"
    assert item["venue_start"] == "2023-07-29T14:15:00-10:00"
    assert item["venue_end"] == "2023-07-29T15:15:00-10:00"
    assert item["people"][0] == {"name": "Anna Goldie", "affiliation": "Anthropic"}
    assert item["abstract"] == ""
    poster = run_json(capsys, "show", "ziplm-inference-aware-structured-pruning", "--json")
    assert poster["people"][0] == {"name": "Eldar Kurtic", "affiliation": None}
    assert poster["abstract"].startswith("In this paper, we propose")
    assert poster["session"] == "poster-session"


def test_show_for_people_names_both_zones(capsys):
    assert main(["show", "happy-hour", "--tz", "America/New_York"]) == 0
    out = capsys.readouterr().out
    assert "Sat 2023-07-29 18:00–21:00 HST (Pacific/Honolulu)" in out
    assert "Sun 2023-07-30 00:00–03:00 EDT (America/New_York)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "nope"], "itinerary: no item 'nope' in program 'es-fomo-2023'"),
        (["show", "h2o"], "did you mean h2o-heavy-hitter-oracle-for-efficient-generative?"),
        (["list", "--tz", "Mars/Olympus"], "itinerary: unknown time zone 'Mars/Olympus'"),
        (["show", "opening", "--tz", "Europe/Berlni"], "did you mean Europe/Berlin"),
        (["--program", "/nonexistent/program.yaml", "list"], "/nonexistent/program.yaml: no such"),
    ],
)
def test_errors_exit_2_with_a_message(argv, message, capsys):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err and "Traceback" not in err


def test_program_from_option_and_environment(capsys, monkeypatch):
    minimal = str(DATA / "valid" / "minimal.yaml")
    assert len(run_json(capsys, "--program", minimal, "list", "--json")) == 3
    monkeypatch.setenv("ITINERARY_PROGRAM", minimal)
    assert len(run_json(capsys, "list", "--json")) == 3
    assert len(run_json(capsys, "list", "--program", minimal, "--json")) == 3
    # --program wins over the environment.
    assert len(run_json(capsys, "--program", str(ROOT / "program.yaml"), "list", "--json")) == 72


def test_validate_the_shipped_program(capsys):
    assert main(["validate", str(ROOT / "program.yaml")]) == 0
    assert "valid program 'es-fomo-2023': 72 items, 3 sessions" in capsys.readouterr().out


def test_schema_is_printed_and_committed_beside_the_program(capsys):
    printed = run_json(capsys, "schema")
    assert printed == program_schema()
    assert printed["$schema"].startswith("https://json-schema.org/")
    committed = json.loads((ROOT / "program.schema.json").read_text(encoding="utf-8"))
    assert committed == printed, "run `itinerary schema > program.schema.json`"
    assert (
        (ROOT / "program.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=program.schema.json\n")
    )


def test_hostile_text_is_printed_literally(tmp_path, capsys):
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        "id: evil\ntitle: Evil\ntimezone: UTC\nitems:\n"
        '  - id: x\n    kind: talk\n    title: "\\e[31mred\\e[0m [bold]x[/] \\r\\n\\a"\n'
        "    start: 2026-01-01T10:00:00Z\n    end: 2026-01-01T11:00:00Z\n",
        encoding="utf-8",
    )
    assert main(["--program", str(evil), "show", "x"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\a" not in out and "\r" not in out
    assert "[bold]x[/]" in out


def test_no_subcommand_outside_a_terminal_prints_help(capsys):
    """`itinerary` alone opens the planner; with no terminal to draw on it says so."""
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert "usage: itinerary" in out
    assert "the planner needs a terminal" in err


def test_installed_command_works_from_any_directory(tmp_path):
    env = {**os.environ, "ITINERARY_HOME": str(tmp_path / "home")}
    env.pop("ITINERARY_PROGRAM", None)
    command = Path(sys.executable).parent / "itinerary"
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "itinerary.cli"]
    result = subprocess.run(
        [*argv, "list", "--json"], cwd=tmp_path, capture_output=True, text=True, env=env, check=True
    )
    assert len(json.loads(result.stdout)) == 72


def test_broken_pipe_is_not_an_error(tmp_path):
    code = "import sys; from itinerary.cli import main; sys.exit(main(['list']))"
    shell = f'{sys.executable} -c "{code}" | head -1'
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.startswith("Saturday")
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_json_is_written_the_standard_way_and_takes_any_number(capsys):
    """orjson writes JSON for speed; the bytes are json.dumps's, and what orjson cannot take (an
    integer past 64 bits) is still written."""
    import json

    from itinerary.cli.output import print_json

    for value in ({"title": "Ünïcode ★", "items": [], "n": 3, "none": None}, {"n": 2**70}):
        print_json(value)
        assert capsys.readouterr().out == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
