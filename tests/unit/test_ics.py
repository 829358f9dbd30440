"""Calendar export: every event at the right instant in every zone, read back by readers we
did not write (icalendar, ical, vobject), shaped for Outlook, stable across exports."""

from __future__ import annotations

import hashlib
import json
import zoneinfo
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from itinerary.ics import (
    MAYBE_LINE,
    _folded,
    build_calendar,
    calendar_bytes,
    calendar_text,
    next_versions,
    plan_events,
)
from itinerary.model import Program
from itinerary.program import default_program_path, load_program
from itinerary.selection import Priority, Star, event_id_of
from itinerary.validation import dump, validate
from itinerary.vtimezone import vtimezone_for

UTC = timezone.utc
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
ES_FOMO = load_program(default_program_path())
ZONES = sorted(zoneinfo.available_timezones())
H2O = "h2o-heavy-hitter-oracle-for-efficient-generative"
ZIPLM = "ziplm-inference-aware-structured-pruning"


def export(program: Program, zone: str, posters="grouped", chosen=None, previous=None, **options):
    chosen = chosen if chosen is not None else [(item, None) for item in program.in_time_order]
    events = plan_events(program, chosen, posters)
    versions = next_versions(previous or {}, events, NOW)
    built = build_calendar(program, events, versions, zoneinfo.ZoneInfo(zone), now=NOW, **options)
    return built, events, versions


def expected_instants(program: Program, events) -> dict[str, tuple[datetime, datetime]]:
    return {event.uid: (event.start, event.end) for event in events}


def check_calendar_rules(data: bytes) -> icalendar.Calendar:
    """The rules of shared/CALENDAR-RULES.md that a file can be checked against on its own."""
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert "METHOD" not in calendar
    zones = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    for vtimezone in zones.values():
        kinds = [sub.name for sub in vtimezone.subcomponents]
        assert kinds.count("STANDARD") == 1 and kinds.count("DAYLIGHT") <= 1, kinds
        for observance in vtimezone.subcomponents:
            assert "RDATE" not in observance
            if "DAYLIGHT" in kinds:
                assert observance["RRULE"]["FREQ"] == ["YEARLY"]
    for event in calendar.walk("VEVENT"):
        assert event["UID"] and event["DTSTAMP"].dt.utcoffset() == timedelta(0)
        for key in ("DTSTART", "DTEND"):
            value = event[key]
            tzid = value.params.get("TZID")
            if tzid is None:
                assert value.dt.utcoffset() == timedelta(0), "no floating times"
            else:
                assert tzid in zones, f"TZID {tzid} has no VTIMEZONE"
                # The offset the VTIMEZONE encodes equals zoneinfo's at this instant (read as
                # written: with the TZID lookup on, icalendar would ask zoneinfo instead).
                encoded = zones[tzid].to_tz(lookup_tzid=False)
                wall = value.dt.replace(tzinfo=None)
                assert wall.replace(tzinfo=encoded).utcoffset() == value.dt.utcoffset()
                assert value.dt.utcoffset() == zoneinfo.ZoneInfo(tzid).utcoffset(wall)
        for alarm in event.walk("VALARM"):
            assert alarm["ACTION"] and alarm["TRIGGER"]
            assert alarm["ACTION"] != "DISPLAY" or alarm["DESCRIPTION"]
    return calendar


@pytest.mark.parametrize("zone", ZONES)
def test_every_zone_puts_every_event_at_the_programs_instant(zone):
    built, events, _ = export(ES_FOMO, zone)
    assert built.events == len(events) == 19  # the posters are listed in their session's event
    expected = expected_instants(ES_FOMO, events)
    calendar = check_calendar_rules(built.data)
    by_icalendar = {
        str(e["UID"]): (e["DTSTART"].dt.astimezone(timezone.utc), e["DTEND"].dt.astimezone(UTC))
        for e in calendar.walk("VEVENT")
    }
    assert by_icalendar == expected
    parsed = IcsCalendarStream.calendar_from_ics(built.data.decode("utf-8"))
    by_ical = {
        e.uid: (e.dtstart.astimezone(timezone.utc), e.dtend.astimezone(timezone.utc))
        for e in parsed.events
    }
    assert by_ical == expected


@pytest.mark.parametrize("zone", ["Pacific/Honolulu", "Europe/Berlin", "Asia/Kathmandu",
                                  "Australia/Lord_Howe", "America/St_Johns", "UTC"])  # fmt: skip
