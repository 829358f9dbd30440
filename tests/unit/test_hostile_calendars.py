"""Calendars from strangers whose time zones are made to cost: refused in a moment, with a message
that names the zone and its line, exit status 2, and the state untouched.

Each runs the command in a child process with a time limit and a memory cap, so a regression
fails here instead of hanging the suite.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

EVENT = (
    "BEGIN:VEVENT\r\nUID:opening@es-fomo-2023.itinerary\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;TZID=Evil/Zone:20230729T100000\r\nDTEND;TZID=Evil/Zone:20230729T110000\r\n"
    "SUMMARY:Opening\r\nEND:VEVENT\r\n"
)


def calendar(rule_standard: str, rule_daylight: str, extra: str = "") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VTIMEZONE\r\n"
        "TZID:Evil/Zone\r\n"
        f"BEGIN:STANDARD\r\nDTSTART:19000101T000000\r\n{rule_standard}"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        f"BEGIN:DAYLIGHT\r\nDTSTART:19000101T000030\r\n{rule_daylight}"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"
        f"{extra}END:VTIMEZONE\r\n{EVENT}END:VCALENDAR\r\n"
    ).encode()


BOMBS = {
    "an exception rule every second": calendar(
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEXRULE:FREQ=SECONDLY\r\n",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n",
    ),
    "yearly with an interval of 0": calendar(
        "RRULE:FREQ=YEARLY;INTERVAL=0\r\n", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    ),
    "yearly, on every day of the week": calendar(
        "RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU\r\n",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n",
    ),
    "every second": calendar("RRULE:FREQ=SECONDLY\r\n", "RRULE:FREQ=SECONDLY\r\n"),
    "every minute": calendar("RRULE:FREQ=MINUTELY\r\n", "RRULE:FREQ=DAILY\r\n"),
    "yearly, at every second of the year": calendar(
        "RRULE:FREQ=YEARLY;BYYEARDAY=1,100,200;BYHOUR=0,1,2,3;BYMINUTE=0,1,2;BYSECOND=0,1\r\n",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n",
    ),
}


def _limited() -> None:
    cap = 1 << 30  # 1 GiB of address space: the bomb took 2 GB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run_limited(home: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "itinerary", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={"ITINERARY_HOME": str(home), "PATH": "/usr/bin:/bin", "TZ": "UTC"},
        preexec_fn=_limited,
    )


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_zone_rule_that_repeats_too_often_is_refused_when_importing(tmp_path, name):
    home = tmp_path / "home"
    star = run_limited(home, tmp_path, "star", "opening", "--note", "mine")
    assert star.returncode == 0, star.stderr
    state = next(home.rglob("es-fomo-2023.yaml")).read_bytes()
    (tmp_path / "ada.ics").write_bytes(BOMBS[name])
    done = run_limited(home, tmp_path, "import", "ada.ics")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "ada.ics: line 5: the time zone 'Evil/Zone'" in done.stderr
    assert "nothing was changed" in done.stderr
    assert next(home.rglob("es-fomo-2023.yaml")).read_bytes() == state


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_zone_rule_that_repeats_too_often_is_refused_as_a_program(tmp_path, name):
    (tmp_path / "evil.ics").write_bytes(BOMBS[name])
    done = run_limited(
        tmp_path / "home", tmp_path, "--program", "evil.ics", "--program-tz", "UTC", "list"
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "evil.ics: line 5: the time zone 'Evil/Zone'" in done.stderr


def test_a_real_zones_rules_still_read(tmp_path):
    """The bound is far above any real zone: Europe/Berlin as a yearly pair reads as before."""
    good = calendar(
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    )
    (tmp_path / "good.ics").write_bytes(good)
    done = run_limited(
        tmp_path / "home", tmp_path, "--program", "good.ics", "--program-tz", "UTC", "list"
    )
    assert done.returncode == 0, done.stderr
    assert "08:00–09:00 UTC" in done.stdout  # 10:00 at +02:00 (summer) is 08:00 UTC


def share_calendar(lines: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\n"
        "UID:opening@es-fomo-2023.itinerary\r\nSUMMARY:Opening\r\n"
        f"{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


ON_TIME = "DTSTAMP:20260101T000000Z\r\nDTSTART:20230729T185500Z\r\nDTEND:20230729T190000Z\r\n"
REFUSED_SHARES = {
    "an id of 130 characters": (
        ON_TIME + "X-ITINERARY-ITEMS:" + "a" * 130 + "\r\n",
        "stars[0].id: String should have at most 120 characters",
    ),
    "50,001 ids": (
        ON_TIME + "X-ITINERARY-ITEMS:" + ",".join(f"i{n}" for n in range(50_001)) + "\r\n",
        "names more than 50,000 items",
    ),
}
# Times no program can have: the event is passed over, never a traceback (nor a change first).
IGNORED_TIMES = {
    "a start in the year 1": "DTSTAMP:20260101T000000Z\r\nDTSTART:00010101T000000Z\r\n",
    "a start past 9999 in UTC": "DTSTART;TZID=Etc/GMT+12:99991231T235900\r\n",
    "a stamp past 9999 in UTC": "DTSTAMP;TZID=Etc/GMT+12:99991231T235900\r\n"
    "DTSTART:20230729T185500Z\r\n",
    "a start that is a time of day": "DTSTART;VALUE=TIME:100000\r\n",
    "a broken start after a TZID": "DTSTART;TZID=Europe/Berlin:2023XX29T100000\r\n",
}


@pytest.fixture
def starred(tmp_path):
    home = tmp_path / "home"
    assert run_limited(home, tmp_path, "star", "opening", "--note", "mine").returncode == 0
    return home, next(home.rglob("es-fomo-2023.yaml"))


@pytest.mark.parametrize("name", list(REFUSED_SHARES))
def test_a_share_calendar_beyond_the_limits_is_refused(tmp_path, starred, name):
    home, state = starred
    before = state.read_bytes()
    lines, said = REFUSED_SHARES[name]
    (tmp_path / "ada.ics").write_bytes(share_calendar(lines))
    done = run_limited(home, tmp_path, "import", "ada.ics")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and said in done.stderr
    assert "nothing was changed" in done.stderr
    assert state.read_bytes() == before


@pytest.mark.parametrize("name", list(IGNORED_TIMES))
def test_a_share_calendar_with_impossible_times_is_read_without_them(tmp_path, starred, name):
    home, state = starred
    (tmp_path / "ada.ics").write_bytes(share_calendar(IGNORED_TIMES[name]))
    done = run_limited(home, tmp_path, "import", "ada.ics")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1, 2)
    assert "mine" in state.read_text()  # my note is still there


@pytest.mark.parametrize("field", ["DTSTART", "DTEND", "DURATION"])
def test_a_time_of_day_in_an_ics_program_is_a_located_problem(tmp_path, field):
    lines = {
        "DTSTART": "DTSTART;VALUE=TIME:100000\r\n",
        "DTEND": "DTSTART:20230729T185500Z\r\nDTEND;VALUE=TIME:100000\r\n",
        "DURATION": "DTSTART:20230729T185500Z\r\nDURATION;VALUE=TIME:100000\r\n",
    }[field]
    (tmp_path / "p.ics").write_bytes(share_calendar(lines))
    done = run_limited(
        tmp_path / "home", tmp_path, "--program", "p.ics", "--program-tz", "UTC", "list"
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"p.ics:4: event UID opening@es-fomo-2023.itinerary: {field} '100000'" in done.stderr


def test_ctrl_d_at_the_replace_question_changes_nothing(tmp_path, starred):
    """On a real terminal (a pty), Ctrl-D at "Replace all your stars?" is a no, not a trace."""
    import os
    import pty

    home, state = starred
    share = run_limited(home, tmp_path, "share", "--name", "Ada", "-o", "ada.yaml")
    assert share.returncode == 0, share.stderr
    before = state.read_bytes()
    pid, master = pty.fork()
    if pid == 0:  # the child: the command, on the pty
        os.chdir(tmp_path)
        os.environ.update(ITINERARY_HOME=str(home), TZ="UTC")
        os.execv(sys.executable, [sys.executable, "-m", "itinerary", "import", "ada.yaml",
                                  "--replace"])  # fmt: skip
    output = b""
    while b"?" not in output:  # the question
        output += os.read(master, 1024)
    os.write(master, b"\x04")
    while True:
        try:
            chunk = os.read(master, 1024)
        except OSError:  # the child has gone: the pty is closed
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    os.close(master)
    assert b"Traceback" not in output, output.decode()
    assert b"Nothing was changed." in output
    assert os.waitstatus_to_exitcode(status) == 1
    assert state.read_bytes() == before


def fixed_zone_calendar(offset: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Custom/Venue\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        f"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Custom/Venue:20260601T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_each_calendar_is_read_with_its_own_zones_not_an_earlier_files():
    """icalendar keeps the zones of every calendar it parsed, by TZID, for the whole process:
    a second file naming the same custom zone with other rules was read with the first's."""
    from datetime import datetime, timezone

    from itinerary.calendar_input import parse_calendar

    for offset, utc_hour in (("+0100", 9), ("+0500", 5), ("-0300", 13)):
        (event,) = parse_calendar(fixed_zone_calendar(offset)).walk("VEVENT")
        instant = event["DTSTART"].dt.astimezone(timezone.utc)
        assert instant == datetime(2026, 6, 1, utc_hour, tzinfo=timezone.utc), offset
