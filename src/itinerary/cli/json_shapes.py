"""The JSON the commands print: a stable interface that scripts rely on. Change a shape only
with a note in the README's JSON section."""

from __future__ import annotations

from typing import Any

from itinerary.conflicts import Conflict
from itinerary.model import Item
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
        "people": [person.model_dump() for person in item.people],
        "venue_start": item.starts.astimezone(venue).isoformat(),
        "venue_end": item.ends.astimezone(venue).isoformat(),
        "timezone": session.zone.key,
        "venue_timezone": venue.key,
    }


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {"items": list(conflict.ids), "kind": conflict.kind, "minutes": conflict.minutes}
