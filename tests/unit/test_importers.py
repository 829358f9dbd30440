"""Importing foreign conference programs: frab/Pentabarf XML, c3voc schedule JSON, iCalendar.

Two kinds of test: conversions of real published schedules (the team's shared fixtures, checked
against times read from the source files by hand), and small hand-written files in
tests/data/schedules for each rule (zones, ids, durations, refusals, error messages).
"""

from __future__ import annotations

import os
import random
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from itinerary import importers
from itinerary.datafile import parse_program
from itinerary.errors import ProgramError
from itinerary.importers import (
    detect_format,
    import_program,
    import_schedule,
    program_to_yaml,
)
from itinerary.importers.ids import item_slug
from itinerary.importers.kinds import kind_of
from itinerary.importers.text import plain_text
from itinerary.model import Kind, Program
from itinerary.program import default_program_path
from itinerary.validation import dump, validate

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "schedules"
# The shared fixtures live beside the repository (../shared), unless ITINERARY_FIXTURES says.
FIXTURES = Path(
    os.environ.get("ITINERARY_FIXTURES") or REPO.parent / "shared" / "fixtures" / "schedules"
)

needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(),
    reason=f"the shared schedule fixtures are not at {FIXTURES} (set ITINERARY_FIXTURES)",
)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def fixture(name: str) -> bytes:
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"shared fixture {name} is not in {FIXTURES}")
    return path.read_bytes()


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def problems_of(error: pytest.ExceptionInfo[ProgramError]) -> str:
    return "\n".join(error.value.problems)


# --- Real schedules --------------------------------------------------------------------------

# name, the zone to give (None where the file names its own), events, the program's zone
REAL = [
    ("debconf23.xml", None, 117, "Asia/Kolkata"),
    ("fosdem_2021.xml", "Europe/Brussels", 773, "Europe/Brussels"),
    ("36c3_merged.xml", "Europe/Berlin", 1351, "Europe/Berlin"),
    ("frab-camp2019.json", None, 79, "Europe/Berlin"),
    ("pretalx-rc3.json", "Europe/Berlin", 48, "Europe/Berlin"),
    ("pretalx-democon.json", None, 36, "UTC"),
    ("kielux_2020.ics", "Europe/Berlin", 24, "Europe/Berlin"),
    ("linux_conf_au_2020.ics", None, 262, "Australia/Brisbane"),
    ("jres_2022.ics", None, 120, "Europe/Paris"),
]


@needs_fixtures
@pytest.mark.parametrize(("name", "tz", "count", "zone"), REAL)
def test_real_schedule_converts_to_a_valid_program(name, tz, count, zone):
    result = import_schedule(fixture(name), name, tz=tz)
    program = result.program
    assert len(program.items) == count
    assert program.timezone == zone
    assert len({item.id for item in program.items}) == count
    assert validate(Program, dump(program)) == program


@needs_fixtures
@pytest.mark.parametrize(("name", "tz", "count", "zone"), REAL)
def test_a_second_conversion_gives_the_same_ids(name, tz, count, zone):
    first = import_program(fixture(name), name, tz=tz)
    second = import_program(fixture(name), f"copy/of/{name}", tz=tz)
    assert [item.id for item in first.items] == [item.id for item in second.items]
    assert first == second


@needs_fixtures
@pytest.mark.parametrize(("name", "tz", "count", "zone"), REAL)
def test_real_schedule_round_trips_through_our_yaml(name, tz, count, zone):
    result = import_schedule(fixture(name), name, tz=tz)
    text = program_to_yaml(result.program, source=name, notes=result.warnings)
    assert text.startswith(f"# Converted by `itinerary convert` from {name}")
    assert parse_program(text, f"{name}.yaml") == result.program


@needs_fixtures
@pytest.mark.parametrize(
    "name", ["fosdem_2021.xml", "36c3_merged.xml", "pretalx-rc3.json", "kielux_2020.ics"]
)
def test_real_schedule_without_a_zone_asks_for_tz(name):
    with pytest.raises(ProgramError) as error:
        import_program(fixture(name), name)
    message = problems_of(error)
    assert message.startswith(f"{name}: the file does not say in which time zone")
    assert "--tz" in message


@needs_fixtures
def test_debconf23_reads_utc_dates_not_local_start_times():
    program = import_program(fixture("debconf23.xml"), "debconf23.xml")
    assert (program.id, program.title) == ("debconf23", "DebConf 23")
    # debconf23.xml:34-37: <event id="35" guid="455d075f-…"> <date>2023-09-10T05:00:00+00:00
    # </date> <start>10:30</start> <duration>00:20</duration>: 10:30 IST is 05:00 UTC.
    opening = program.get("455d075f-48c0-2ec2-24b3-f5add30c383a")
    assert opening.title == "Opening Ceremony"
    assert (opening.start, opening.end) == (utc(2023, 9, 10, 5, 0), utc(2023, 9, 10, 5, 20))
    assert opening.room == "Anamudi"
    assert opening.speakers == ["Sruthi Chandran"]
    assert opening.url == "https://debconf23.debconf.org/talks/18-opening-ceremony/"
    assert opening.abstract.startswith("Welcome to DebConf23")
    # debconf23.xml:3687-3691: guid 5764409b-…, <date>2023-09-13T05:00:00+00:00</date>,
    # <duration>08:30</duration>: the day trip.
    trip = program.get("5764409b-2f48-b97c-cb2a-84ce5f1711e0")
    assert (trip.start, trip.end) == (utc(2023, 9, 13, 5, 0), utc(2023, 9, 13, 13, 30))
    assert trip.room == "Outside"
    # Shown in the venue's zone, the opening is at the wall time the file's <start> says.
    assert opening.starts.astimezone(program.zone).strftime("%H:%M") == "10:30"