def test_vobject_validates_the_file(zone):
    built, _, _ = export(ES_FOMO, zone, posters="separate", alarm_minutes=10)
    calendar = vobject.readOne(built.data.decode("utf-8"))
    calendar.serialize(validate=True)
    assert len(calendar.vevent_list) == 72


def test_zones_without_daylight_saving_are_one_standard_observance():
    moments = [item.starts for item in ES_FOMO.items]
    for zone in ("Pacific/Honolulu", "Asia/Kolkata", "Asia/Kathmandu"):
        vtimezone = vtimezone_for(zoneinfo.ZoneInfo(zone), moments)
        assert [sub.name for sub in vtimezone.subcomponents] == ["STANDARD"]
    assert vtimezone_for(zoneinfo.ZoneInfo("UTC"), moments) is None


def test_events_are_written_in_the_display_zone():
    built, _, _ = export(ES_FOMO, "Europe/Berlin")
    text = built.data.decode("utf-8")
    assert "DTSTART;TZID=Europe/Berlin:20230729T205500" in text
    assert "TZID:Europe/Berlin" in text
    assert built.in_utc == 0


def test_a_time_that_occurs_twice_is_written_in_utc():
    """01:30 on 2026-11-01 happens twice in New York; iCalendar would mean the first."""
    program = validate(Program, {
        "id": "fall", "title": "Fall back", "timezone": "America/New_York",
        "items": [
            {"id": "second", "kind": "talk", "title": "The second 01:30",
             "start": "2026-11-01T01:30:00-05:00", "end": "2026-11-01T01:45:00-05:00"},
            {"id": "noon", "kind": "talk", "title": "Noon",
             "start": "2026-11-01T12:00:00-05:00", "end": "2026-11-01T13:00:00-05:00"},
        ],
    })  # fmt: skip
    built, _, _ = export(program, "America/New_York")
    calendar = check_calendar_rules(built.data)
    (second,) = [e for e in calendar.walk("VEVENT") if "second" in str(e["UID"])]
    assert second["DTSTART"].to_ical() == b"20261101T063000Z"
    assert built.in_utc == 1
    assert "DTSTART;TZID=America/New_York:20261101T120000" in built.data.decode()


def test_an_event_under_an_older_rule_is_written_in_that_rule():
    """New York's DST began on the first Sunday of April until 2006; today's rule says March.
    A program of 2005 gets the rule of 2005, not today's."""
    program = validate(Program, {
        "id": "old", "title": "Old rules", "timezone": "America/New_York",
        "items": [{"id": "talk", "kind": "talk", "title": "Before the 2007 change",
                   "start": "2005-03-20T12:00:00-05:00", "end": "2005-03-20T13:00:00-05:00"}],
    })  # fmt: skip
    built, _, _ = export(program, "America/New_York")
    calendar = check_calendar_rules(built.data)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].to_ical() == b"20050320T120000"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    (daylight,) = calendar.walk("DAYLIGHT")
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"
    assert daylight["DTSTART"].dt == datetime(2005, 4, 3, 2, 0)
    assert built.in_utc == 0


def test_events_in_years_of_different_rules_take_the_rule_of_most_and_utc_for_the_rest():
    """Almaty was +06 until 2024-03-01 and is +05 since: one STANDARD cannot say both."""
    program = validate(Program, {
        "id": "almaty", "title": "Two eras", "timezone": "Asia/Almaty",
        "items": [
            {"id": "old", "kind": "talk", "title": "In 2023",
             "start": "2023-07-29T10:00:00+06:00", "end": "2023-07-29T11:00:00+06:00"},
            {"id": "new-1", "kind": "talk", "title": "In 2026",
             "start": "2026-07-29T10:00:00+05:00", "end": "2026-07-29T11:00:00+05:00"},
            {"id": "new-2", "kind": "talk", "title": "In 2026 too",
             "start": "2026-07-30T10:00:00+05:00", "end": "2026-07-30T11:00:00+05:00"},
        ],
    })  # fmt: skip
    built, _, _ = export(program, "Asia/Almaty")
    calendar = check_calendar_rules(built.data)
    (standard,) = calendar.walk("STANDARD")
    assert standard["TZOFFSETTO"].td == timedelta(hours=5)
    starts = {str(e["UID"]).split("@")[0]: e["DTSTART"].to_ical() for e in calendar.walk("VEVENT")}
    assert starts == {
        "old": b"20230729T040000Z",
        "new-1": b"20260729T100000",
        "new-2": b"20260730T100000",
    }
    assert built.in_utc == 1


