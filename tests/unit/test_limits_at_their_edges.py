"""What a second adversarial probe found at the edges of the limits: years checked in the file's
offset instead of UTC, counts that a case or a fold could slip past, a link where the cache keeps
its entries, a terminal that cannot show a character, a base URL that is none, offsets with
seconds that a calendar reader drops."""

from __future__ import annotations

import os
import subprocess
import sys
import zoneinfo
from datetime import datetime, timezone

import pytest

from itinerary.errors import ProgramError
from itinerary.ics import build_calendar, next_versions, plan_events
from itinerary.model import Program
from itinerary.program import load_program
from itinerary.validation import validate


def run(home, cwd, *argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "itinerary", *argv], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "ITINERARY_HOME": str(home), **env}, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize("written", ["2200-12-31T23:00:00-05:00", "1900-01-01T00:00:00+01:00"])
def test_a_share_time_past_the_years_only_in_utc_is_refused_cleanly(tmp_path, written):
    (tmp_path / "eve.itinerary.yaml").write_text(
        "format: 1\nprogram: {id: es-fomo-2023, title: x, fingerprint: ''}\nowner: Eve\n"
        f"written: {written}\nstars:\n  - {{id: opening, title: x, start: 2023-07-29T18:55:00Z}}\n"
    )
    done = run(tmp_path / "home", tmp_path, "import", "eve.itinerary.yaml", "--overlay")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "is not between 1900 and 2200" in done.stderr


def test_a_program_time_in_1899_in_utc_is_refused_where_it_is_read():
    with pytest.raises(ValueError, match="the year 1899 is not between 1900 and 2200"):
        validate(Program, {
            "id": "edge", "title": "Edge", "timezone": "UTC",
            "items": [{"id": "a", "kind": "talk", "title": "A",
                       "start": "1900-01-01T00:10:00+01:00", "end": "1900-01-01T01:10:00+01:00"}],
        })  # fmt: skip


@pytest.mark.parametrize("begin", [b"begin:vevent", b"BEGIN:VEV\r\n ENT"])
def test_events_are_counted_whatever_their_case_or_folding(tmp_path, begin):
    event = begin + b"\r\nUID:x\r\nDTSTART:20240101T100000Z\r\nEND:VEVENT\r\n"
    path = tmp_path / "many.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\n" + event * 200_001 + b"END:VCALENDAR\r\n")
    with pytest.raises(ProgramError, match="holds about 200,001 events"):
        load_program(path, "UTC")


def test_schedule_json_events_without_guid_are_counted(tmp_path):
    event = '{"id": 1, "title": "t"},'
    path = tmp_path / "many.json"
    path.write_text('{"schedule": {"conference": {"days": [{"rooms": {"A": [' + event * 200_001
                    + '{}]}}]}}}')  # fmt: skip
    with pytest.raises(ProgramError, match="holds about 2"):
        load_program(path, "UTC")


def test_a_base_url_that_is_no_url_leaves_the_link_as_written(tmp_path):
    from tests.conftest import DATA

    text = (DATA / "schedules" / "tinycon.json").read_text()
    text = text.replace('"base_url": "https://tinycon.example/"', '"base_url": "http://[zz/"')
    assert '"base_url": "http://[zz/"' in text
    path = tmp_path / "odd.json"
    path.write_text(text)
    assert load_program(path).items  # no ValueError from urljoin


def test_a_terminal_that_cannot_show_a_character_gets_a_stand_in(tmp_path):
    done = run(tmp_path / "home", tmp_path, "list", PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert "08:55?09:00 HST" in done.stdout


def test_a_cache_folder_that_is_a_link_is_not_written_into(tmp_path, monkeypatch):
    import yaml

    from itinerary import program_store
    from itinerary.paths import cache_dir
    from tests.factories import synthetic_program_data

    monkeypatch.setattr(program_store, "CACHE_FROM_BYTES", 20_000)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for n in range(30):
        (elsewhere / f"mine-{n}.json").write_text("{}")
    cache_dir().mkdir(parents=True)
    (cache_dir() / "programs").symlink_to(elsewhere)
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(200), sort_keys=False))
    assert load_program(path).items
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(
        f"mine-{n}.json" for n in range(30)
    )


@pytest.mark.parametrize(("zone", "year"), [("Europe/Amsterdam", 1920), ("Africa/Monrovia", 1950)])
def test_offsets_with_seconds_are_written_in_utc(zone, year):
    """Local mean time (+00:19:32): ical.js drops the seconds, so such times go out in UTC."""
    start = datetime(year, 7, 1, 10, 0, tzinfo=timezone.utc)
    program = validate(Program, {
        "id": "lmt", "title": "LMT", "timezone": "UTC",
        "items": [{"id": "a", "kind": "talk", "title": "A", "start": start.isoformat(),
                   "end": start.replace(hour=11).isoformat()}],
    })  # fmt: skip
    events = plan_events(program, [(item, None) for item in program.items])
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    built = build_calendar(program, events, next_versions({}, events, now),
                           zoneinfo.ZoneInfo(zone), now=now)  # fmt: skip
    assert built.in_utc == 1
    assert (
        b"VTIMEZONE" not in built.data
        and b"DTSTART:" + f"{year}0701T100000Z".encode() in built.data
    )


def test_an_export_larger_than_import_reads_says_so_and_import_refuses_it_cleanly(tmp_path):
    """The limit on reading a calendar is kept on writing one: export cannot refuse (calendars
    take large files), so it says the file is larger than import reads, and import says why."""
    from itinerary.export import ExportResult
    from itinerary.selection import State
    from itinerary.share_format import MAX_CALENDAR_BYTES

    event = b"BEGIN:VEVENT\r\nUID:x@es-fomo-2023.itinerary\r\nDESCRIPTION:" + b"x" * 60 + b"\r\n"
    event += b"END:VEVENT\r\n"
    body = event * (MAX_CALENDAR_BYTES // len(event) + 1)
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body + b"END:VCALENDAR\r\n"
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    big = ExportResult(90_000, 0, zone, data, State(program="es-fomo-2023"))
    said = big.describe("all.ics")
    assert said.startswith("Wrote 90000 events in Europe/Berlin to all.ics; at 8.0 MiB")
    assert "larger than `itinerary import` reads (8 MiB)" in said
    assert "`itinerary share`" in said
    fits = ExportResult(3, 0, zone, data[:MAX_CALENDAR_BYTES], State(program="es-fomo-2023"))
    assert fits.describe("mine.ics") == "Wrote 3 events in Europe/Berlin to mine.ics"

    (tmp_path / "all.ics").write_bytes(data)
    home = tmp_path / "home"
    assert run(home, tmp_path, "star", "opening").returncode == 0
    state = next((home / "state").glob("*.yaml")).read_bytes()
    done = run(home, tmp_path, "import", "all.ics")
    assert done.returncode == 2, done.stderr
    assert f"too large for a share file or calendar (the limit is {MAX_CALENDAR_BYTES:,} " in (
        done.stderr
    )
    assert "Traceback" not in done.stderr
    assert next((home / "state").glob("*.yaml")).read_bytes() == state