@needs_fixtures
def test_fosdem_2021_takes_times_from_day_and_start_in_the_given_zone():
    program = import_program(fixture("fosdem_2021.xml"), "fosdem_2021.xml", tz="Europe/Brussels")
    assert (program.id, program.venue) == ("fosdem-2021", "Online")
    # fosdem_2021.xml:14-18: <day date="2021-02-06">, <event id="11795">, <start>09:00</start>
    # <duration>00:25</duration>: 09:00 CET is 08:00 UTC. No guid: keyed on id.
    welcome = program.get("11795")
    assert welcome.title == "Welcome to FOSDEM 2021"
    assert (welcome.start, welcome.end) == (utc(2021, 2, 6, 8, 0), utc(2021, 2, 6, 8, 25))
    assert welcome.room == "K.fosdem"
    assert welcome.abstract.startswith(
        "FOSDEM welcome and opening talk.\n\nWelcome to FOSDEM 2021!"
    )
    assert "<p>" not in welcome.abstract
    assert "https://video.fosdem.org/2021/K.fosdem/keynotes_welcome.webm" in welcome.abstract
    # fosdem_2021.xml:40-58: <event id="11164">, 10:00 for 00:30, two persons.
    remote = program.get("11164")
    assert (remote.start, remote.end) == (utc(2021, 2, 6, 9, 0), utc(2021, 2, 6, 9, 30))
    assert remote.speakers == ["Marco Marinello", "Paolo Dongilli"]
    assert remote.room == "M.community"
    # fosdem_2021.xml:11694-11698: <day date="2021-02-07">, <event id="12237"> at 18:00, 00:10.
    closing = program.get("12237")
    assert (closing.start, closing.end) == (utc(2021, 2, 7, 17, 0), utc(2021, 2, 7, 17, 10))


@needs_fixtures
def test_36c3_times_rooms_people_kinds_and_repeated_guids():
    result = import_schedule(fixture("36c3_merged.xml"), "36c3_merged.xml", tz="Europe/Berlin")
    program = result.program
    assert (program.id, program.title) == ("36c3", "36th Chaos Communication Congress")
    # 36c3_merged.xml:14-19: guid 6a32cb72-…, <date>2019-12-27T11:00:00+01:00</date>, 00:30.
    opening = program.get("6a32cb72-a69d-423c-91b5-60d88eb8e6c7")
    assert (opening.start, opening.end) == (utc(2019, 12, 27, 10, 0), utc(2019, 12, 27, 10, 30))
    assert opening.room == "Ada"
    assert opening.track == "CCC"  # <track>CCC</track>, line 24
    assert "Track:" not in opening.abstract
    assert opening.speakers == ["bleeptrack", "blinry"]
    assert opening.kind is Kind.TALK  # <type>lecture</type>
    # 36c3_merged.xml:335-346: guid d1b8ed3f-…, day 1's Hacker Jeopardy at
    # <date>2019-12-28T00:50:00+01:00</date> for 02:00, <type>podium</type>.
    jeopardy = program.get("d1b8ed3f-2c22-47d2-9aca-0f9d3cf48eb8")
    assert (jeopardy.start, jeopardy.end) == (utc(2019, 12, 27, 23, 50), utc(2019, 12, 28, 1, 50))
    assert jeopardy.kind is Kind.PANEL
    assert jeopardy.track == "Entertainment"
    assert jeopardy.abstract.startswith("Zahlenraten für Geeks\n\nThe Hacker Jeopardy is a quiz")
    # 36c3_merged.xml:4835-4837 and 26058-26060: one guid, two slots (27th 16:00 and 29th
    # 14:00, +01:00): both kept, the earlier with the bare id.
    guid = "4f5c1cc5-ad99-52dc-89cd-699eae66bcb8"
    first, second = program.get(guid), program.get(f"{guid}-2")
    assert first.start == utc(2019, 12, 27, 15, 0)
    assert second.start == utc(2019, 12, 29, 13, 0)
    assert first.title == second.title == "Löten für Einsteiger"
    assert any("3 guid(s) are used by more than one event" in w for w in result.warnings)
    # 36c3_merged.xml:22684-22688: guid 7581590f-…, 12:45 +01:00 with <duration>00:00: kept.
    kerbal = program.get("7581590f-0f77-5766-94d6-a4f3a0c43a2f")
    assert (kerbal.start, kerbal.end) == (utc(2019, 12, 29, 11, 45), utc(2019, 12, 29, 11, 46))
    assert any(
        w.startswith("36c3_merged.xml:22684: 1 event(s) have no length") for w in result.warnings
    )


