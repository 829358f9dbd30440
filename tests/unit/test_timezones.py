"""The display zone: chosen in a fixed order, always named, and never moving an instant."""

from __future__ import annotations

import contextlib
import zoneinfo
from datetime import datetime, timedelta, timezone

import pytest
import tzlocal
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.errors import TimeZoneError
from itinerary.timezones import (
    choose_display_zone,
    format_span,
    get_zone,
    matching_zones,
    zone_label,
)

VENUE = zoneinfo.ZoneInfo("Pacific/Honolulu")


@pytest.fixture
def system_zone(monkeypatch):
    def set_to(name: str | None) -> None:
        monkeypatch.setenv("TZ", name or "not/a-zone")
        with contextlib.suppress(Exception):  # tzlocal refuses an unusable $TZ on reload
            tzlocal.reload_localzone()

    return set_to


def test_order_is_option_saved_system_venue(system_zone):
    system_zone("Asia/Kolkata")
    choice = choose_display_zone("Europe/Berlin", "America/Chicago", VENUE)
    assert (choice.zone.key, choice.source) == ("Europe/Berlin", "--tz")
    choice = choose_display_zone(None, "America/Chicago", VENUE)
    assert (choice.zone.key, choice.source) == ("America/Chicago", "saved")
    choice = choose_display_zone(None, None, VENUE)
    assert (choice.zone.key, choice.source) == ("Asia/Kolkata", "system")


def test_an_unusable_tz_variable_still_gives_a_real_zone(system_zone):
    system_zone(None)
    choice = choose_display_zone(None, None, VENUE)
    # tzlocal then reads /etc/localtime (or the platform's equivalent).
    assert choice.zone.key in zoneinfo.available_timezones() | {"UTC"}


def test_venue_when_the_system_has_no_zone_at_all(monkeypatch):
    # A machine with no zone configured cannot be made here without root; stand in for it.
    monkeypatch.setattr("itinerary.timezones.system_zone", lambda: None)
    choice = choose_display_zone(None, None, VENUE)
    assert (choice.zone.key, choice.source) == ("Pacific/Honolulu", "venue")


def test_a_saved_zone_the_database_lost_falls_through(system_zone):
    system_zone("Asia/Kolkata")
    assert choose_display_zone(None, "Gone/Zone", VENUE).source == "system"


