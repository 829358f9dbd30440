"""The model: frozen, time-zone aware, every reference resolving."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from itinerary.model import Program
from itinerary.program import load_program
from tests.conftest import DATA


def minimal() -> Program:
    return load_program(DATA / "valid" / "minimal.yaml")


def test_models_are_frozen():
    program = minimal()
    with pytest.raises(ValidationError):
        program.title = "changed"
    with pytest.raises(ValidationError):
        program.items[0].title = "changed"


def test_times_are_converted_to_the_program_zone_keeping_the_instant():
    program = minimal()
    posters = program.get("posters")
    assert posters.starts.tzinfo == zoneinfo.ZoneInfo("Europe/Berlin")
    # 07:30Z on the day Berlin moves to summer time is 09:30 CEST.
    assert posters.starts == datetime(2026, 3, 29, 7, 30, tzinfo=timezone.utc)
    assert (posters.starts.hour, posters.starts.minute, posters.starts.tzname()) == (9, 30, "CEST")
    poster = program.get("poster-one")
    assert (poster.starts, poster.ends) == (posters.starts, posters.ends)


def test_get_suggests_close_ids():
    with pytest.raises(Exception, match="did you mean keynote"):
        minimal().get("keynot")


def test_json_schema_describes_the_format():
    schema = Program.model_json_schema()
    assert schema["additionalProperties"] is False
    assert {"id", "title", "timezone"} <= set(schema["required"])


ZONES = sorted(zoneinfo.available_timezones())


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    venue=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31)),
    minutes=st.integers(min_value=1, max_value=48 * 60),
)
def test_any_offset_and_any_venue_keep_the_instant(zone, venue, start, minutes):
    """Times written in any zone load as the same instants, expressed in the venue zone."""
    begin = start.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    end = begin + timedelta(minutes=minutes)
    program = Program.model_validate(
        {
            "id": "p",
            "title": "P",
            "timezone": venue,
            "items": [
                {
                    "id": "i",
                    "kind": "talk",
                    "title": "T",
                    "start": begin.isoformat(),
                    "end": end.isoformat(),
                }
            ],
        }
    )
    item = program.items[0]
    assert item.starts == begin and item.ends == end
    assert item.starts.tzinfo == zoneinfo.ZoneInfo(venue)
