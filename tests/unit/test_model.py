"""The model: frozen, time-zone aware, every reference resolving."""

from __future__ import annotations

import zoneinfo
from dataclasses import FrozenInstanceError
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.model import Program
from itinerary.program import load_program
from itinerary.timezones import zone_names
from itinerary.validation import json_schema, validate
from tests.conftest import DATA


def minimal() -> Program:
    return load_program(DATA / "valid" / "minimal.yaml")


def test_models_are_frozen():
    program = minimal()
    with pytest.raises(FrozenInstanceError):
        program.title = "changed"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        program.items[0].title = "changed"  # type: ignore[misc]


def test_times_are_instants_held_in_utc_and_written_in_the_venue_zone():
    program = minimal()
    posters = program.get("posters")
    assert posters.starts.tzinfo == zoneinfo.ZoneInfo("UTC")
    # 07:30Z on the day Berlin moves to summer time is 09:30 CEST.
    assert posters.starts == datetime(2026, 3, 29, 7, 30, tzinfo=timezone.utc)
    local = posters.starts.astimezone(program.zone)
    assert (local.hour, local.minute, local.tzname()) == (9, 30, "CEST")
    # Written 09:00+02:00: the keynote is the same instant, and an hour long, across the change.
    keynote = program.get("keynote")
    assert keynote.starts == datetime(2026, 3, 29, 7, 0, tzinfo=timezone.utc)
    assert keynote.ends - keynote.starts == timedelta(hours=1)
    poster = program.get("poster-one")
    assert (poster.starts, poster.ends) == (posters.starts, posters.ends)


def test_get_suggests_close_ids():
    with pytest.raises(Exception, match="did you mean keynote"):
        minimal().get("keynot")


def test_json_schema_describes_the_format():
    schema = json_schema(Program)
    assert schema["additionalProperties"] is False
    assert {"id", "title", "timezone"} <= set(schema["required"])


ZONES = sorted(zone_names())  # every zone a person may choose
UTC = timezone.utc


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    venue=st.sampled_from(ZONES),
    start=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
    ),
    minutes=st.integers(min_value=1, max_value=48 * 60),
)
def test_times_written_in_any_zone_load_as_the_same_instants(zone, venue, start, minutes):
    """Whatever offset a time is written with, and whatever the venue, the instant is kept and
    durations are real elapsed time, across DST changes too."""
    end = start + timedelta(minutes=minutes)
    written_in = zoneinfo.ZoneInfo(zone)
    program = validate(Program, {
        "id": "p", "title": "P", "timezone": venue,
        "items": [{"id": "i", "kind": "talk", "title": "T",
                   "start": start.astimezone(written_in).isoformat(),
                   "end": end.astimezone(written_in).isoformat()}],
    })  # fmt: skip
    item = program.items[0]
    assert (item.starts, item.ends) == (start, end)
    assert item.ends - item.starts == timedelta(minutes=minutes)