@needs_fixtures
def test_camp2019_json():
    program = import_program(fixture("frab-camp2019.json"), "frab-camp2019.json")
    assert (program.id, program.title) == ("camp2019", "Chaos Communication Camp 2019")
    # frab-camp2019.json:25-29: guid a0a0fcfe-…, "date": "2019-08-21T11:00:00+02:00",
    # "duration": "00:30", "room": "Curie", persons jinxx and smtw.
    opening = program.get("a0a0fcfe-b7fb-46e3-84b6-97a5406016b4")
    assert (opening.start, opening.end) == (utc(2019, 8, 21, 9, 0), utc(2019, 8, 21, 9, 30))
    assert opening.room == "Curie"
    assert opening.speakers == ["jinxx", "smtw"]


@needs_fixtures
def test_rc3_json_with_the_zone_given():
    program = import_program(fixture("pretalx-rc3.json"), "pretalx-rc3.json", tz="Europe/Berlin")
    # pretalx-rc3.json:23-28: guid c3642671-…, "date": "2020-12-27T11:30:00+01:00",
    # "duration": "00:40", "room": "r3s - Monheim/Rhein", pretalx persons.
    talk = program.get("c3642671-4c1f-5109-81ba-0535c1cc8428")
    assert (talk.start, talk.end) == (utc(2020, 12, 27, 10, 30), utc(2020, 12, 27, 11, 10))
    assert talk.room == "r3s - Monheim/Rhein"
    assert talk.speakers == ["Chris Fiege", "Kasa"]
    assert talk.url == "https://pretalx.rc3.studio/rc3-channels-2020/talk/MJA8QY/"


@needs_fixtures
def test_democon_times_follow_their_offsets_and_the_wrong_zone_is_reported():
    result = import_schedule(fixture("pretalx-democon.json"), "pretalx-democon.json")
    # pretalx-democon.json:38-43: guid 8079583e-…, "date": "2020-12-14T09:00:00+01:00",
    # "start": "09:00", "duration": "00:30", "room": "Gray Room"; the file says UTC.
    talk = result.program.get("8079583e-8321-506c-95af-fd2903a5f075")
    assert (talk.start, talk.end) == (utc(2020, 12, 14, 8, 0), utc(2020, 12, 14, 8, 30))
    assert talk.room == "Gray Room"
    assert talk.speakers == ["Brian Robinson"]
    assert result.program.timezone == "UTC"
    assert any(
        w.startswith("pretalx-democon.json:38: 36 of 36 events have a start (wall time)")
        for w in result.warnings
    )


@needs_fixtures
def test_kielux_ics_in_utc():
    program = import_program(fixture("kielux_2020.ics"), "kielux_2020.ics", tz="Europe/Berlin")
    # kielux_2020.ics:9-11: UID:460@KOLT20, DTSTART:20200918T110000Z, DTEND:20200918T120000Z.
    talk = program.get("460-kolt20")
    assert talk.title == "OpenCelium - Der generische OpenSoure API-Hub"
    assert (talk.start, talk.end) == (utc(2020, 9, 18, 11, 0), utc(2020, 9, 18, 12, 0))
    assert talk.room == "Ravensberg"
    assert talk.speakers == ["Jakob Semere"]  # ATTENDEE;CN="Jakob Semere"
    assert talk.url == "https://kielux.de/programm/KOLT20#460"


@needs_fixtures
def test_linux_conf_au_ics_with_x_wr_timezone():
    program = import_program(fixture("linux_conf_au_2020.ics"), "linux_conf_au_2020.ics")
    assert (program.id, program.title) == ("linux-conf-au-2020", "linux.conf.au 2020")
    # linux_conf_au_2020.ics:30-38: DTSTART;TZID=Australia/Brisbane:20200115T090000, DTEND
    # 20200115T091000, UID:94@lca2020.linux.org.au, "Speaker: Joel Addison", LOCATION:Arena.
    welcome = program.get("94-lca2020.linux.org.au")
    assert welcome.title == "Wednesday Welcome"
    assert (welcome.start, welcome.end) == (utc(2020, 1, 14, 23, 0), utc(2020, 1, 14, 23, 10))
    assert welcome.room == "Arena"
    assert welcome.speakers == ["Joel Addison"]


@needs_fixtures
def test_jres_ics_with_tzids_and_an_event_without_length():
    result = import_schedule(fixture("jres_2022.ics"), "jres_2022.ics")
    program = result.program
    assert (program.id, program.title) == ("jres-2021-22", "JRES 2021/22")
    # jres_2022.ics:22-26: UID:presentation_129@…, DTSTART;TZID=Europe/Paris:20220517T140000,
    # DTEND …T160000, LOCATION Amphithéâtre 1600.
    talk = program.get("presentation_129-conf-ng.jres.org")
    assert (talk.start, talk.end) == (utc(2022, 5, 17, 12, 0), utc(2022, 5, 17, 14, 0))
    assert talk.room == "Amphithéâtre 1600"
    # jres_2022.ics:2314-2318: presentation_147 starts and ends at 20220519T160000.
    point = program.get("presentation_147-conf-ng.jres.org")
    assert (point.start, point.end) == (utc(2022, 5, 19, 14, 0), utc(2022, 5, 19, 14, 1))
    assert any(
        w.startswith("jres_2022.ics:2314: 1 event(s) have no length") for w in result.warnings
    )


