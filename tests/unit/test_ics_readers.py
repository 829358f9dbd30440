"""Exports read the way Thunderbird, Evolution and Outlook read them: by the file's own VTIMEZONE,
never by looking the zone's name up in a database of the reader's own.

Three readers, none of them ours: Mozilla's ical.js (what Thunderbird uses), run by node with only
the file's VTIMEZONEs registered; libical (what Evolution and GNOME Calendar use), through GObject
introspection; and icalendar with its TZID lookup switched off. Each reads every file twice, once
as written and once with its TZIDs renamed to made-up names, and every event's start and end must
be the program's instants. The programs reach across years whose rules differ
(2010, 2016, 2023, 2026) and put items on the very hours when clocks change, so a VTIMEZONE that
states today's rule, or a change at the wrong hour, is caught. See shared/CALENDAR-RULES.md.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import zoneinfo
from datetime import datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest

from itinerary.ics import build_calendar, next_versions, plan_events
from itinerary.model import Program
from itinerary.program import default_program_path, load_program
from itinerary.validation import validate
from itinerary.vtimezone import UTC_NAMES  # exports in these are all UTC by design: no VTIMEZONE

UTC = timezone.utc
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
READERS = Path(__file__).resolve().parents[1] / "readers"
ZONES = sorted(zoneinfo.available_timezones())
YEARS = (2010, 2016, 2023, 2026)
# Zones whose rules changed between those years, or whose clocks change at an odd hour: midnight
# (Beirut, Havana, Asuncion), 24:00 (Santiago, Cairo), 26:00 (Jerusalem), -1:00 (Nuuk), during
# Ramadan (Casablanca), by half an hour (Lord Howe), with negative DST (Dublin).
CHANGING = [
    "Africa/Cairo", "Africa/Casablanca", "America/Asuncion", "America/Havana",
    "America/Mexico_City", "America/New_York", "America/Nuuk", "America/Santiago",
    "America/Sao_Paulo", "Asia/Almaty", "Asia/Amman", "Asia/Beirut", "Asia/Damascus",
    "Asia/Gaza", "Asia/Jerusalem", "Asia/Tehran", "Australia/Lord_Howe", "Europe/Berlin",
    "Europe/Chisinau", "Europe/Dublin", "Europe/Istanbul", "Europe/Moscow", "Pacific/Apia",
    "Pacific/Fiji", "Pacific/Norfolk",
]  # fmt: skip


TIMING_LINES = (b"BEGIN:", b"END:", b"UID:", b"DTSTART", b"DTEND", b"DURATION", b"TZID",
                b"TZOFFSET", b"TZNAME", b"RRULE", b"RDATE")  # fmt: skip


def _item(item_id: str, start: datetime, minutes: int) -> dict:
    end = start + timedelta(minutes=minutes)
    return {"id": item_id, "kind": "talk", "title": item_id,
            "start": start.isoformat(), "end": end.isoformat()}  # fmt: skip


def program_of(program_id: str, items: list[dict]) -> Program:
    return validate(
        Program, {"id": program_id, "title": program_id, "timezone": "UTC", "items": items}
    )


def years_program(years=YEARS) -> Program:
    """Items on the 15th of every month of each year, at 00:30 and 12:00 UTC."""
    items = [
        _item(
            f"y{year}-m{month:02}-{hour:02}",
            datetime(year, month, 15, hour, minute, tzinfo=UTC),
            50,
        )
        for year in years
        for month in range(1, 13)
        for hour, minute in ((0, 30), (12, 0))
    ]
    return program_of("years-" + "-".join(map(str, years)), items)


@functools.cache
def utc_changes(zone: zoneinfo.ZoneInfo, year: int) -> list[datetime]:
    """The hours in ``year`` at which the zone's UTC offset changes: a look once a day, then
    once an hour through a day whose offset changed (independent of the exporter's own way of
    finding them)."""
    changes = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    before = day.astimezone(zone).utcoffset()
    while day.year == year:
        if (day + timedelta(days=1)).astimezone(zone).utcoffset() != before:
            for hour in range(1, 25):
                moment = day + timedelta(hours=hour)
                offset = moment.astimezone(zone).utcoffset()
                if offset != before:
                    changes.append(moment)
                    before = offset
        day += timedelta(days=1)
    return changes


def change_days_program(zone_name: str, years=(2010, 2016, 2023, 2026)) -> Program:
    """Items every 30 minutes for the 30 hours around every change of the zone's offset in those
    years, each 45 minutes long, so some run across the change."""
    zone = zoneinfo.ZoneInfo(zone_name)
    items = {}
    for year in years:
        for change in utc_changes(zone, year):
            for step in range(-30, 30):
                start = change + timedelta(minutes=30 * step)
                items[f"c{start:%Y%m%dt%H%M}"] = _item(f"c{start:%Y%m%dt%H%M}", start, 45)
    return program_of("changes", list(items.values()))


def export(program: Program, zone: str) -> tuple[bytes, int, dict[str, tuple[int, int]]]:
    chosen = [(item, None) for item in program.in_time_order]
    events = plan_events(program, chosen)
    built = build_calendar(
        program, events, next_versions({}, events, NOW), zoneinfo.ZoneInfo(zone), now=NOW
    )
    expected = {e.uid: (int(e.start.timestamp()), int(e.end.timestamp())) for e in events}
    return built.data, built.in_utc, expected


def renamed(data: bytes) -> bytes:
    """The file with every TZID renamed to a made-up name, so only its VTIMEZONE can speak."""
    text = data.decode("utf-8").replace("\r\n ", "")  # unfolded: a TZID may sit across a fold
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        made_up = names.setdefault(match[2], f"Custom/Zone{len(names) + 1}")
        return match[1] + made_up

    return re.sub(r"(TZID[:=])([^:;\r\n]+)", rename, text).encode("utf-8")


def read_with_icalendar(data: bytes) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Every event's instants as icalendar reads them from the file's own VTIMEZONE
    (``to_tz(lookup_tzid=False)``: with the lookup on, it would ask zoneinfo instead). Only the
    lines that say when are parsed: the rest cannot move an event, and parsing it took most of
    this suite's time."""
    unfolded = data.replace(b"\r\n ", b"").split(b"\r\n")
    timing = b"\r\n".join(line for line in unfolded if line.startswith(TIMING_LINES))
    calendar = icalendar.Calendar.from_ical(timing)
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}
    events, problems = {}, []
    for event in calendar.walk("VEVENT"):
        instants = []
        for key in ("DTSTART", "DTEND"):
            value = event[key]
            tzid = value.params.get("TZID")
            wall = value.dt.replace(tzinfo=None)
            if tzid is None:
                if value.dt.utcoffset() != timedelta(0):
                    problems.append(f"{key} {value.to_ical()!r} is floating")
                instants.append(int(wall.replace(tzinfo=UTC).timestamp()))
            elif tzid not in zones:
                problems.append(f"{key} names TZID {tzid}, which the file does not define")
                instants.append(None)
            else:
                instants.append(int(wall.replace(tzinfo=zones[tzid]).timestamp()))
        events[str(event["UID"])] = tuple(instants)
    return events, problems


