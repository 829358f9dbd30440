"""A sealed state file (``seals``) read back as we wrote it: without pydantic.

Only today's format is ever sealed, so ``trusted_state`` knows that one shape and no other,
and builds it as validation would have; tests check it gives exactly what validation gives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from itinerary.model import UTC
from itinerary.selection import STATE_FORMAT, ExportRecord, Friend, Star, State
from itinerary.vocabulary import Priority

SEAL_KIND = f"state {STATE_FORMAT}"


def _moment(text: str) -> datetime:
    # As pydantic writes an aware time: ISO 8601, "Z" for UTC (Python 3.10 reads "+00:00").
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def _maybe(text: str | None) -> datetime | None:
    return None if text is None else _moment(text)


def _star(data: dict[str, Any]) -> Star:
    return Star(
        priority=Priority(data["priority"]),
        note=data["note"],
        title=data["title"],
        starred_at=_maybe(data["starred_at"]),
    )


def _export(data: Any) -> ExportRecord:
    fields = ExportRecord._from_short(data)  # the short form, as validation reads it
    modified = fields["modified"]
    return ExportRecord(
        sequence=fields["sequence"],
        fingerprint=fields["fingerprint"],
        modified=modified if isinstance(modified, datetime) else _moment(modified),
    )


def _friend(data: dict[str, Any]) -> Friend:
    written = _maybe(data["written"])
    return Friend(
        name=data["name"],
        written=None if written is None else written.astimezone(UTC),  # an Instant
        stars={item: Priority(priority) for item, priority in data["stars"].items()},
    )


def trusted_state(content: dict[str, Any]) -> State:
    """The sealed state ``content`` (parsed from today's format), as validation makes it."""
    full = State._full_uids(content)
    return State(
        format=full["format"],
        program=full["program"],
        timezone=full["timezone"],
        stars={item: _star(star) for item, star in full["stars"].items()},
        exports={uid: _export(record) for uid, record in full["exports"].items()},
        friends={name: _friend(friend) for name, friend in full["friends"].items()},
        notes_kept=dict(full["notes_kept"]),
        shares_written=dict(full["shares_written"]),
    )
