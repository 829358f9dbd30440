"""The checks written beside the dataclasses' fields bite, however their types are nested."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import pytest
from pydantic import ValidationError

from itinerary.model import Aware
from itinerary.selection import CleanText
from itinerary.validation import CLOSED, Check, validate, validation_problems


@dataclass(frozen=True, kw_only=True)
class Sample:
    __pydantic_config__ = CLOSED

    short: Annotated[CleanText, Check(max_length=3)] = ""
    maybe_short: Annotated[CleanText | None, Check(max_length=3)] = None
    counted: Annotated[int, Check(ge=0, le=9)] = 0


@pytest.mark.parametrize(
    ("data", "where", "words"),
    [
        ({"short": "four"}, ("short",), "at most 3"),
        ({"maybe_short": "four"}, ("maybe_short",), "at most 3"),
        ({"counted": 10}, ("counted",), "less than or equal to 9"),
        ({"counted": -1}, ("counted",), "greater than or equal to 0"),
        ({"other": 1}, ("other",), "Extra inputs are not permitted"),
    ],
)
def test_every_check_bites(data, where, words):
    with pytest.raises(ValidationError) as caught:
        validate(Sample, data)
    ((loc, message),) = validation_problems(caught.value)
    assert loc == where and words in message


def test_a_check_after_a_check_still_runs_both():
    made = validate(Sample, {"short": "\udce9ab", "maybe_short": None})
    assert made.short == "\N{REPLACEMENT CHARACTER}ab"  # CleanText's own check, then the length


@dataclass(frozen=True)
class When:
    __pydantic_config__ = CLOSED
    at: Aware


def test_a_time_must_name_its_offset():
    assert validate(When, {"at": "2026-01-01T09:00Z"}).at.utcoffset() is not None
    with pytest.raises(ValidationError, match="timezone"):
        validate(When, {"at": "2026-01-01T09:00"})
    with pytest.raises(ValidationError, match="timezone"):
        validate(When, {"at": datetime(2026, 1, 1, 9)})
