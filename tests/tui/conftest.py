"""The planner under test: the shipped program, or a small one with clashes; state in tmp."""

from __future__ import annotations

import pytest

from itinerary.model import Program
from itinerary.program import default_program_path, load_program
from itinerary.storage import StateStore
from itinerary.tui.app import PlannerApp
from itinerary.validation import validate

CLASHES = {
    "id": "clash-conf",
    "title": "Clash Conf",
    "timezone": "Europe/Berlin",
    "venue": "Berlin",
    "items": [
        {"id": "keynote", "kind": "keynote", "title": "Keynote", "room": "Hall A",
         "start": "2026-05-04T09:00:00+02:00", "end": "2026-05-04T10:00:00+02:00"},
        {"id": "workshop", "kind": "workshop", "title": "Workshop", "room": "Hall B",
         "start": "2026-05-04T09:45:00+02:00", "end": "2026-05-04T11:00:00+02:00"},
        {"id": "talk", "kind": "talk", "title": "Talk", "room": "Hall C",
         "start": "2026-05-04T11:30:00+02:00", "end": "2026-05-04T12:00:00+02:00"},
        {"id": "posters", "kind": "poster-session", "title": "Posters",
         "start": "2026-05-04T13:00:00+02:00", "end": "2026-05-04T14:15:00+02:00"},
        {"id": "p1", "kind": "poster", "title": "Poster one", "parent": "posters"},
        {"id": "p2", "kind": "poster", "title": "Poster two", "parent": "posters"},
    ],
}  # fmt: skip


@pytest.fixture
def es_fomo() -> Program:
    return load_program(default_program_path())


@pytest.fixture
def clash_conf() -> Program:
    return validate(Program, CLASHES)


@pytest.fixture
def make_app():
    def make(program: Program, zone: str | None = None) -> PlannerApp:
        return PlannerApp(program, StateStore(program.id), zone)

    return make