HOSTILE = [
    "Talk\r\nBEGIN:VEVENT\r\nUID:evil\r\nEND:VEVENT",
    "Commas, semicolons; backslashes \\ and \\n literally",
    "Emoji 🎤☕️🧑‍🎓 and CJK 東京大学 효율적인 시스템",
    "Tabs\tand   spaces  ",
]


def hostile_program() -> Program:
    abstract = ("Long abstract: " + "αβγ δ, ε; \\ζ 東京 🎉 " * 600)[:10_000]
    items = [
        {"id": f"item-{n}", "kind": "talk", "title": title, "abstract": abstract + title,
         "people": [{"name": title, "affiliation": "A; B, C"}], "room": title,
         "start": f"2026-05-04T{10 + n}:00:00+02:00", "end": f"2026-05-04T{10 + n}:30:00+02:00"}
        for n, title in enumerate(HOSTILE)
    ]  # fmt: skip
    return validate(
        Program,
        {
            "id": "hostile",
            "title": "Hostile; text, here",
            "timezone": "Europe/Berlin",
            "items": items,
        },
    )


def test_hostile_text_round_trips_exactly_and_never_adds_an_event():
    program = hostile_program()
    note = "My note: \r\nEND:VCALENDAR, really; \\"
    chosen = [(item, Star(note=note)) for item in program.items]
    built, _, _ = export(program, "Europe/Berlin", chosen=chosen)
    calendar = check_calendar_rules(built.data)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(HOSTILE)
    for item, vevent in zip(program.in_time_order, vevents, strict=True):
        # iCalendar TEXT has no way to say a carriage return: CRLF comes back as LF.
        assert str(vevent["SUMMARY"]) == calendar_text(item.title)
        assert str(vevent["LOCATION"]) == calendar_text(item.room)
        description = str(vevent["DESCRIPTION"])
        assert description.endswith("\n\n" + calendar_text(item.abstract))
        assert calendar_text(note) in description
        assert len(item.abstract) >= 10_000
    assert str(vevents[1]["SUMMARY"]) == HOSTILE[1]
    assert str(vevents[2]["SUMMARY"]) == HOSTILE[2]
    assert len(IcsCalendarStream.calendar_from_ics(built.data.decode()).events) == len(HOSTILE)
    assert len(vobject.readOne(built.data.decode()).vevent_list) == len(HOSTILE)


def test_uids_are_stable_and_name_the_items():
    first, _, _ = export(ES_FOMO, "Europe/Berlin")
    again, _, _ = export(ES_FOMO, "Asia/Tokyo")
    uids = lambda data: [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]  # noqa: E731
    assert uids(first.data) == uids(again.data)
    assert "opening@es-fomo-2023.itinerary" in uids(first.data)
    assert {event_id_of(uid, "es-fomo-2023") for uid in uids(first.data)} == {
        item.id for item in ES_FOMO.items if item.kind.value != "poster"
    }
    assert event_id_of("opening@other.itinerary", "es-fomo-2023") is None


def test_sequence_rises_only_when_time_or_text_changes():
    _, events, versions = export(ES_FOMO, "Europe/Berlin")
    # The same program in another zone: nothing changed, nothing rises.
    _, _, same = export(ES_FOMO, "Asia/Tokyo", previous=versions)
    assert same == versions
    # The opening moves by ten minutes.
    data = dump(ES_FOMO)
    opening = next(item for item in data["items"] if item["id"] == "opening")
    opening["start"], opening["end"] = "2023-07-29T19:05:00Z", "2023-07-29T19:10:00Z"
    moved = validate(Program, data)
    later = NOW + timedelta(days=1)
    events = plan_events(moved, [(item, None) for item in moved.in_time_order])
    changed = next_versions(versions, events, later)
    uid = "opening@es-fomo-2023.itinerary"
    assert changed[uid].sequence == versions[uid].sequence + 1 == 1
    assert changed[uid].modified == later
    assert all(changed[k] == versions[k] for k in versions if k != uid)
    built = build_calendar(moved, events, changed, zoneinfo.ZoneInfo("UTC"), now=later)
    (vevent,) = [e for e in icalendar.Calendar.from_ical(built.data).walk("VEVENT")
                 if str(e["UID"]) == uid]  # fmt: skip
    assert vevent["SEQUENCE"] == 1
    assert vevent["LAST-MODIFIED"].dt == later


