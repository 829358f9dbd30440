"""The pure parts of following a conference: when the planner checks, how a report sums up a
person's picks, what a registry of a newer itinerary does, and cancelled events' SEQUENCE."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from itinerary.changes import compare, report_lines
from itinerary.errors import StorageError
from itinerary.follow import check_due
from itinerary.model import Program
from itinerary.registry import BUILTIN_ID, Entry, ProgramRegistry
from itinerary.validation import validate
from tests.tui.conftest import CLASHES

UTC = timezone.utc
START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
END = datetime(2026, 5, 4, 12, 15, tzinfo=UTC)


def entry(checked: datetime | None, source: str = "https://example.org/schedule.json") -> Entry:
    return Entry(
        id="clash-conf", source=source, program="clash-conf", title="Clash Conf",
        venue_zone="Europe/Berlin", first_start=START, last_end=END, added=START,
        checked=checked, copy_name="a" * 32, seen_name="a" * 32,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("checked", "now", "due"),
    [
        (START - timedelta(days=3), START - timedelta(days=1), True),  # before: once a day
        (START - timedelta(hours=20), START - timedelta(hours=1), False),
        (START, START + timedelta(hours=1, minutes=59), False),  # during: every two hours
        (START, START + timedelta(hours=2), True),
        (START - timedelta(days=30), END, False),  # after it ends: never
        (None, START - timedelta(days=1), True),
    ],
)
def test_the_planner_checks_a_day_before_every_two_hours_during_never_after(checked, now, due):
    assert check_due(entry(checked), now) is due


def test_a_program_from_a_file_or_none_is_never_checked():
    assert not check_due(entry(None, source="/tmp/schedule.xml"), START)
    assert not check_due(None, START)


def _edited(**changes) -> Program:
    data = {**CLASHES, "items": [dict(item) for item in CLASHES["items"]]}
    for item in data["items"]:
        item.update(changes.get(item["id"], {}))
    data["items"] = [i for i in data["items"] if not i.get("gone")]
    for item in data["items"]:
        item.pop("gone", None)
    return validate(Program, data)


def test_the_summary_counts_picks_and_the_report_names_zones():
    seen = validate(Program, CLASHES)
    now = _edited(
        keynote={"start": "2026-05-04T09:30:00+02:00", "end": "2026-05-04T10:30:00+02:00"},
        workshop={"room": "Hall D"},
        talk={"gone": True},
    )
    report = compare(seen, now, {"keynote", "talk"}, START - timedelta(days=1))
    assert report.picks_summary() == "1 of your picks moved, 1 cancelled"
    assert [c.id for c in report.changes] == ["keynote", "talk", "workshop"]  # picks first
    lines = report_lines(report, seen.zone, seen.title)
    assert lines[0] == "Clash Conf: changes since you last looked (times in Europe/Berlin):"
    assert (
        "    moved:          Mon 2026-05-04 09:00–10:00 CEST (Europe/Berlin) → "
        "Mon 2026-05-04 09:30–10:30 CEST (Europe/Berlin)"
    ) in lines
    assert "    room changed:   Hall B → Hall D" in lines
    # Over by then: left out, and said.
    later = compare(seen, now, {"keynote"}, END + timedelta(days=1))
    assert later.changes == [] and later.past_left_out == 3
    assert compare(seen, seen, set(), START).empty


def test_a_registry_of_a_newer_itinerary_is_refused_and_left_as_it_is():
    folders = ProgramRegistry()
    folders.directory.mkdir(parents=True)
    folders.path.write_text('{"format": 99, "programs": {}}')
    with pytest.raises(StorageError, match="newer itinerary"):
        folders.load()
    assert folders.path.read_text() == '{"format": 99, "programs": {}}'


def test_the_builtin_id_is_the_shipped_programs():
    from itinerary.program import default_program_path, load_program

    assert load_program(default_program_path()).id == BUILTIN_ID