@pytest.mark.parametrize(
    ("typed", "first"),
    [("berlin", ["Europe/Berlin"]), ("BERLIN ", ["Europe/Berlin"]),
     ("new york", ["America/New_York"]), ("New  York", ["America/New_York"]),
     ("los angeles", ["America/Los_Angeles"]), ("PST", ["America/Los_Angeles"]),
     ("pdt", ["America/Los_Angeles"]), ("EST", ["America/New_York"]),
     ("IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]), ("kolk", ["Asia/Kolkata"]),
     ("europe/berlin", ["Europe/Berlin"]), ("Europe/Berlni", ["Europe/Berlin"]),
     ("tokio", ["Asia/Tokyo"]), ("Pacific/Honululu", ["Pacific/Honolulu"])],
)  # fmt: skip
def test_zone_suggestions_ignore_case_and_spaces_and_know_abbreviations(typed, first):
    assert matching_zones(typed)[: len(first)] == first


def test_pst_suggests_the_west_coast_not_other_fixed_offsets():
    assert not {"MST", "HST", "EST"} & set(matching_zones("PST")[:3])
    assert matching_zones("") == matching_zones("   ") == []
    with pytest.raises(TimeZoneError, match=r"did you mean America/Los_Angeles"):
        get_zone("PST")
    with pytest.raises(TimeZoneError, match=r"did you mean Europe/Berlin\?"):
        get_zone("berlin")


def test_unknown_zones_are_errors_with_suggestions():
    with pytest.raises(TimeZoneError, match="did you mean America/New_York"):
        get_zone("America/NewYork")
    for hostile in ("", "../../etc/passwd", "/etc/localtime", " UTC", "a" * 300):
        with pytest.raises(TimeZoneError):
            get_zone(hostile)


@pytest.mark.parametrize(
    ("zone", "instant", "written"),
    [
        ("Pacific/Honolulu", datetime(2023, 7, 29, 18, 55), "08:55 HST"),
        ("Europe/Berlin", datetime(2023, 7, 29, 18, 55), "20:55 CEST"),
        ("Europe/Berlin", datetime(2023, 12, 1, 18, 55), "19:55 CET"),
        ("Asia/Kolkata", datetime(2023, 7, 29, 18, 55), "00:25 IST"),
        ("Asia/Kathmandu", datetime(2023, 7, 29, 18, 55), "00:40 UTC+05:45"),
        ("Asia/Dubai", datetime(2023, 7, 29, 18, 55), "22:55 UTC+04"),
        ("America/St_Johns", datetime(2023, 7, 29, 18, 55), "16:25 NDT"),
        ("UTC", datetime(2023, 7, 29, 18, 55), "18:55 UTC"),
    ],
)
def test_every_time_names_its_zone(zone, instant, written):
    local = instant.replace(tzinfo=timezone.utc).astimezone(zoneinfo.ZoneInfo(zone))
    assert f"{local:%H:%M} {zone_label(local)}" == written


ZONES = sorted(zoneinfo.available_timezones())
# Zones that make the usual mistakes visible: half-hour and 45-minute offsets, a 30-minute DST
# (Lord Howe), DST in the southern hemisphere, a zone that skipped a whole day (Apia).
AWKWARD = ["Asia/Kathmandu", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns",
           "Australia/Adelaide", "Pacific/Chatham", "America/Santiago", "Pacific/Apia"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    zone=st.one_of(st.sampled_from(ZONES), st.sampled_from(AWKWARD)),
    instant=st.datetimes(
        min_value=datetime(1970, 1, 1),
        max_value=datetime(2037, 12, 31),
        timezones=st.just(timezone.utc),
    ),
)
def test_converting_to_any_zone_and_back_keeps_the_instant(zone, instant):
    local = instant.astimezone(zoneinfo.ZoneInfo(zone))
    # Not `local == instant`: by PEP 495 a time in a repeated hour never equals a time of
    # another zone (01:30 on 2013-04-07 at Lord Howe, found by this test). Compare instants.
    assert local.timestamp() == instant.timestamp()
    assert local.astimezone(timezone.utc) == instant
    # The written form (with its offset) parses back to the same instant too.
    assert datetime.fromisoformat(local.isoformat()) == instant
    assert zone_label(local)


@pytest.mark.parametrize("zone", [*AWKWARD, "Europe/Berlin", "America/New_York"])
def test_across_each_dst_change_of_the_year(zone):
    """Every hour of 2026 converts there and back, so every transition is crossed."""
    tz = zoneinfo.ZoneInfo(zone)
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for _ in range(365 * 24):
        assert moment.astimezone(tz).astimezone(timezone.utc) == moment
        moment += timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        # The hour that happens twice: ends at 02:00 CET, half an hour after it began.
        ("2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z",
         "Sun 2026-10-25 02:30 CEST–02:00 CET (Europe/Berlin)"),
        # Two hours across the change, though the wall clock moved one.
        ("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z",
         "Sun 2026-10-25 02:00 CEST–03:00 CET (Europe/Berlin)"),
        ("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z",
         "Sun 2026-03-29 01:30 CET–03:30 CEST (Europe/Berlin)"),
        ("2026-07-29T10:00:00Z", "2026-07-29T11:00:00Z",
         "Wed 2026-07-29 12:00–13:00 CEST (Europe/Berlin)"),
        ("2026-07-29T21:00:00Z", "2026-07-29T23:00:00Z",
         "Wed 2026-07-29 23:00 CEST – Thu 2026-07-30 01:00 CEST (Europe/Berlin)"),
    ],
)  # fmt: skip
def test_a_span_names_each_ends_own_zone(start, end, written):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    span = format_span(datetime.fromisoformat(start), datetime.fromisoformat(end), berlin)
    assert span == written


@pytest.mark.parametrize(
    "name", ["Factory", "localtime", "posixrules", "right/Europe/Berlin", "posix/Europe/Berlin"]
)
def test_database_files_that_name_no_place_are_not_zones(name):
    with pytest.raises(TimeZoneError, match="unknown time zone"):
        get_zone(name)


def test_an_empty_tz_option_is_refused_not_ignored():
    with pytest.raises(TimeZoneError, match="unknown time zone ''"):
        choose_display_zone("", "America/Chicago", VENUE)
