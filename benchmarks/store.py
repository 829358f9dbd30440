"""Time reading a big validated program back: the JSON cache it replaced, the SQLite store, msgspec.

For made-up programs (``--sizes``, default 20,000 and 100,000 items), each a median (and the best)
of ``--repeat`` runs after a warm-up, the garbage collector off as ``load_program`` has it:

- JSON: ``Program.model_validate_json`` of the program's JSON (what ``program_cache`` did), next
  to its floor, ``json.loads`` of the same bytes (building dicts, no model);
- SQLite: ``program_store.read_store`` of the entry's bytes (the store as ``load_program`` reads
  it, building the Program with no validation), next to its floor, ``sqlite3.connect`` of the
  bytes and one ``SELECT`` of every item row (building nothing);
- msgspec (if installed): ``msgspec.msgpack.decode`` into typed structs alone (not yet a Program),
  and those structs built into a Program as the store builds it.

Every reader is checked to give back a Program equal to the one written.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so that `benchmarks` and `tests` import when run as a script

from tests.factories import synthetic_program_data  # noqa: E402

from benchmarks.timing import Timing, measure, print_table  # noqa: E402
from itinerary import program_store, store_tables  # noqa: E402
from itinerary.model import UTC, Item, Kind, Person, Program, Session  # noqa: E402
from itinerary.validation import dump, dump_json, validate, validate_json  # noqa: E402

try:
    import msgspec
except ImportError:  # an optional comparison
    msgspec = None


if msgspec is not None:

    class PersonS(msgspec.Struct):
        name: str
        affiliation: str | None

    class SessionS(msgspec.Struct):
        id: str
        title: str
        start: datetime | None
        description: str

    class ItemS(msgspec.Struct):
        id: str
        kind: str
        title: str
        start: datetime
        end: datetime
        session: str | None
        parent: str | None
        people: list[PersonS]
        abstract: str
        room: str | None
        url: str | None

    class ProgramS(msgspec.Struct):
        format: int
        id: str
        title: str
        conference: str | None
        venue: str | None
        url: str | None
        timezone: str
        description: str
        organizers: list[PersonS]
        sessions: list[SessionS]
        items: list[ItemS]


def sqlite_image(program: Program, key: program_store.CacheKey) -> bytes:
    connection = sqlite3.connect(":memory:")
    store_tables.fill_store(connection, key.digest, program)
    image = connection.serialize()
    connection.close()
    return image


def sqlite_floor(image: bytes) -> object:
    connection = sqlite3.connect(":memory:")
    connection.deserialize(image)
    rows = connection.execute("SELECT * FROM items").fetchall()
    connection.close()
    return rows


def msgspec_reader() -> tuple[Any, Any] | None:
    """(encode, decode) of a program as msgpack through typed structs, or None."""
    if msgspec is None:
        return None

    def encode(program: Program) -> bytes:
        return msgspec.msgpack.encode(dump(program))

    return encode, msgspec.msgpack.Decoder(ProgramS)


def from_structs(s: Any) -> Program:
    made = store_tables._made
    kinds = {kind.value: kind for kind in Kind}

    def people(them: list[Any]) -> tuple[Person, ...]:
        return tuple(made(Person, {"name": p.name, "affiliation": p.affiliation}) for p in them)

    def utc(moment: datetime | None) -> datetime | None:
        return None if moment is None else moment.astimezone(UTC)

    sessions = tuple(
        made(Session, {"id": x.id, "title": x.title, "start": utc(x.start),
                       "description": x.description})
        for x in s.sessions
    )  # fmt: skip
    items = tuple(
        made(Item, {"id": i.id, "kind": kinds[i.kind], "title": i.title, "start": utc(i.start),
                    "end": utc(i.end), "session": i.session, "parent": i.parent,
                    "people": people(i.people), "abstract": i.abstract, "room": i.room,
                    "url": i.url})
        for i in s.items
    )  # fmt: skip
    return made(Program, {
        "format": s.format, "id": s.id, "title": s.title, "conference": s.conference,
        "venue": s.venue, "url": s.url, "timezone": s.timezone, "description": s.description,
        "organizers": people(s.organizers), "sessions": sessions, "items": items,
    })  # fmt: skip


def cell(timing: Timing) -> str:
    return f"{timing.median * 1000:,.0f} ms (best {timing.best * 1000:,.0f})"


def size_rows(size: int, r: int, codec: tuple[Any, Any] | None) -> list[list[str]]:
    rows: list[list[str]] = []
    program = validate(Program, synthetic_program_data(size))
    dumped = dump_json(program).encode()
    key = program_store.cache_key(dumped, None)
    image = sqlite_image(program, key)
    assert validate_json(Program, dumped) == program
    assert program_store.read_store(image, key) == program
    n = f"{size:,}"
    rows.append([n, "JSON cache: model_validate_json", f"{len(dumped) / 1e6:.1f} MB",
                 cell(measure(lambda: validate_json(Program, dumped), r))])  # fmt: skip
    rows.append([n, "  floor: json.loads", "", cell(measure(lambda: json.loads(dumped), r))])
    rows.append([n, "SQLite store: read_store", f"{len(image) / 1e6:.1f} MB",
                 cell(measure(lambda: program_store.read_store(image, key), r))])  # fmt: skip
    rows.append([n, "  floor: connect + SELECT items", "",
                 cell(measure(lambda: sqlite_floor(image), r))])  # fmt: skip
    if codec is not None:
        encode, decoder = codec
        packed = encode(program)
        assert from_structs(decoder.decode(packed)) == program
        rows.append([n, "msgspec: msgpack decode + build", f"{len(packed) / 1e6:.1f} MB",
                     cell(measure(lambda: from_structs(decoder.decode(packed)), r))])  # fmt: skip
        rows.append([n, "  floor: msgpack decode to structs", "",
                     cell(measure(lambda: decoder.decode(packed), r))])  # fmt: skip
    else:
        rows.append([n, "msgspec: not installed", "", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    codec = msgspec_reader()
    rows: list[list[str]] = []
    for size in args.sizes:
        rows += size_rows(size, args.repeat, codec)
    print_table(["items", "reader", "size", "median"], rows, first_left=False)


if __name__ == "__main__":
    main()