def _missing(reason: str) -> None:
    # On CI (which installs every reader) a missing reader is a failure, never a quiet skip.
    (pytest.fail if os.environ.get("CI") else pytest.skip)(reason)


def icaljs_command() -> list[str]:
    """Mozilla's ical.js (what Thunderbird uses), run by node; see icaljs-read.mjs."""
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed, so ical.js cannot run (.ci/run installs it)")
    if not (READERS / "node_modules" / "ical.js").is_dir():
        _missing("ical.js is not installed: run npm ci --prefix tests/readers")
    return [node, str(READERS / "icaljs-read.mjs")]


def libical_command() -> list[str]:
    """libical (what Evolution and GNOME Calendar use) through GObject introspection, run by the
    system's Python, which has Debian's bindings; see libical-read.py."""
    python = os.environ.get("ITINERARY_GI_PYTHON", "/usr/bin/python3")
    probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
    try:
        usable = subprocess.run([python, "-c", probe], capture_output=True, timeout=60)
    except OSError:
        usable = None
    if usable is None or usable.returncode != 0:
        _missing(
            f"{python} cannot import libical's bindings: install Debian's python3-gi and "
            "gir1.2-ical-3.0 (.ci/run does)"
        )
    return [python, str(READERS / "libical-read.py")]


def read_with(command: list[str], files: list[Path]) -> dict[str, dict]:
    """What an outside reader makes of each file: {path: {"events": …, "problems": […]}}."""
    results: dict[str, dict] = {}
    for start in range(0, len(files), 200):  # a command line of bounded length
        chunk = [str(path) for path in files[start : start + 200]]
        done = subprocess.run(
            [*command, *chunk], capture_output=True, text=True, timeout=300, check=True
        )
        results.update(json.loads(done.stdout))
    return {
        path: {
            "events": {uid: tuple(pair) for uid, pair in found["events"].items()},
            "problems": found["problems"],
        }
        for path, found in results.items()
    }


def differences(expected, found) -> list[str]:
    """Each event the reader puts somewhere else than the program, as readable lines."""

    def shown(pair):
        return " – ".join(
            "?" if s is None else f"{datetime.fromtimestamp(s, UTC):%Y-%m-%d %H:%M}Z" for s in pair
        )

    lines = [f"{uid} missing" for uid in expected.keys() - found.keys()]
    lines += [f"{uid} not in the program" for uid in found.keys() - expected.keys()]
    lines += [
        f"{uid}: program {shown(expected[uid])}, read {shown(found[uid])}"
        for uid in sorted(expected.keys() & found.keys())
        if tuple(expected[uid]) != tuple(found[uid])
    ]
    return lines


