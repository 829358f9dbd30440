"""`itinerary export`: the file, its name, what it says it did, and what it refuses."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import icalendar
import pytest

from itinerary.cli import main
from itinerary.storage import StateStore

H2O = "h2o-heavy-hitter-oracle-for-efficient-generative"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def here(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def vevents(path) -> list:
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_nothing_starred_writes_nothing_and_exits_1(capsys, here):
    status, out, err = run(capsys, "export")
    assert status == 1 and out == ""
    assert "nothing starred, so nothing to export" in err and "no file was written" in err
    assert "itinerary star ID" in err
    assert list(here.iterdir()) == []


def test_default_file_name_zone_and_message(capsys, here):
    run(capsys, "star", H2O, "opening", "the-case-for-4-bit-inference")
    status, out, _ = run(capsys, "export", "--tz", "Europe/Berlin")
    assert status == 0
    assert out == "Wrote 3 events in Europe/Berlin to es-fomo-2023-itinerary.ics\n"
    events = vevents(here / "es-fomo-2023-itinerary.ics")
    assert [str(e["UID"]) for e in events] == [
        "opening@es-fomo-2023.itinerary",
        "the-case-for-4-bit-inference@es-fomo-2023.itinerary",
        "poster-session@es-fomo-2023.itinerary",
    ]
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert (here / "es-fomo-2023-itinerary.ics").stat().st_mode & 0o044  # readable by others


def test_the_saved_zone_is_used_and_separate_posters(capsys, here):
    run(capsys, "star", H2O, "ziplm-inference-aware-structured-pruning")
    run(capsys, "tz", "Asia/Kolkata")
    _, out, _ = run(capsys, "export", "--posters", "separate", "-o", "mine.ics")
    assert out == "Wrote 2 events in Asia/Kolkata to mine.ics\n"
    assert [e["DTSTART"].params["TZID"] for e in vevents(here / "mine.ics")] == ["Asia/Kolkata"] * 2


def test_to_standard_output(capsysbinary, here):
    main(["star", "opening"])
    capsysbinary.readouterr()
    assert main(["export", "-o", "-", "--tz", "UTC", "--alarm", "5"]) == 0
    out, err = capsysbinary.readouterr()
    calendar = icalendar.Calendar.from_ical(out)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].to_ical() == b"20230729T185500Z"
    assert calendar.walk("VALARM")[0]["TRIGGER"].to_ical() == b"-PT5M"
    assert err == b"Wrote 1 event in UTC to standard output\n"
    assert list(here.iterdir()) == []


def test_all_exports_the_whole_program(capsys, here):
    status, out, _ = run(capsys, "export", "--all", "-o", "all.ics")
    assert status == 0 and out.startswith("Wrote 19 events")
    status, out, _ = run(capsys, "export", "--all", "--posters", "separate", "-o", "all.ics")
    assert out.startswith("Wrote 72 events")
    assert len(vevents(here / "all.ics")) == 72


def test_reexport_keeps_uids_and_remembers_sequences(capsys, here):
    run(capsys, "star", "opening")
    run(capsys, "export")
    first = vevents(here / "es-fomo-2023-itinerary.ics")[0]
    run(capsys, "export", "--tz", "Asia/Tokyo")
    again = vevents(here / "es-fomo-2023-itinerary.ics")[0]
    assert (again["UID"], again["SEQUENCE"]) == (first["UID"], first["SEQUENCE"]) == (
        "opening@es-fomo-2023.itinerary", 0)  # fmt: skip
    record = StateStore("es-fomo-2023").load().exports["opening@es-fomo-2023.itinerary"]
    assert record.sequence == 0
    # The note is part of the event's text: changing it raises SEQUENCE.
    run(capsys, "star", "opening", "--note", "bring coffee")
    run(capsys, "export")
    changed = vevents(here / "es-fomo-2023-itinerary.ics")[0]
    assert changed["SEQUENCE"] == 1 and "bring coffee" in str(changed["DESCRIPTION"])


def test_bad_output_place_is_a_clear_error_and_keeps_the_old_file(capsys, here):
    run(capsys, "star", "opening")
    status, _, err = run(capsys, "export", "-o", str(here / "missing" / "x.ics"))
    assert status == 2 and "could not write" in err and "No such file or directory" in err


def test_a_full_disk_keeps_the_previous_file(here, tmp_path):
    """A real write failure: the process may not grow a file past 4 KB."""
    existing = here / "keep.ics"
    existing.write_text("the previous export")
    code = textwrap.dedent("""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from itinerary.cli import main
        sys.exit(main(["export", "--all", "-o", "keep.ics"]))
    """)
    env = {**os.environ, "ITINERARY_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", code], cwd=here, env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("itinerary: could not save keep.ics: File too large")
    assert "Traceback" not in result.stderr
    assert existing.read_text() == "the previous export"
    assert [p.name for p in here.iterdir()] == ["keep.ics"]


def test_unknown_zone(capsys, here):
    run(capsys, "star", "opening")
    status, _, err = run(capsys, "export", "--tz", "Mars/Jezero")
    assert status == 2 and "unknown time zone 'Mars/Jezero'" in err
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("folder", [".", "sub"])
def test_a_folder_as_the_output_is_refused_by_name(capsys, here, folder):
    (here / "sub").mkdir()
    run(capsys, "star", "opening")
    status, _, err = run(capsys, "export", "-o", folder)
    assert status == 2
    assert err == f"itinerary: could not save {folder}: it is a folder; give a file name\n"
    assert [path.name for path in here.iterdir()] == ["sub"]
    assert list((here / "sub").iterdir()) == []


def test_the_core_refuses_a_reminder_outside_a_day(here):
    from itinerary.errors import ItineraryError
    from itinerary.export import ExportChoice, export_itinerary, write_file
    from itinerary.program import default_program_path, load_program
    from itinerary.session import Session
    from itinerary.timezones import get_zone

    program = load_program(default_program_path())
    session = Session.open(program)
    session.star([program.get("opening")])
    for minutes in (-30, 1441):
        with pytest.raises(ItineraryError, match="give between 0 and 1440 minutes"):
            choice = ExportChoice(get_zone("UTC"), alarm_minutes=minutes)
            export_itinerary(session, choice, write_file(here / "x.ics"))
    assert list(here.iterdir()) == []
