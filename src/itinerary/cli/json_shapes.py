"""The JSON the commands print: a stable interface that scripts rely on. Change a shape only
with a note in the README's JSON section."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.conflicts import Conflict
from itinerary.model import Item, Program
from itinerary.registry import Entry
from itinerary.session import Session


def item_json(session: Session, item: Item) -> dict[str, Any]:
    return items_json(session, (item,))[0]


def items_json(session: Session, items: Iterable[Item]) -> list[dict[str, Any]]:
    """``item_json`` of each item, sharing the work: the zone and the stars looked up once, and
    each instant written once however many items start or end at it (a 20,000-item program has
    a thousand or so distinct times; writing each item's two was a third of `list --json`)."""
    zone = session.zone
    stars = session.state.stars
    group_of = session.program.group_of
    written: dict[datetime | None, str] = {}

    def when(moment: datetime | None) -> str:
        # (equal instants are one key, and are written alike in one zone)
        assert moment is not None  # every item of a validated program has both its times
        text = written[moment] = moment.astimezone(zone).isoformat()
        return text

    # The loop a listing of 20,000 items waits on: no call per item that can be spared (the
    # fields, not their properties: half of the time).
    shapes = []
    for item in items:
        star = stars.get(item.id)
        start, end = item.start, item.end
        shapes.append({
            "id": item.id,
            "kind": item.kind.value,
            "title": item.title,
            "start": written.get(start) or when(start),
            "end": written.get(end) or when(end),
            "speakers": [person.name for person in item.people],
            "session": group_of(item),
            "room": item.room,
            "track": item.track,
            "url": item.url,
            "starred": star is not None,
            "priority": star.priority.value if star else None,
            "note": star.note if star and star.note else None,
        })  # fmt: skip
    return shapes


def item_detail_json(session: Session, item: Item) -> dict[str, Any]:
    venue = session.program.zone
    return {
        **item_json(session, item),
        "abstract": item.abstract,
        "people": [
            {"name": person.name, "affiliation": person.affiliation} for person in item.people
        ],
        "venue_start": item.starts.astimezone(venue).isoformat(),
        "venue_end": item.ends.astimezone(venue).isoformat(),
        "timezone": session.zone.key,
        "venue_timezone": venue.key,
    }


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {"items": list(conflict.ids), "kind": conflict.kind, "minutes": conflict.minutes}


@dataclass(frozen=True)
class ProgramRow:
    """A program as ``itinerary programs`` lists it: followed (``entry``) or built in."""

    key: str
    entry: Entry | None
    stars: int
    zone: ZoneInfo
    first: datetime
    last: datetime
    current: bool


def program_entry_json(row: ProgramRow, builtin: Program) -> dict[str, Any]:
    """One element of ``itinerary programs --json``."""
    entry = row.entry
    return {
        "id": row.key,
        "program": entry.program if entry else builtin.id,
        "title": entry.title if entry else builtin.title,
        "source": entry.source if entry else None,
        "builtin": entry is None,
        "current": row.current,
        "start": row.first.astimezone(row.zone).isoformat(),
        "end": row.last.astimezone(row.zone).isoformat(),
        "timezone": row.zone.key,
        "venue_timezone": entry.venue_zone if entry else builtin.timezone,
        "program_tz": entry.zone if entry else None,
        "items": entry.items if entry else len(builtin.items),
        "stars": row.stars,
        "checked": entry.checked.isoformat() if entry and entry.checked else None,
        "updated": entry.updated.isoformat() if entry and entry.updated else None,
        "etag": entry.etag if entry else None,
        "last_modified": entry.last_modified if entry else None,
    }