def check_with_every_reader(tmp: Path, cases: dict[str, tuple[bytes, dict]]) -> None:
    """Read every case with icalendar (no lookup), ical.js and libical, as written and renamed."""
    files: dict[Path, tuple[str, dict]] = {}
    failures: list[str] = []
    for name, (data, expected) in cases.items():
        for variant, content in (("as written", data), ("renamed", renamed(data))):
            events, problems = read_with_icalendar(content)
            for line in problems + differences(expected, events):
                failures.append(f"{name} ({variant}), icalendar: {line}")
            path = tmp / f"{len(files):04}.ics"
            path.write_bytes(content)
            files[path] = (f"{name} ({variant})", expected)
    for reader, command in (("ical.js", icaljs_command()), ("libical", libical_command())):
        for path, found in read_with(command, list(files)).items():
            label, expected = files[Path(path)]
            for line in found["problems"] + differences(expected, found["events"]):
                failures.append(f"{label}, {reader}: {line}")
    shown = "\n".join(failures[:40]) + (
        f"\n… {len(failures) - 40} more" if len(failures) > 40 else ""
    )
    assert not failures, f"{len(failures)} events read at the wrong instant:\n{shown}"


def test_es_fomo_in_every_zone_is_read_right_from_its_own_vtimezone(tmp_path):
    program = load_program(default_program_path())
    cases, in_utc = {}, {}
    for zone in ZONES:
        data, utc_events, expected = export(program, zone)
        cases[zone] = (data, expected)
        if utc_events and zone not in UTC_NAMES:
            in_utc[zone] = utc_events
    check_with_every_reader(tmp_path, cases)
    # July 2023 is far from any change of any zone: the rule of 2023 says every event in local
    # time, and nothing needs to fall back to UTC.
    assert in_utc == {}


@pytest.mark.parametrize("year", YEARS)
def occurring_twice(program: Program, zone: zoneinfo.ZoneInfo) -> int:
    """How many items start or end at a local time that occurs twice (clocks going back):
    iCalendar would mean the first, so those are written in UTC."""

    def twice(moment: datetime) -> bool:
        wall = moment.astimezone(zone).replace(tzinfo=None)
        return zone.utcoffset(wall.replace(fold=0)) != zone.utcoffset(wall.replace(fold=1))

    return sum(twice(item.starts) or twice(item.ends) for item in program.items)


def yearly_regular(zone: zoneinfo.ZoneInfo, year: int) -> bool:
    """Whether the zone's clocks change that year as one yearly rule can say: never, or out
    and back once."""
    changes = utc_changes(zone, year)
    first = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset()
    last = datetime(year, 12, 31, 23, tzinfo=UTC).astimezone(zone).utcoffset()
    return not changes or (len(changes) == 2 and first == last)


@pytest.mark.parametrize("year", YEARS)
def test_a_program_of_one_year_is_written_in_that_years_rule(tmp_path, year):
    program = years_program((year,))
    cases, wrongly_in_utc = {}, {}
    for name in ZONES:
        data, in_utc, expected = export(program, name)
        cases[name] = (data, expected)
        zone = zoneinfo.ZoneInfo(name)
        regular = name not in UTC_NAMES and yearly_regular(zone, year)
        if regular and in_utc != occurring_twice(program, zone):
            wrongly_in_utc[name] = in_utc
    check_with_every_reader(tmp_path, cases)
    # A year whose changes one yearly rule can say is written in that rule: only the times that
    # occur twice fall back to UTC.
    assert wrongly_in_utc == {}


def test_a_program_across_years_of_different_rules(tmp_path):
    program = years_program()
    cases = {zone: export(program, zone)[::2] for zone in [*CHANGING, "Asia/Kolkata"]}
    check_with_every_reader(tmp_path, cases)


@pytest.mark.parametrize("name", CHANGING)
def test_items_on_the_hours_the_clocks_change(tmp_path, name):
    zone = zoneinfo.ZoneInfo(name)
    years = [year for year in (*YEARS, 2024) if utc_changes(zone, year)]
    cases = {}
    for year in years:
        program = change_days_program(name, (year,))
        data, in_utc, expected = export(program, name)
        cases[str(year)] = (data, expected)
        if yearly_regular(zone, year):
            assert in_utc == occurring_twice(program, zone), year
    cases["all years"] = export(change_days_program(name, years), name)[::2]
    check_with_every_reader(tmp_path, cases)


def test_beirut_changes_at_midnight():
    """Beirut's clocks go forward at 00:00 (POSIX rule ``M3.5.0/0``); an item at 00:30 the next
    night must not be written an hour off."""
    program = program_of(
        "beirut",
        [_item("after", datetime(2026, 3, 28, 22, 30, tzinfo=UTC), 30)],  # 01:30 EEST on Sunday
    )
    data, in_utc, expected = export(program, "Asia/Beirut")
    events, problems = read_with_icalendar(renamed(data))
    assert not problems and not differences(expected, events)
    assert in_utc == 0
    assert "DTSTART:20260329T000000" in data.decode()  # the change as written, at midnight