# --- Detecting the format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tinycon.xml", "frab-xml"),
        ("pentabarf-no-zone.xml", "frab-xml"),
        ("tinycon.json", "schedule-json"),
        ("broken.json", "schedule-json"),
        ("tinycon.ics", "ics"),
    ],
)
def test_format_is_detected_from_content(name, expected):
    assert detect_format(data(name)) == expected
    # The bytes decide, not the name: with any extension, and with a BOM or blank lines first.
    assert detect_format(b"\xef\xbb\xbf\n\n  " + data(name)) == expected


def test_our_yaml_is_detected_and_imported_as_it_is():
    text = (REPO / "tests" / "data" / "valid" / "minimal.yaml").read_bytes()
    assert detect_format(text) == "yaml"
    assert detect_format(b'{"id": "x", "title": "T", "timezone": "UTC"}') == "yaml"
    assert import_program(text, "minimal.yaml") == parse_program(text, "minimal.yaml")


def test_a_file_is_read_by_its_content_whatever_its_name():
    program = import_program(data("tinycon.xml"), "downloads/schedule.yaml")
    assert program.id == "tinycon24"
    result = import_schedule(data("tinycon.ics"), "calendar.json")
    assert result.format == "ics"
    for name in ("tinycon.xml", "tinycon.json", "tinycon.ics"):  # a byte order mark is fine
        assert import_program(b"\xef\xbb\xbf" + data(name), name) == import_program(
            data(name), name
        )


def test_xml_that_is_not_a_schedule_says_so():
    with pytest.raises(ProgramError) as error:
        import_program(b"<?xml version='1.0'?>\n<html><body/></html>", "page.xml")
    assert problems_of(error) == (
        "page.xml:2: the root element is <html>, not <schedule>: this is not a "
        "frab/Pentabarf schedule.xml"
    )


# --- Zones -------------------------------------------------------------------------------------


def test_missing_zone_asks_for_tz():
    with pytest.raises(ProgramError) as error:
        import_program(data("pentabarf-no-zone.xml"), "old.xml")
    assert problems_of(error) == (
        "old.xml: the file does not say in which time zone the conference is (no "
        "<time_zone_name> in <conference>); give it: `itinerary convert FILE --tz ZONE`, or "
        "`--program-tz ZONE` to open it directly (e.g. Europe/Berlin)"
    )


def test_zone_given_reads_wall_times_and_day_change():
    program = import_program(data("pentabarf-no-zone.xml"), "old.xml", tz="Europe/Brussels")
    assert (program.id, program.venue) == ("old-fest-2021", "ULB, Brussels")
    welcome = program.get("100")  # 09:30 on 2021-02-06, CET
    assert (welcome.start, welcome.end) == (utc(2021, 2, 6, 8, 30), utc(2021, 2, 6, 8, 55))
    late = program.get("101")  # 01:30, before <day_change>04:00: the next calendar day
    assert late.start == utc(2021, 2, 7, 0, 30)


def test_an_unknown_zone_is_an_error_with_suggestions():
    with pytest.raises(ProgramError) as error:
        import_program(data("pentabarf-no-zone.xml"), "old.xml", tz="Europe/Brussel")
    assert "unknown time zone 'Europe/Brussel' (did you mean Europe/Brussels" in problems_of(error)
    bad = data("tinycon.xml").replace(b"Europe/Berlin", b"Mars/Olympus")
    with pytest.raises(ProgramError) as error:
        import_program(bad, "tinycon.xml")
    assert problems_of(error).startswith("tinycon.xml:13: no <time_zone_name> in <conference>: ")
    assert "unknown time zone 'Mars/Olympus'" in problems_of(error)


def test_the_files_own_zone_wins_over_the_one_given():
    result = import_schedule(data("tinycon.xml"), "tinycon.xml", tz="Asia/Tokyo")
    assert result.program.timezone == "Europe/Berlin"
    assert any("used only for files that name none" in w for w in result.warnings)


# --- frab XML rules ---------------------------------------------------------------------------


def test_tinycon_xml():
    result = import_schedule(data("tinycon.xml"), "tinycon.xml")
    program = result.program
    assert result.format == "frab-xml"
    assert result.warnings == ()
    assert (program.id, program.title, program.timezone) == (
        "tinycon24",
        "Tiny Conference 2024",
        "Europe/Berlin",
    )
    keynote = program.get("1c7b5a8e-0000-4000-8000-000000000001")
    assert keynote.kind is Kind.KEYNOTE
    assert (keynote.start, keynote.end) == (utc(2024, 3, 30, 9, 0), utc(2024, 3, 30, 9, 45))
    assert keynote.speakers == ["Ada Lovelace", "Grace Hopper"]
    assert keynote.url == "https://tinycon.example/events/7.html"  # made absolute
    assert keynote.abstract == (
        "Why small is beautiful\n\n"
        "Small conferences are better (https://tinycon.example/why).\n\n"
        "A longer description.\n\n"
        "Type: keynote\n\n"
        "Links:\n- Slides: https://slides.example/7.pdf"
    )
    assert keynote.track == "Main"  # a field of its own, not a line of the abstract
    lightning = program.get("1c7b5a8e-0000-4000-8000-000000000003")  # guid in capitals
    assert lightning.kind is Kind.LIGHTNING
    lunch = program.get("1c7b5a8e-0000-4000-8000-000000000004")
    assert lunch.kind is Kind.BREAK  # no type; the title says it
    assert lunch.start == utc(2024, 3, 31, 10, 0)  # 12:00 CEST, after the change to summer time


