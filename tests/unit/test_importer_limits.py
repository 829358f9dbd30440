"""Schedules at the limits of what Python can hold: durations and dates past the years 1 to 9999,
integers of more digits than int() reads, an XML encoding nobody knows. Each is a ProgramError
naming the file (the CLI's exit 2), never a traceback.
"""

from __future__ import annotations

import json

import pytest

from itinerary.cli import main
from itinerary.errors import ProgramError
from itinerary.program import load_program
from itinerary.validation import validate

HUGE = "9" * 5000
OUT = "a date or duration out of range"


def frab_xml(event: str, *, day: str = "2024-05-01", declaration: str = "") -> str:
    return (
        declaration + "<schedule>\n<conference><title>T</title><time_zone_name>Europe/Berlin"
        "</time_zone_name><day_change>04:00</day_change></conference>\n"
        f"<day index='1' date='{day}'><room name='R'>\n{event}\n</room></day>\n</schedule>\n"
    )


def frab_event(date: str = "2024-05-01T10:00:00+02:00", duration: str = "01:00") -> str:
    return (
        f"<event id='1' guid='g-1'><date>{date}</date><duration>{duration}</duration>"
        "<title>x</title></event>"
    )


def schedule_json(**event: object) -> str:
    raw = {"guid": "g-1", "title": "x", "date": "2024-05-01T10:00:00+02:00", "duration": "01:00"}
    conference = {"title": "T", "time_zone_name": "Europe/Berlin"}
    days = [{"date": "2024-05-01", "rooms": {"R": [{**raw, **event}]}}]
    return json.dumps({"schedule": {"conference": {**conference, "days": days}}}, indent=1)


def calendar(event: str) -> str:
    return (
        "BEGIN:VCALENDAR\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:a\n"
        f"{event}\nEND:VEVENT\nEND:VCALENDAR\n"
    )


# name, content, the message after "PATH"
CASES = [
    (
        "duration-too-long.xml",
        frab_xml(frab_event(duration="999999999999:00")),
        f":4: event guid g-1: <duration> '999999999999:00': {OUT} (after the year 9999)",
    ),
    (
        "duration-5000-digits.xml",
        frab_xml(frab_event(duration=HUGE + ":00")),
        f":4: event guid g-1: <duration> {'9' * 40!r}… (5,003 characters): {OUT} "
        "(after the year 9999)",
    ),
    (
        "first-day.xml",
        frab_xml(frab_event(date="0001-01-01T00:00:00+02:00")),
        f":4: event guid g-1: <date> '0001-01-01T00:00:00+02:00': {OUT} (before the year 1)",
    ),
    (
        "last-day.xml",
        frab_xml(frab_event(date="9999-12-31T23:30:00-02:00")),
        f":4: event guid g-1: <date> '9999-12-31T23:30:00-02:00': {OUT} (after the year 9999)",
    ),
    (
        "last-day-plus-an-hour.xml",
        frab_xml(frab_event(date="9999-12-31T23:30:00+00:00")),
        f":4: event guid g-1: <date> '9999-12-31T23:30:00+00:00': {OUT} (after the year 9999)",
    ),
    (
        "after-midnight-of-the-last-day.xml",
        frab_xml(
            "<event id='1' guid='g-1'><start>01:00</start><duration>01:00</duration></event>",
            day="9999-12-31",
        ),
        f":4: event guid g-1: <start> '01:00' on the <day> 9999-12-31: {OUT} (after the year 9999)",
    ),
    (
        "unknown-encoding.xml",
        frab_xml(frab_event(), declaration='<?xml version="1.0" encoding="nonsense-enc"?>\n'),
        ":1: the XML declares the encoding 'nonsense-enc', which cannot be read "
        "(unknown encoding: nonsense-enc)",
    ),
    (
        "multi-byte-encoding.xml",
        frab_xml(frab_event(), declaration="<?xml version='1.0' encoding='shift_jis'?>\n"),
        ":1: the XML declares the encoding 'shift_jis', which cannot be read "
        "(multi-byte encodings are not supported)",
    ),
    (
        "duration-too-long.json",
        schedule_json(duration="999999999999:00"),
        f":12: event guid g-1: duration '999999999999:00': {OUT} (after the year 9999)",
    ),
    (
        "last-day.json",
        schedule_json(date="9999-12-31T23:30:00-02:00"),
        f":12: event guid g-1: date '9999-12-31T23:30:00-02:00': {OUT} (after the year 9999)",
    ),
    (
        "number-of-5000-digits.json",
        schedule_json(id=0).replace('"id": 0', f'"id": {HUGE}'),
        ":16: a number of 5,000 digits in the JSON; refusing it (the limit is 4,300)",
    ),
    (
        "number-of-5000-digits-in-broken.json",
        '{"schedule": [-' + HUGE + ", ]}",
        ":1: a number of 5,000 digits in the JSON; refusing it (the limit is 4,300)",
    ),
    (
        "last-minute-plus-an-hour.ics",
        calendar("DTSTART:99991231T233000Z\nDURATION:PT1H"),
        f":3: event UID a: DURATION 'PT1H': {OUT} (after the year 9999)",
    ),
    (
        "very-long.ics",
        calendar("DTSTART:20240101T100000Z\nDURATION:P99999999W"),
        f":3: event UID a: DURATION 'P699999993D': {OUT} (after the year 9999)",
    ),
    (
        "very-long-back.ics",
        calendar("DTSTART:20240101T100000Z\nDURATION:-P99999999W"),
        f":3: event UID a: DURATION '-P699999993D': {OUT} (before the year 1)",
    ),
    (
        "last-day.ics",
        calendar("DTSTART;VALUE=DATE:99991231"),
        f":3: event UID a: DTSTART '99991231', a whole day: {OUT} (after the year 9999)",
    ),
    (
        "last-second.ics",
        calendar("DTSTART:99991231T235930Z"),
        f":3: event UID a: no length, kept as a minute from 9999-12-31T23:59:30+00:00: {OUT} "
        "(after the year 9999)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), CASES, ids=[case[0] for case in CASES])
def test_out_of_range_and_unreadable_values_are_program_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProgramError) as error:
        load_program(path)
    assert error.value.problems == [f"{path}{message}"]


@pytest.mark.parametrize(("name", "content", "message"), CASES, ids=[case[0] for case in CASES])
def test_list_and_convert_print_the_message_and_exit_2(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for argv in (["--program", str(path), "list"], ["convert", str(path), "-o", "-"]):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert (out, err) == ("", f"itinerary: {path}{message}\n")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # Within what Python holds, so the model's own rule on years says what is wrong.
        ("last-minute.ics", calendar("DTSTART:99991231T233000Z")),
        ("first-day.ics", calendar("DTSTART:00010101T000000Z\nDURATION:PT1H")),
        ("last-day.xml", frab_xml(frab_event(date="9999-12-31T20:00:00+00:00"))),
        # Not a schedule: a bare number is read as our YAML.
        ("bare-number.json", HUGE),
        ("number-of-5000-digits-not-a-schedule.json", f'{{"x": {HUGE}}}'),
    ],
)
def test_other_edges_name_the_file_too(capsys, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProgramError) as error:
        load_program(path)
    assert error.value.problems
    assert all(line.startswith(f"{path}:") for line in error.value.problems)
    assert main(["--program", str(path), "list"]) == 2
    assert capsys.readouterr().err.startswith(f"itinerary: {path}:")


