"""The JSON the commands print: a stable interface that scripts rely on. Change a shape only
with a note in the README's JSON section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.conflicts import Conflict
from itinerary.model import Item, Program
from itinerary.registry import Entry
from itinerary.session import Session


def item_json(session: Session, item: Item) -> dict[str, Any]:
    zone = session.zone
    star_of = session.star_of(item)
    return {
        "id": item.id,
        "kind": item.kind.value,
        "title": item.title,
        "start": item.starts.astimezone(zone).isoformat(),
        "end": item.ends.astimezone(zone).isoformat(),
        "speakers": item.speakers,
        "session": session.program.group_of(item),
        "room": item.room,
        "track": item.track,
        "url": item.url,
        "starred": star_of is not None,
        "priority": star_of.priority.value if star_of else None,
        "note": star_of.note if star_of and star_of.note else None,
    }


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
