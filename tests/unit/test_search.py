"""What a search looks in."""

from __future__ import annotations

from itinerary.model import Program
from itinerary.search import filter_items


def test_a_search_finds_an_item_by_its_track():
    program = Program.model_validate({
        "id": "t", "title": "T", "timezone": "UTC",
        "items": [
            {"id": "a", "kind": "talk", "title": "Soldering", "track": "Hardware & Making",
             "start": "2026-03-29T09:00:00Z", "end": "2026-03-29T10:00:00Z"},
            {"id": "b", "kind": "talk", "title": "Votes", "track": "Ethics, Society & Politics",
             "start": "2026-03-29T09:00:00Z", "end": "2026-03-29T10:00:00Z"},
        ],
    })  # fmt: skip
    assert [item.id for item in filter_items(program.items, text="hardware &  MAKING")] == ["a"]
    assert [item.id for item in filter_items(program.items, text="society")] == ["b"]