def test_duplicate_ids_with_distinct_guids_are_kept_apart():
    program = import_program(data("tinycon.xml"), "tinycon.xml")
    # tinycon.xml: two <event id="7">, guids …0001 and …0002: two items.
    first = program.get("1c7b5a8e-0000-4000-8000-000000000001")
    second = program.get("1c7b5a8e-0000-4000-8000-000000000002")
    assert (first.title, second.title) == ("Opening Keynote", "Hackathon")


def test_duration_over_24_hours():
    program = import_program(data("tinycon.xml"), "tinycon.xml")
    hackathon = program.get("1c7b5a8e-0000-4000-8000-000000000002")
    # 2024-03-30T23:30:00+01:00 plus 26:30
    assert (hackathon.start, hackathon.end) == (utc(2024, 3, 30, 22, 30), utc(2024, 4, 1, 1, 0))
    assert hackathon.kind is Kind.WORKSHOP


def _one_event_xml(event: str) -> bytes:
    return (
        "<schedule>\n<conference><title>T</title><time_zone_name>Europe/Berlin</time_zone_name>"
        "</conference>\n<day index='1' date='2024-05-01'><room name='R'>\n" + event + "\n"
        "</room></day>\n</schedule>\n"
    ).encode()


def test_end_instead_of_duration_in_xml():
    program = import_program(
        _one_event_xml(
            "<event id='1' guid='g-1'><date>2024-05-01T10:00:00+02:00</date>"
            "<end>2024-05-01T11:15:00+02:00</end><title>Ends</title></event>"
        ),
        "end.xml",
    )
    assert (program.items[0].start, program.items[0].end) == (
        utc(2024, 5, 1, 8, 0),
        utc(2024, 5, 1, 9, 15),
    )


def test_one_guid_in_two_slots_gets_the_same_ids_in_any_file_order():
    later = "<event id='5' guid='G-5'><date>2024-05-01T15:00:00+02:00</date><duration>01:00</duration><title>Twice</title></event>"  # noqa: E501
    earlier = later.replace("15:00", "10:00")
    one = import_program(_one_event_xml(later + earlier), "a.xml")
    other = import_program(_one_event_xml(earlier + later), "b.xml")
    assert (
        {i.id: i.start for i in one.items}
        == {i.id: i.start for i in other.items}
        == {
            "g-5": utc(2024, 5, 1, 8, 0),
            "g-5-2": utc(2024, 5, 1, 13, 0),
        }
    )


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            "<event id='1' guid='g-1'><date>2024-05-01T10:00:00+02:00</date>"
            "<duration>1h</duration><title>x</title></event>",
            "bad.xml:4: event guid g-1: <duration> '1h' is not HH:MM",
        ),
        (
            "<event id='1' guid='g-1'><date>yesterday</date><duration>01:00</duration></event>",
            "bad.xml:4: event guid g-1: <date> 'yesterday' is not an ISO 8601 date and time",
        ),
        (
            "<event id='1' guid='g-1'><date>2024-05-01T10:00:00+02:00</date>"
            "<end>2024-05-01T09:00:00+02:00</end></event>",
            "bad.xml:4: event guid g-1: ends (2024-05-01T09:00:00+02:00) before it starts "
            "(2024-05-01T10:00:00+02:00)",
        ),
    ],
)
def test_bad_event_fields_are_located(event, message):
    with pytest.raises(ProgramError) as error:
        import_program(_one_event_xml(event), "bad.xml")
    assert problems_of(error) == message


def test_malformed_xml_gives_file_and_line():
    with pytest.raises(ProgramError) as error:
        import_program(data("broken.xml"), "tests/data/schedules/broken.xml")
    assert problems_of(error) == (
        "tests/data/schedules/broken.xml:10: not well-formed XML: mismatched tag (column 7)"
    )


def test_billion_laughs_is_refused_without_expanding():
    started = time.perf_counter()
    with pytest.raises(ProgramError) as error:
        import_program(data("billion-laughs.xml"), "billion-laughs.xml")
    assert time.perf_counter() - started < 5  # refused at the first declaration
    assert problems_of(error) == (
        "billion-laughs.xml:3: refused: the XML declares an entity ('lol'); entities can expand "
        'without limit ("billion laughs"), so a schedule may not declare any'
    )


