"""Files that are not plain files: links, pipes, devices, folders where a file goes. Each is
handled as such (never replaced by a regular file) or refused in one line, exit status 2."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from itinerary.cli import main
from itinerary.storage import StateStore

DEV_ZERO = Path("/dev/zero")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_export_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(capsys, here):
    (here / "calendars").mkdir()
    target = here / "calendars" / "mine.ics"
    target.write_text("old")
    (here / "link.ics").symlink_to(target)
    run(capsys, "star", "opening")
    status, out, _ = run(capsys, "export", "-o", "link.ics")
    assert status == 0 and out.startswith("Wrote 1 event")
    assert (here / "link.ics").is_symlink()
    assert target.read_text().startswith("BEGIN:VCALENDAR")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_an_export_into_a_named_pipe_is_written_into_it(capsys, here):
    pipe = here / "calendar.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    run(capsys, "star", "opening")
    status, _, _ = run(capsys, "export", "-o", str(pipe))
    reader.join(timeout=30)
    assert status == 0
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)  # still a pipe, not a file put in its place


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_is_a_message_and_stays_a_device(capsys, here):
    run(capsys, "star", "opening")
    status, out, err = run(capsys, "export", "-o", "/dev/full")
    assert status == 2 and out == ""
    assert err == "itinerary: could not write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


@pytest.mark.skipif(not DEV_ZERO.exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--program", str(DEV_ZERO), "list"], "/dev/zero: too large for a program"),
        (["validate", str(DEV_ZERO)], "/dev/zero: too large for a program"),
        (["import", str(DEV_ZERO)], "/dev/zero: too large for a share file or calendar"),
    ],
)
def test_a_file_that_never_ends_is_refused_at_the_limit(capsys, here, argv, said):
    status, _, err = run(capsys, *argv)
    assert status == 2 and said in err


@pytest.mark.skipif(not DEV_ZERO.exists(), reason="needs /dev/zero")
def test_a_state_file_that_never_ends_is_set_aside(capsys, here):
    store = StateStore("es-fomo-2023")
    store.directory.mkdir(parents=True)
    store.path.symlink_to(DEV_ZERO)
    status, _, err = run(capsys, "star", "opening")
    assert status == 0 and "not a regular file" in err and "moved to" in err
    assert list(StateStore("es-fomo-2023").load().stars) == ["opening"]


def test_a_folder_where_the_lock_goes_is_a_message(capsys, here):
    store = StateStore("es-fomo-2023")
    store.update(lambda state: state)  # the state folder
    lock = Path(f"{store.path}.lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()
    status, _, err = run(capsys, "star", "opening")
    assert status == 2
    assert err.startswith(f"itinerary: cannot lock {store.path}.lock: ")
    assert err.endswith("; nothing was changed\n")


def test_an_export_whose_versions_cannot_be_recorded_says_the_calendar_was_written(capsys, here):
    run(capsys, "star", "opening")
    lock = Path(f"{StateStore('es-fomo-2023').path}.lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()
    status, _, err = run(capsys, "export", "-o", "mine.ics")
    assert status == 2
    assert err.startswith("itinerary: the calendar was written, but recording its events'")
    assert (here / "mine.ics").read_text().startswith("BEGIN:VCALENDAR")


def itinerary(*argv: str, stdout, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ITINERARY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "itinerary", *argv],
        stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, timeout=60,
    )  # fmt: skip


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["list"], ["schema"], ["export", "--all", "-o", "-"]])
def test_output_to_a_full_disk_is_a_message(tmp_path, argv):
    with open("/dev/full", "w") as full:
        result = itinerary(*argv, stdout=full, home=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "itinerary: could not write the output: No space left on device\n"


def test_output_closed_is_a_message(tmp_path):
    env = {**os.environ, "ITINERARY_HOME": str(tmp_path)}
    result = subprocess.run(
        f"'{sys.executable}' -m itinerary list >&-", shell=True,
        stderr=subprocess.PIPE, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "itinerary: standard output is closed: nowhere to write to\n"


LONG = "9" * 5000  # Python refuses to read more than 4,300 digits as an int


def test_a_number_too_long_to_read_is_located(capsys, here):
    program = here / "long.yaml"
    program.write_text(f"format: 1\nid: x\ntitle: X\ntimezone: UTC\nitems: []\nbig: {LONG}\n")
    status, _, err = run(capsys, "validate", str(program))
    assert status == 2
    assert err == f"{program}:6:6: a number too long to read (over 4,300 digits)\n"


def test_a_hexadecimal_number_too_long_to_show_is_described(capsys, here):
    program = here / "hex.yaml"
    program.write_text(f"format: 0x{'f' * 5000}\nid: x\ntitle: X\ntimezone: UTC\nitems: []\n")
    status, _, err = run(capsys, "validate", str(program))
    assert status == 2 and "format: " in err and "(got a number of 20,000 bits)" in err


def test_a_state_file_with_a_number_too_long_is_set_aside(capsys, here):
    run(capsys, "star", "opening")
    store = StateStore("es-fomo-2023")
    store.path.write_text(store.path.read_text().replace("note: ''", f"note: {LONG}"))
    status, _, err = run(capsys, "agenda")
    assert status == 0 and "a number too long to read" in err and "moved to" in err
    aside = list(store.directory.glob("*.unreadable-*"))
    assert len(aside) == 1 and LONG in aside[0].read_text()


def test_convert_will_not_write_over_the_schedule_it_converts(capsys, here):
    schedule = here / "tinycon.xml"
    original = (Path(__file__).parents[1] / "data" / "schedules" / "tinycon.xml").read_bytes()
    schedule.write_bytes(original)
    (here / "alias.xml").symlink_to(schedule)
    for output in ("tinycon.xml", "./tinycon.xml", "alias.xml"):
        status, _, err = run(capsys, "convert", "tinycon.xml", "-o", output)
        assert status == 2 and "is the schedule being converted" in err, output
    assert schedule.read_bytes() == original


def test_empty_or_wrong_options_are_said_not_ignored(capsys, here):
    status, _, err = run(capsys, "--program", "", "list")
    assert status == 2 and err == (
        "itinerary: --program: give a registered program's id or the path of a file\n"
    )
    # The shipped program names its zone; a wrong --program-tz is still a mistake to say.
    status, _, err = run(capsys, "--program-tz", "Mars/Olympus", "list")
    assert status == 2 and "unknown time zone 'Mars/Olympus'" in err


def test_share_to_standard_output(capsys, here):
    run(capsys, "star", "opening")
    status, out, err = run(capsys, "share", "--name", "Ada", "-o", "-")
    assert status == 0 and out.startswith('# The itinerary of "Ada"')
    assert err == "Wrote 1 star of 'Ada' to standard output\n"
    assert not (here / "-").exists()


def test_a_file_with_a_problem_on_every_line_is_said_in_the_first_fifty(capsys, here):
    wrong = here / "notes.yaml"
    wrong.write_text("".join(f"line{n}: text\n" for n in range(120)))
    status, _, err = run(capsys, "--program", str(wrong), "list")
    lines = err.splitlines()
    assert status == 2 and len(lines) == 51
    assert lines[-1] == "… and 73 more problems"  # 3 missing fields + 120 unknown ones
    status, _, err = run(capsys, "validate", str(wrong))  # validate lists them all
    assert status == 2 and len(err.splitlines()) == 123


def test_a_key_given_twice_is_refused_not_silently_replaced(capsys, here):
    program = here / "twice.yaml"
    program.write_text("format: 1\nid: x\ntitle: X\ntitle: Y\ntimezone: UTC\nitems: []\n")
    status, _, err = run(capsys, "validate", str(program))
    assert status == 2 and err == f"{program}:4:1: 'title' appears twice in the same mapping\n"


def test_tz_goes_before_the_command_too(capsys, here):
    status, out, _ = run(capsys, "--tz", "Asia/Tokyo", "agenda")
    assert status == 0 and "times in Asia/Tokyo (--tz)" in out
    status, _, err = run(capsys, "--tz", "Factory", "list")
    assert status == 2 and "unknown time zone 'Factory'" in err


def test_a_date_that_does_not_exist_is_located(capsys, here):
    program = here / "feb30.yaml"
    program.write_text(
        "format: 1\nid: x\ntitle: X\ntimezone: UTC\nitems:\n"
        "  - {id: a, kind: talk, title: A, start: 2026-02-30T10:00:00+01:00,\n"
        "     end: 2026-03-01T11:00:00+01:00}\n"
    )
    status, _, err = run(capsys, "validate", str(program))
    assert status == 2
    assert err == f"{program}:6:42: '2026-02-30T10:00:00+01:00': day is out of range for month\n"


def test_a_named_pipe_as_the_state_file_is_set_aside_not_waited_on(tmp_path):
    store = StateStore("es-fomo-2023", home=tmp_path)
    store.directory.mkdir(parents=True)
    os.mkfifo(store.path)
    result = itinerary("star", "opening", stdout=subprocess.PIPE, home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "not a regular file" in result.stderr and "moved to" in result.stderr
    assert list(StateStore("es-fomo-2023", home=tmp_path).load().stars) == ["opening"]


def test_convert_never_writes_through_a_dangling_link_it_was_not_given(capsys, here):
    from tests.conftest import DATA

    target = here / "elsewhere.yaml"
    (here / "tinycon24.yaml").symlink_to(target)
    status, _, err = run(capsys, "convert", str(DATA / "schedules" / "tinycon.xml"))
    assert status == 2 and "exists already" in err
    assert not target.exists()


def test_times_read_from_a_share_file_are_shown_in_utc_as_labelled(capsys, here):
    (here / "ada.itinerary.yaml").write_text(
        "format: 1\nprogram: {id: es-fomo-2023, title: x, fingerprint: ''}\nowner: Ada\n"
        "written: 2026-01-01T20:00:00-10:00\n"
        "stars:\n  - {id: opening, title: x, start: 2023-07-29T08:55:00-10:00}\n"
    )
    status, out, err = run(capsys, "import", "ada.itinerary.yaml", "--overlay")
    assert status == 0, err
    assert "written 2026-01-02 06:00 UTC" in out
    status, out, _ = run(capsys, "friends")
    assert "shared 2026-01-02 06:00 UTC" in out
