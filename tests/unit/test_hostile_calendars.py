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
    assert "ada.ics: line 5: the time zone 'Evil/Zone' changes by the rule" in done.stderr
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
    assert "evil.ics: line 5: the time zone 'Evil/Zone' changes by the rule" in done.stderr


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