def test_external_entities_are_refused_and_never_read():
    with pytest.raises(ProgramError) as error:
        import_program(data("xxe.xml"), "xxe.xml")
    message = problems_of(error)
    assert message == (
        "xxe.xml:3: refused: the XML declares an external entity 'secret' (file:///etc/passwd); "
        "external entities are never read"
    )
    assert "root:" not in message
    parameter = (
        b'<?xml version="1.0"?>\n<!DOCTYPE schedule [\n'
        b'<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd">\n%remote;\n]>\n'
        b"<schedule/>\n"
    )
    with pytest.raises(ProgramError) as error:
        import_program(parameter, "param.xml")
    assert problems_of(error).startswith("param.xml:3: refused: the XML declares an external")


@pytest.mark.parametrize(
    ("document", "plain"),
    [
        (b"<schedule><![CDATA[<!DOCTYPE x>]]><!-- <!ENTITY> --></schedule>", False),
        (b"<schedule><![CDATA[a < b]]><!-- a comment --></schedule>", True),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<schedule/>', True),
        (b"<?xml version='1.0' encoding='latin-1'?><schedule>\xe9</schedule>", True),
        (b'<?xml version="1.0" encoding="cp500"?><schedule/>', False),
        ("<schedule/>".encode("utf-16"), False),
        (b'<!DOCTYPE schedule SYSTEM "x.dtd"><schedule/>', False),
        (b"<!doctype schedule><schedule/>", False),
    ],
)
def test_only_xml_that_plainly_declares_nothing_skips_defusedxml(document, plain):
    from itinerary.importers.frab_xml import declares_nothing

    assert declares_nothing(document) is plain


@pytest.mark.parametrize("name", ["36c3_merged.xml", "debconf23.xml", "fosdem_2021.xml"])
def test_the_quick_parser_reads_a_schedule_as_defusedxml_does(name, monkeypatch):
    from itinerary.importers import frab_xml

    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the team's shared fixtures)")
    content = path.read_bytes()
    assert frab_xml.declares_nothing(content)
    quick = import_program(content, name, tz="Europe/Berlin")
    monkeypatch.setattr(frab_xml, "declares_nothing", lambda data: False)
    assert import_program(content, name, tz="Europe/Berlin") == quick


# --- schedule JSON rules ----------------------------------------------------------------------


def test_tinycon_json_end_instead_of_duration_and_duration_over_24h():
    result = import_schedule(data("tinycon.json"), "tinycon.json")
    program = result.program
    assert result.format == "schedule-json"
    assert program.id == "tinycon24"
    # Both events are submission 42 / ABC123, with distinct guids: two items.
    first = program.get("2d7b5a8e-0000-4000-8000-000000000001")
    second = program.get("2d7b5a8e-0000-4000-8000-000000000002")
    # "end" instead of "duration"
    assert (first.start, first.end) == (utc(2024, 3, 30, 9, 0), utc(2024, 3, 30, 10, 30))
    # "duration": "25:00" from 20:00+01:00
    assert (second.start, second.end) == (utc(2024, 3, 30, 19, 0), utc(2024, 3, 31, 20, 0))
    assert first.speakers == ["Margaret Hamilton"]  # pretalx "name"
    assert second.speakers == ["Katherine Johnson"]  # frab "public_name"
    assert first.kind is second.kind is Kind.WORKSHOP
    # Abstract and description are the same text: kept once. Relative links made absolute.
    assert first.abstract == (
        "We build things.\n\nType: Workshop 90 min\n\n"
        "Links:\n- Handout: https://tinycon.example/media/abc.pdf"
    )
    assert first.track == "Making"


def test_malformed_json_gives_file_and_line():
    with pytest.raises(ProgramError) as error:
        import_program(data("broken.json"), "tests/data/schedules/broken.json")
    assert problems_of(error) == (
        "tests/data/schedules/broken.json:6: not valid JSON: Expecting property name enclosed "
        "in double quotes (column 5)"
    )


def test_json_event_problems_name_the_line_of_their_guid():
    text = data("tinycon.json").replace(b'"25:00"', b'"a day"')
    with pytest.raises(ProgramError) as error:
        import_program(text, "tinycon.json")
    assert problems_of(error) == (
        "tinycon.json:46: event guid 2d7b5a8e-0000-4000-8000-000000000002: duration 'a day' "
        "is not HH:MM"
    )


def test_json_without_the_expected_structure():
    with pytest.raises(ProgramError) as error:
        import_program(b'{"schedule": {"conference": {"title": "x"}}}', "s.json")
    assert problems_of(error) == "s.json: schedule.conference.days: missing, or not a list"


# --- iCalendar rules --------------------------------------------------------------------------


def test_tinycon_ics():
    result = import_schedule(data("tinycon.ics"), "tinycon.ics")
    program = result.program
    assert (program.id, program.title, program.timezone) == (
        "tiny-conference-2024",
        "Tiny Conference 2024",
        "Europe/Berlin",
    )
    keynote = program.get("talk-1-tinycon.example")
    assert (keynote.start, keynote.end) == (utc(2024, 3, 30, 9, 0), utc(2024, 3, 30, 9, 45))
    assert keynote.kind is Kind.KEYNOTE  # CATEGORIES:Keynote
    assert keynote.speakers == ["Ada Lovelace"]  # ATTENDEE;CN=…
    assert keynote.room == "Hall A"
    in_utc = program.get("talk-2-tinycon.example")  # DTSTART …Z with DURATION:PT30M
    assert (in_utc.start, in_utc.end) == (utc(2024, 3, 30, 11, 0), utc(2024, 3, 30, 11, 30))
    assert in_utc.speakers == ["Alan Turing"]  # from "Speaker: Alan Turing"
    floating = program.get("talk-3-tinycon.example")  # no zone: the conference's (now CEST)
    assert (floating.start, floating.end) == (utc(2024, 3, 31, 12, 0), utc(2024, 3, 31, 13, 0))
    all_day = program.get("day-2-tinycon.example")
    assert all_day.kind is Kind.OTHER
    assert (all_day.start, all_day.end) == (utc(2024, 3, 30, 23, 0), utc(2024, 3, 31, 22, 0))
    # UIDs differing only in case: the lowercase one keeps the bare id.
    assert program.get("talk-1-tinycon.example-2").title == "Same UID but in capitals"