def test_records_of_format_2_raise_no_sequence_on_upgrade():
    """Format 2 kept 32-digit fingerprints, today's export 16: the same event is the same."""
    _, events, versions = export(ES_FOMO, "Europe/Berlin")
    uid = "opening@es-fomo-2023.itinerary"
    assert len(versions[uid].fingerprint) == 16
    event = next(event for event in events if event.uid == uid)
    old_digits = hashlib.sha256(
        json.dumps(
            [event.summary, event.description, event.location, event.url, event.category]
            + [moment.astimezone(timezone.utc).isoformat() for moment in (event.start, event.end)]
        ).encode()
    ).hexdigest()[:32]
    old = replace(versions[uid], fingerprint=old_digits, sequence=2)
    assert next_versions({uid: old}, [event], NOW + timedelta(days=1))[uid] == old


def test_posters_grouped_or_separate_with_notes_and_priorities():
    h2o = ES_FOMO.get("h2o-heavy-hitter-oracle-for-efficient-generative")
    ziplm = ES_FOMO.get("ziplm-inference-aware-structured-pruning")
    chosen = [(h2o, Star(note="KV cache")), (ziplm, Star(priority=Priority.MAYBE))]
    _, events, _ = export(ES_FOMO, "Europe/Berlin", chosen=chosen)
    (event,) = events
    assert event.uid == "poster-session@es-fomo-2023.itinerary"
    assert event.item_ids == (h2o.id, ziplm.id)  # the session itself was not chosen
    assert "Your 2 starred posters:" in event.description
    assert f"• {h2o.title} — Zhenyu Zhang, Ying Sheng" in event.description
    assert "  Your note: KV cache" in event.description
    _, events, _ = export(ES_FOMO, "Europe/Berlin", "separate", chosen=chosen)
    assert [e.item_ids for e in events] == [(h2o.id,), (ziplm.id,)]
    assert all((e.start, e.end) == (h2o.starts, h2o.ends) for e in events)


def test_description_names_people_session_venue_time_and_note():
    talk = ES_FOMO.get("the-case-for-4-bit-inference")
    (event,) = plan_events(ES_FOMO, [(talk, Star(note="sit near the front"))])
    assert event.description.splitlines() == [
        "People: Tim Dettmers (University of Washington)",
        "Session: Session II: Efficient Inference",
        "Venue time: Sat 2023-07-29 10:56–11:25 HST (Pacific/Honolulu)",
        "Your note: sit near the front",
    ]
    assert event.location == "Honolulu, Hawaii" and event.category == "invited-talk"


def test_alarm():
    built, _, _ = export(ES_FOMO, "Europe/Berlin", alarm_minutes=15)
    calendar = check_calendar_rules(built.data)
    alarms = calendar.walk("VALARM")
    assert len(alarms) == 19
    assert {alarm["TRIGGER"].dt for alarm in alarms} == {timedelta(minutes=-15)}


def test_years_that_share_a_rule_share_one_vtimezone():
    """New York has kept the rule of 2007 since: events of 2010, 2016 and 2023 are all local."""
    program = validate(Program, {
        "id": "ny", "title": "Three years", "timezone": "America/New_York",
        "items": [
            {"id": f"talk-{year}", "kind": "talk", "title": f"In {year}",
             "start": f"{year}-01-10T12:00:00-05:00", "end": f"{year}-01-10T13:00:00-05:00"}
            for year in (2010, 2016, 2023)
        ],
    })  # fmt: skip
    built, _, _ = export(program, "America/New_York")
    calendar = check_calendar_rules(built.data)
    assert built.in_utc == 0
    (daylight,) = calendar.walk("DAYLIGHT")
    (standard,) = calendar.walk("STANDARD")
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"
    # The change back is in force on 2010-01-10: it begins in the autumn before.
    assert standard["DTSTART"].dt == datetime(2009, 11, 1, 2, 0)
    assert daylight["DTSTART"].dt == datetime(2010, 3, 14, 2, 0)


