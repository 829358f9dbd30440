"""Programs and items made up for tests and benchmarks."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

from itinerary.model import Item, Kind, Program
from itinerary.validation import validate

EPOCH = datetime(2026, 3, 27, 0, 0, tzinfo=timezone.utc)


def item(
    item_id: str,
    start_minute: int,
    length: int,
    *,
    kind: Kind = Kind.TALK,
    room: str | None = None,
    parent: str | None = None,
) -> Item:
    start = EPOCH + timedelta(minutes=start_minute)
    return Item(
        id=item_id,
        kind=kind,
        title=item_id.replace("-", " ").title(),
        start=start,
        end=start + timedelta(minutes=length),
        room=room,
        parent=parent,
    )


TRACKS = ("Systems", "Models", "Hardware & Making", "Ethics, Society & Politics")


def synthetic_program_data(
    count: int, *, seed: int = 0, rooms: int = 20, zone: str = "Europe/Berlin"
) -> dict[str, Any]:
    """A big conference as program data: days of parallel tracks, a poster session a day with
    a share of the items as posters, and abstracts long enough to make search work."""
    rng = random.Random(seed)
    words = [
        "efficient", "inference", "training", "sparse", "attention", "quantized", "kernel",
        "memory", "parallel", "speculative", "decoding", "transformer", "compiler", "cache",
    ]  # fmt: skip
    items: list[dict[str, Any]] = []
    slots_per_day = 16  # 30-minute slots from 10:30 UTC
    per_day = rooms * slots_per_day
    day = 0
    while len(items) < count:
        base = EPOCH + timedelta(days=day)
        poster_session = f"posters-day-{day + 1}"
        items.append({
            "id": poster_session, "kind": "poster-session", "title": f"Posters, day {day + 1}",
            "start": (base + timedelta(hours=9)).isoformat(),
            "end": (base + timedelta(hours=10, minutes=30)).isoformat(),
        })  # fmt: skip
        for slot in range(per_day):
            if len(items) >= count:
                break
            number = len(items)
            title = " ".join(rng.choice(words) for _ in range(6)).capitalize()
            entry: dict[str, Any] = {
                "id": f"item-{number}",
                "title": f"{title} {number}",
                "people": [{"name": f"Person {rng.randrange(5000)}"} for _ in range(3)],
                "abstract": " ".join(rng.choice(words) for _ in range(60)),
            }
            if slot % 5 == 0:
                entry.update(kind="poster", parent=poster_session)
            else:
                start = base + timedelta(hours=10, minutes=30 * (slot // rooms))
                entry.update(
                    kind="talk",
                    start=start.isoformat(),
                    end=(start + timedelta(minutes=rng.choice((20, 25, 30, 45)))).isoformat(),
                    room=f"Room {slot % rooms + 1}",
                    track=TRACKS[slot % len(TRACKS)],
                )
            items.append(entry)
        day += 1
    return {"id": f"synthetic-{count}", "title": f"Synthetic conference of {count} items",
            "timezone": zone, "items": items}  # fmt: skip


def synthetic_program(count: int, **options: Any) -> Program:
    return validate(Program, synthetic_program_data(count, **options))