def test_ics_zone_from_tzids_when_no_x_wr_timezone():
    text = data("tinycon.ics").replace(b"X-WR-TIMEZONE:Europe/Berlin\n", b"")
    assert import_program(text, "t.ics").timezone == "Europe/Berlin"
    utc_only = text.replace(b";TZID=Europe/Berlin", b"")
    with pytest.raises(ProgramError) as error:
        import_program(utc_only, "t.ics")
    assert "no X-WR-TIMEZONE, and no TZID on its times); give it: `itinerary convert FILE --tz" in (
        problems_of(error)
    )


def test_ics_problems():
    with pytest.raises(ProgramError) as error:
        import_program(b"BEGIN:VCALENDAR\nthis is not iCalendar\nEND:VCALENDAR\n", "x.ics")
    assert problems_of(error).startswith("x.ics: not a readable iCalendar file: ")
    no_start = (
        b"BEGIN:VCALENDAR\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:a\nSUMMARY:x\nEND:VEVENT\n"
        b"END:VCALENDAR\n"
    )
    with pytest.raises(ProgramError) as error:
        import_program(no_start, "x.ics")
    assert problems_of(error) == "x.ics:3: event UID a: no DTSTART"


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\n{event}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nX-WR-TIMEZONE:UTC\n{body}END:VCALENDAR\n".encode()


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            "UID:a\nDTSTART:garbage",
            "x.ics:3: event UID a: DTSTART 'garbage' is not a date or date-time",
        ),
        (
            "UID:a\nDTSTART:20240101T100000Z\nDURATION:soon",
            "x.ics:3: event UID a: DURATION 'soon' is not a duration",
        ),
        (
            "UID:a\nDTSTART:20240101T100000Z\nDTSTART:20240101T110000Z",
            "x.ics:3: event UID a: more than one DTSTART",
        ),
        (
            "UID:a\nDTSTART:20240101T100000Z\nDTEND:20240101T090000Z",
            "x.ics:3: event UID a: "
            "ends (2024-01-01T09:00:00+00:00) before it starts (2024-01-01T10:00:00+00:00)",
        ),
    ],
)
def test_ics_event_problems_are_located(event, message):
    with pytest.raises(ProgramError) as error:
        import_program(_calendar(event), "x.ics")
    assert problems_of(error) == message


def test_ics_repeats_changed_occurrences_and_cancellations():
    result = import_schedule(
        _calendar(
            "UID:u\nDTSTART:20240101T100000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=3\nSUMMARY:a",
            "UID:u\nRECURRENCE-ID:20240102T100000Z\nDTSTART:20240102T120000Z\nDURATION:PT1H",
            "UID:gone\nSTATUS:CANCELLED\nDTSTART:20240101T100000Z",
        ),
        "x.ics",
    )
    assert [item.id for item in result.program.items] == ["u", "u-20240102t100000"]
    assert result.warnings == (
        "x.ics:3: event UID u: repeats (RRULE); only its first occurrence is imported",
        "x.ics: 1 cancelled event(s) (STATUS:CANCELLED) left out",
    )


# --- Everything --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tinycon.xml", "tinycon.json", "tinycon.ics", "broken.json"])
def test_cut_or_garbled_files_give_program_errors_never_tracebacks(name):
    whole = data(name)
    rng = random.Random(name)
    variants = [whole[:cut] for cut in range(0, len(whole), 23)]
    for _ in range(60):
        garbled = bytearray(whole)
        for _ in range(rng.randrange(1, 6)):
            garbled[rng.randrange(len(garbled))] = rng.choice(b'<>/{}[]":,&;\n \xff')
        variants.append(bytes(garbled))
    for variant in variants:
        try:
            import_program(variant, name, tz="Europe/Berlin")
        except ProgramError as error:
            assert error.problems
            assert all(line.startswith(name) or line.startswith("--") for line in error.problems)