def test_a_url_with_line_breaks_and_controls_is_written_as_a_uri():
    """A URL from a program cannot break the file (CR LF used to crash the export)."""
    program = validate(Program, {
        "id": "urls", "title": "URLs", "timezone": "Europe/Berlin",
        "items": [{"id": "talk", "kind": "talk", "title": "Talk",
                   "url": "https://example.org/a b\r\nBEGIN:VEVENT\x1b[31m/ü?x=%41",
                   "start": "2026-05-04T10:00:00+02:00", "end": "2026-05-04T11:00:00+02:00"}],
    })  # fmt: skip
    built, _, _ = export(program, "Europe/Berlin")
    calendar = check_calendar_rules(built.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["URL"]) == ("https://example.org/a%20b%0D%0ABEGIN:VEVENT%1B[31m/%C3%BC?x=%41")
    assert len(vobject.readOne(built.data.decode()).vevent_list) == 1


def test_the_track_is_a_second_category_and_changes_the_fingerprint_only_where_there_is_one():
    data = dump(ES_FOMO)
    opening = next(item for item in data["items"] if item["id"] == "opening")
    opening["track"] = "Ethics, Society & Politics"
    tracked = validate(Program, data)
    built, _, versions = export(tracked, "Europe/Berlin")
    uid = "opening@es-fomo-2023.itinerary"
    assert b"CATEGORIES:opening,Ethics\\, Society & Politics\r\n" in built.data  # comma escaped
    calendar = vobject.readOne(built.data.decode("utf-8"))
    by_uid = {event.uid.value: event for event in calendar.vevent_list}
    assert by_uid[uid].categories.value == ["opening", "Ethics, Society & Politics"]
    _, _, before = export(ES_FOMO, "Europe/Berlin")
    # The one event with a track is new content (its SEQUENCE rises on the next export); every
    # event without one keeps the fingerprint it had before tracks were written.
    assert versions[uid].fingerprint != before[uid].fingerprint
    assert all(versions[k].fingerprint == before[k].fingerprint for k in before if k != uid)


def test_a_maybe_is_free_time_and_says_so_and_a_must_is_busy():
    opening, h2o, ziplm = (ES_FOMO.get(i) for i in ("opening", H2O, ZIPLM))
    maybe, must = Star(priority=Priority.MAYBE), Star()
    built, _, versions = export(ES_FOMO, "UTC", chosen=[(opening, maybe)])
    (vevent,) = icalendar.Calendar.from_ical(built.data).walk("VEVENT")
    assert vevent["TRANSP"] == "TRANSPARENT"
    assert str(vevent["DESCRIPTION"]).startswith(MAYBE_LINE + "\n")
    built, _, busy = export(ES_FOMO, "UTC", chosen=[(opening, must)], previous=versions)
    (vevent,) = icalendar.Calendar.from_ical(built.data).walk("VEVENT")
    assert "TRANSP" not in vevent and MAYBE_LINE not in str(vevent["DESCRIPTION"])
    uid = "opening@es-fomo-2023.itinerary"
    assert busy[uid].sequence == versions[uid].sequence + 1  # the calendar is told
    # Grouped posters: free only when every poster in the group is a maybe.
    for stars, free in (((maybe, maybe), True), ((maybe, must), False)):
        chosen = list(zip((h2o, ziplm), stars, strict=True))
        built, (event,), _ = export(ES_FOMO, "UTC", chosen=chosen)
        (vevent,) = icalendar.Calendar.from_ical(built.data).walk("VEVENT")
        assert (vevent.get("TRANSP") == "TRANSPARENT") is free
        assert event.description.count(MAYBE_LINE) == (1 if free else 0)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab,;:\\^ nNé€𝄞"), min_size=60, max_size=400)
    | st.text(min_size=20, max_size=200)
)
def test_a_line_is_folded_as_icalendar_folds_it(text):
    from icalendar.parser import Contentline

    line = Contentline("DESCRIPTION:" + text.replace("\n", "\\n").replace("\r", ""))
    assert _folded(line) == line.to_ical()


def test_a_calendar_is_written_as_icalendar_writes_it():
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//x//x//EN")
    for n, text in enumerate(["short", "long " * 40, "\\" * 200, "^" * 150, "café " * 30, ""]):
        event = icalendar.Event()
        event.add("uid", f"e{n}@x")
        event.add("summary", text)
        event.add("description", text + ",;" * n)
        calendar.add_component(event)
    assert calendar_bytes(calendar) == calendar.to_ical()