def test_leading_zeros_make_no_duration_too_long(tmp_path):
    path = tmp_path / "zeros.xml"
    path.write_text(frab_xml(frab_event(duration="0" * 5000 + "1:30")), encoding="utf-8")
    (item,) = load_program(path).items
    assert (item.end - item.start).total_seconds() == 90 * 60


@pytest.mark.parametrize(
    ("name", "head", "event", "tail"),
    [
        ("huge.xml", "<schedule>", "<event/>", "</schedule>"),
        ("huge.ics", "BEGIN:VCALENDAR\r\n", "BEGIN:VEVENT\r\nEND:VEVENT\r\n", "END:VCALENDAR\r\n"),
        ("huge.json", '{"schedule": {"conference": {"days": [{"rooms": {"A": [',
         '{"guid": "x"},', '{}]}}]}}}'),
    ],
)  # fmt: skip
def test_more_events_than_any_program_has_are_refused_before_parsing(
    tmp_path, name, head, event, tail
):
    """A file of 200,001 tiny events took a minute and gigabytes before failing."""
    import resource
    import time

    path = tmp_path / name
    path.write_text(head + event * 200_001 + tail)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    with pytest.raises(ProgramError, match=r"holds about 200,001 events, more than the 200,000"):
        load_program(path, "UTC")
    assert time.process_time() - started < 5  # counted, not parsed (CPU time: a shared machine)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200, f"{grown_mb:.0f} MB more while refusing it"


def test_a_program_of_more_items_than_allowed_is_refused_by_the_model():
    from itinerary.model import MAX_ITEMS, Program

    item = {"kind": "talk", "title": "t", "start": "2026-01-01T10:00:00Z",
            "end": "2026-01-01T11:00:00Z"}  # fmt: skip
    data = {"id": "big", "title": "Big", "timezone": "UTC",
            "items": [{"id": f"i{n}", **item} for n in range(MAX_ITEMS + 1)]}  # fmt: skip
    with pytest.raises(ValueError, match="at most 200000 items"):
        validate(Program, data)