def test_too_large_a_file_is_refused(monkeypatch):
    monkeypatch.setattr(importers, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(ProgramError) as error:
        import_program(data("tinycon.xml"), "big.xml")
    assert problems_of(error) == (
        f"big.xml: {len(data('tinycon.xml')):,} bytes is too large for a conference schedule "
        "(the limit is 1,000 bytes)"
    )


def test_program_id_can_be_given():
    assert import_program(data("tinycon.json"), "t.json", program_id="tiny").id == "tiny"
    with pytest.raises(ProgramError) as error:
        import_program(data("tinycon.json"), "t.json", program_id="Not An Id")
    assert problems_of(error).startswith("--id: 'Not An Id' is not a valid program id")


@pytest.mark.parametrize(
    ("key", "slug"),
    [
        ("6A32CB72-A69D-423C-91B5-60D88EB8E6C7", "6a32cb72-a69d-423c-91b5-60d88eb8e6c7"),
        ("presentation_94@conf-ng.jres.org", "presentation_94-conf-ng.jres.org"),
        ("460@KOLT20", "460-kolt20"),
        ("Löten für Einsteiger", "loten-fur-einsteiger"),
        ("--.weird__.", "weird"),
        ("", "e3b0c44298fc"),  # sha256 of nothing
        ("@@@", "2ec847d8a31a"),
    ],
)
def test_item_slugs_are_a_fixed_function_of_the_key(key, slug):
    assert item_slug(key) == slug


def test_an_over_long_key_keeps_its_start_and_ends_in_a_hash():
    key = "x" * 300
    slug = item_slug(key)
    assert len(slug) == 120
    assert slug.startswith("x" * 100)
    assert slug != item_slug("x" * 299)


@pytest.mark.parametrize(
    ("type_name", "kind"),
    [
        ("lecture", Kind.TALK),
        ("Talk", Kind.TALK),
        ("Long talk (45 minutes)", Kind.TALK),
        ("Doppelter Slot", Kind.TALK),
        ("maintrack", Kind.TALK),
        ("", Kind.TALK),
        (None, Kind.TALK),
        ("workshop", Kind.WORKSHOP),
        ("Workshop 60 Min", Kind.WORKSHOP),
        ("hands-on", Kind.WORKSHOP),
        ("Lightning Talk", Kind.LIGHTNING),
        ("LightningTalk 15min 10min Q&A", Kind.LIGHTNING),
        ("lightning_talk", Kind.LIGHTNING),
        ("keynote", Kind.KEYNOTE),
        ("podium", Kind.PANEL),
        ("Panel", Kind.PANEL),
        ("djset", Kind.SOCIAL),
        ("concert", Kind.SOCIAL),
        ("meeting", Kind.OTHER),
        ("BoF (45 minutes)", Kind.OTHER),
        ("game", Kind.OTHER),
    ],
)
def test_kinds_from_types(type_name, kind):
    assert kind_of(type_name) is kind


def test_break_titles_only_when_the_type_says_nothing():
    assert kind_of("", "Coffee Break") is Kind.BREAK
    assert kind_of(None, "Lunch") is Kind.BREAK
    assert kind_of("lecture", "Lunch") is Kind.TALK
    assert kind_of("", "Lunch with the kernel maintainers") is Kind.TALK
    # DebConf 23 calls its breaks "Breakfast", "Lunch", "Dinner" and "Afternoon break".
    for title in ("Afternoon break", "Morning coffee break", "afternoon tea", "Evening break"):
        assert kind_of("", title) is Kind.BREAK, title
    assert kind_of("", "Break dancing") is Kind.TALK


def test_debconf_breaks_are_all_breaks():
    program = import_schedule(fixture("debconf23.xml"), "debconf23.xml").program
    kinds = {item.kind for item in program.items if item.title == "Afternoon break"}
    assert kinds == {Kind.BREAK}


def test_html_is_made_text_and_other_text_is_kept():
    assert plain_text("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul><p>x<br>y</p>") == (
        "One & two\n\n- a\n- b\n\nx\ny"
    )
    assert plain_text("Use #include <stdio.h> and **markdown**\r\n") == (
        "Use #include <stdio.h> and **markdown**"
    )


def test_our_yaml_round_trips_the_shipped_program():
    program = parse_program(default_program_path().read_bytes(), "program.yaml")
    text = program_to_yaml(program)
    assert parse_program(text, "again.yaml") == program
    assert program_to_yaml(parse_program(text, "again.yaml")) == text


@pytest.mark.parametrize("name", ["tinycon.xml", "tinycon.json", "tinycon.ics"])
def test_converted_programs_round_trip_through_our_yaml(name):
    result = import_schedule(data(name), name)
    text = program_to_yaml(result.program, source=name, format_name="test", notes=["a\nnote"])
    assert text.splitlines()[0] == f"# Converted by `itinerary convert` from {name} (test)."
    assert "# - a note" in text or "#   - a note" in text
    assert parse_program(text, f"{name}.yaml") == result.program


@pytest.mark.parametrize(
    ("written", "track"),
    [("Keynotes", "Keynotes"), ("  Hardware &amp;\n Making ", "Hardware & Making"),
     ("No track", None), ("none", None), ("-", None), ("", None)],
)  # fmt: skip
def test_the_track_is_a_field_on_one_line_and_no_track_is_none(written, track):
    xml = data("tinycon.xml").replace(b"<track>Main</track>", f"<track>{written}</track>".encode())
    assert xml != data("tinycon.xml")
    keynote = import_schedule(xml, "tinycon.xml").program.get(
        "1c7b5a8e-0000-4000-8000-000000000001"
    )
    assert keynote.track == track
    assert "Track" not in keynote.abstract
