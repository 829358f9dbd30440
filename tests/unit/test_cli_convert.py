"""Foreign programs from the command line: opened with --program, turned into our format with
`itinerary convert`, and starred across an updated schedule."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from itinerary.cli import main
from itinerary.program import load_program
from tests.conftest import DATA

# A program's entries in the store (their names end in a hex digest), not the words beside them.
PROGRAM_ENTRIES = "*[0-9a-f].sqlite"

SCHEDULES = DATA / "schedules"
KEYNOTE = "1c7b5a8e-0000-4000-8000-000000000001"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", ["tinycon.xml", "tinycon.json", "tinycon.ics"])
def test_program_accepts_every_format_by_content(capsys, tmp_path, name):
    disguised = tmp_path / "schedule.txt"  # the extension says nothing
    disguised.write_bytes((SCHEDULES / name).read_bytes())
    status, out, err = run(capsys, "--program", str(disguised), "list", "--json")
    assert status == 0, err
    assert len(json.loads(out)) >= 2


def test_a_program_without_a_zone_asks_for_one(capsys):
    no_zone = str(SCHEDULES / "pentabarf-no-zone.xml")
    status, _, err = run(capsys, "--program", no_zone, "list")
    assert status == 2 and "--program-tz ZONE" in err and "itinerary convert FILE --tz" in err
    status, out, _ = run(capsys, "--program", no_zone, "--program-tz", "Europe/Brussels",
                         "list", "--json")  # fmt: skip
    assert status == 0 and json.loads(out)


def test_convert_writes_our_format(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "convert", str(SCHEDULES / "tinycon.xml"))
    assert status == 0
    assert out.startswith("Converted ") and out.endswith(" to tinycon24.yaml\n")
    converted = load_program(tmp_path / "tinycon24.yaml")
    original = load_program(SCHEDULES / "tinycon.xml")
    assert [(i.id, i.starts, i.title) for i in converted.items] == [
        (i.id, i.starts, i.title) for i in original.items
    ]
    # Never overwrites a file it was not told to write.
    status, _, err = run(capsys, "convert", str(SCHEDULES / "tinycon.xml"))
    assert status == 2 and "exists already" in err
    status, out, _ = run(capsys, "convert", str(SCHEDULES / "tinycon.xml"), "-o",
                         "tinycon24.yaml", "--id", "tiny")  # fmt: skip
    assert status == 0 and load_program(tmp_path / "tinycon24.yaml").id == "tiny"


def test_convert_to_standard_output_and_errors(capsys):
    status, out, err = run(capsys, "convert", str(SCHEDULES / "tinycon.json"), "-o", "-")
    assert status == 0 and out.startswith("#") and "Converted" in err
    status, _, err = run(capsys, "convert", str(SCHEDULES / "broken.xml"))
    assert status == 2 and err.startswith(f"itinerary: {SCHEDULES / 'broken.xml'}:")
    status, _, err = run(capsys, "convert", str(SCHEDULES / "xxe.xml"))
    assert status == 2 and "Traceback" not in err


def test_stars_survive_an_updated_schedule(capsys, tmp_path):
    first = tmp_path / "schedule.xml"
    first.write_bytes((SCHEDULES / "tinycon.xml").read_bytes())
    run(capsys, "--program", str(first), "star", KEYNOTE)
    # The organisers move the keynote by an hour and retitle it; its guid stays.
    updated = first.read_text(encoding="utf-8")
    updated = updated.replace("<date>2024-03-30T10:00:00+01:00</date>",
                              "<date>2024-03-30T11:00:00+01:00</date>", 1)  # fmt: skip
    updated = updated.replace("<title>Opening Keynote</title>", "<title>Keynote</title>", 1)
    first.write_text(updated, encoding="utf-8")
    _, out, _ = run(capsys, "--program", str(first), "agenda", "--json")
    (entry,) = json.loads(out)
    assert entry["id"] == KEYNOTE and entry["title"] == "Keynote"
    moved = datetime.fromisoformat(entry["start"])
    assert moved == datetime(2024, 3, 30, 10, 0, tzinfo=timezone.utc)  # 11:00 CET


def test_convert_caches_what_it_wrote(capsys, tmp_path, monkeypatch):
    """A big converted program opens from the cache the first time already."""
    from itinerary import program_store
    from itinerary.datafile import parse_program
    from itinerary.paths import cache_dir

    monkeypatch.setattr(program_store, "CACHE_FROM_BYTES", 100)
    out = tmp_path / "converted.yaml"
    run(capsys, "convert", str(SCHEDULES / "tinycon.xml"), "-o", str(out))
    (cached,) = (cache_dir() / "programs").glob(PROGRAM_ENTRIES)
    key = program_store.cache_key(out.read_bytes(), None)  # an entry says what it is for
    stored = program_store.read_store(cached.read_bytes(), key)
    assert stored is not None
    assert load_program(out) == stored
    assert load_program(out) == parse_program(out.read_bytes(), str(out))


@pytest.mark.parametrize("source", ["program.yaml", "tinycon.xml"])
@pytest.mark.parametrize("given", ["abc\n", "Not An Id", "_under"])
def test_a_wrong_id_is_said_the_same_way_for_every_program(capsys, tmp_path, source, given):
    """A YAML program and a published schedule refuse a wrong --id in the same words; an id
    ending in a newline passed the check once and then failed validation with a traceback."""
    from tests.conftest import ROOT

    path = ROOT / "program.yaml" if source == "program.yaml" else DATA / "schedules" / source
    status, out, err = run(capsys, "convert", str(path), "--id", given, "-o", str(tmp_path / "x"))
    assert status == 2 and out == ""
    assert err == (
        f"itinerary: --id: {given!r} is not a valid program id (lowercase letters, digits, '.', "
        "'_' and '-', starting with a letter or digit, at most 120 characters)\n"
    )
    assert not (tmp_path / "x").exists()
