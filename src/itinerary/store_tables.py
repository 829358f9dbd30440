"""The program store's tables: a validated ``Program`` written into SQLite, and read back.

``program_store`` decides which database is trusted for which file; this module only lays a
program out in tables and builds it back, as validation would have left it, without validating
again (nor importing pydantic). Reading is most of a warm command's time on a big program, so
the layout is made for it: each person once, an item's people as one packed column of their
numbers (no join, no row per credit), every time as whole microseconds since the epoch, and the
abstracts (most of a program's bytes) in a table of their own, read only when asked for.
The items are kept in time order (``Program.in_time_order``, each with its place in the file):
read back so, they need no sorting, and most passes over them, in that order, find them one
after the other in memory (at 100,000 items, a pass in another order waits on memory for most
of its time).
"""

from __future__ import annotations

import functools
import sqlite3
import sys
import threading
from array import array
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from itinerary import __version__
from itinerary.model import FORMAT_VERSION, UTC, Item, Kind, Person, Program, Session

# The layout of the tables below; a store of another is passed over (and, being of another
# key, rebuilt). Change it with every change to SCHEMA or to what a column holds.
STORE_SCHEMA = 6

# Every database of the store (a program's, and its words beside it) says what it is for.
META = """
CREATE TABLE meta (key TEXT NOT NULL, schema INTEGER NOT NULL, format INTEGER NOT NULL,
                   written_by TEXT NOT NULL);
"""
SCHEMA = """
CREATE TABLE programs (id TEXT NOT NULL, title TEXT NOT NULL, conference TEXT, venue TEXT,
                       url TEXT, timezone TEXT NOT NULL, description TEXT NOT NULL,
                       organizers BLOB);
CREATE TABLE sessions (position INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL,
                       start INTEGER, description TEXT NOT NULL);
CREATE TABLE items (rank INTEGER PRIMARY KEY, position INTEGER NOT NULL, id TEXT NOT NULL,
                    kind TEXT NOT NULL, title TEXT NOT NULL, start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL, session TEXT, parent TEXT, room TEXT, track TEXT,
                    url TEXT, people BLOB);
CREATE TABLE abstracts (item INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, abstract TEXT NOT NULL);
CREATE TABLE people (person INTEGER PRIMARY KEY, name TEXT NOT NULL, affiliation TEXT);
"""
# Times are kept as whole microseconds since the epoch: exact, and quick to turn back into a
# datetime held in ZoneInfo("UTC") (EPOCH + timedelta keeps EPOCH's tzinfo), as the model holds.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# People are numbered in the people table; who is credited where (an item's people, the
# program's organizers) is the list of their numbers, packed as little-endian 32-bit integers:
# one value to read, unpacked in C (a row per credit took a third of reading 20,000 items).
_NUMBER = next(code for code in "ILH" if array(code).itemsize == 4)
_SWAP = sys.byteorder == "big"


def _packed(numbers: list[int]) -> bytes | None:
    if not numbers:
        return None
    packed = array(_NUMBER, numbers)
    if _SWAP:
        packed.byteswap()
    return packed.tobytes()


def _numbers(packed: bytes) -> array[int]:
    """The numbers of ``packed``; ValueError or TypeError when it is not such a list."""
    numbers = array(_NUMBER)
    numbers.frombytes(packed)
    if _SWAP:
        numbers.byteswap()
    return numbers


# --- writing -----------------------------------------------------------------------------------


def _microseconds(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    return (moment - EPOCH) // timedelta(microseconds=1)


class _Numbering(dict[tuple[str, str | None], int]):
    """Each person (name, affiliation) numbered the first time they are credited."""

    def packed(self, people: tuple[Person, ...]) -> bytes | None:
        return _packed([self.setdefault((p.name, p.affiliation), len(self)) for p in people])


def fill_store(connection: sqlite3.Connection, key: str, program: Program) -> None:
    """Write ``program`` into the empty database ``connection``, as the entry for the key
    digest ``key``."""
    _begin(connection, key, SCHEMA)
    p = program
    numbering = _Numbering()
    connection.execute(
        "INSERT INTO programs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (p.id, p.title, p.conference, p.venue, p.url, p.timezone, p.description,
         numbering.packed(p.organizers)),
    )  # fmt: skip
    connection.executemany(
        "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
        (
            (index, s.id, s.title, _microseconds(s.start), s.description)
            for index, s in enumerate(p.sessions)
        ),
    )
    position = {id(item): index for index, item in enumerate(p.items)}
    connection.executemany(
        "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (rank, position[id(i)], i.id, i.kind.value, i.title, _microseconds(i.start),
             _microseconds(i.end), i.session, i.parent, i.room, i.track, i.url,
             numbering.packed(i.people))
            for rank, i in enumerate(p.in_time_order)
        ),
    )  # fmt: skip
    connection.executemany(
        "INSERT INTO abstracts VALUES (?, ?, ?)",
        ((index, i.id, i.abstract) for index, i in enumerate(p.items) if i.abstract),
    )
    connection.executemany("INSERT INTO people VALUES (?, ?, ?)", (
        (number, name, affiliation) for (name, affiliation), number in numbering.items()
    ))  # fmt: skip
    connection.commit()


def _begin(connection: sqlite3.Connection, key: str, schema: str) -> None:
    connection.executescript(META + schema)
    connection.execute(f"PRAGMA user_version = {STORE_SCHEMA}")
    connection.execute(
        "INSERT INTO meta VALUES (?, ?, ?, ?)", (key, STORE_SCHEMA, FORMAT_VERSION, __version__)
    )


# --- reading -----------------------------------------------------------------------------------

_Model = TypeVar("_Model", Person, Session, Item, Program)


def _made(cls: type[_Model], fields: dict[str, Any]) -> _Model:
    """A value of ``fields`` as validation would have left it: its attributes set at once,
    without the frozen dataclass's ``__init__`` setting each in turn through
    ``object.__setattr__`` (a third of the reading time at 20,000 items)."""
    made = object.__new__(cls)
    made.__dict__.update(fields)
    return made


def _moment(microseconds: int | None) -> datetime | None:
    return None if microseconds is None else EPOCH + timedelta(microseconds=microseconds)


class _Moments(dict[int, datetime]):
    """Each time read once, and shared by every item at it (a program's items start and end at a
    few thousand times): immutable, as equal copies would be, and fewer objects to make."""

    def __missing__(self, microseconds: int) -> datetime:
        moment = self[microseconds] = EPOCH + timedelta(microseconds=microseconds)
        return moment


def _people(connection: sqlite3.Connection) -> list[Person]:
    """Everyone credited anywhere, by number; a person named in several places is one frozen
    Person, as an equal copy would be."""
    return [
        _made(Person, {"name": name, "affiliation": affiliation})
        for name, affiliation in connection.execute(
            "SELECT name, affiliation FROM people ORDER BY person"
        )
    ]


# The abstracts asked for one by one (the planner's detail pane, an export of a few hundred
# items) before all are read at once (a search's haystacks, or the next after these).
ONE_BY_ONE = 1000


class _Abstracts:
    """A program's abstracts, left in the store's database until asked for: the first
    ONE_BY_ONE one by one, then all at once (one query), and the database let go. Reading is
    checked when the program is read (``check``), so a damaged table is a store to rebuild,
    not an error where an abstract is shown. Any thread may ask (the planner's search index is
    made in a worker)."""

    def __init__(self, connection: sqlite3.Connection | None, by_id: dict[str, str]) -> None:
        self._connection = connection
        self._by_id = by_id
        self._asked = 0
        self._lock = threading.Lock()

    @staticmethod
    def check(connection: sqlite3.Connection) -> None:
        """Every byte of the table read once, in SQLite (sqlite3.Error if a page is damaged):
        a tenth of the time of making them Python strings."""
        connection.execute("SELECT sum(length(CAST(abstract AS BLOB))) FROM abstracts").fetchone()

    def __call__(self, item: Item, name: str) -> str:
        with self._lock:
            connection = self._connection
            if connection is not None and self._asked < ONE_BY_ONE:
                self._asked += 1
                query = "SELECT abstract FROM abstracts WHERE id = ?"
                found = _read_text(connection, lambda: connection.execute(query, (item.id,)))
                return found[0][0] if found else ""
        return self.by_id().get(item.id, "")

    def by_id(self) -> dict[str, str]:
        with self._lock:
            connection, self._connection = self._connection, None
            if connection is not None:
                try:
                    query = "SELECT id, abstract FROM abstracts"
                    self._by_id = dict(_read_text(connection, lambda: connection.execute(query)))
                finally:
                    connection.close()
            return self._by_id

    def __reduce__(self) -> tuple[Any, ...]:
        # A copy or a pickle of an item carries the abstracts themselves, not the database.
        return (_Abstracts, (None, self.by_id()))


def _read_text(connection: sqlite3.Connection, rows: Callable[[], Iterable[Any]]) -> list[Any]:
    try:
        return list(rows())
    except sqlite3.OperationalError:
        # Bytes that are not UTF-8 (only in an entry made by hand and named for its bytes)
        # are shown replaced, never raised where an abstract is read.
        connection.text_factory = lambda raw: raw.decode("utf-8", "replace")
        return list(rows())


def read_program(connection: sqlite3.Connection) -> Program:
    """The program in the store's database ``connection``, which it keeps open for the
    abstracts. sqlite3.Error, ValueError, TypeError, KeyError or IndexError when the
    database is not one this module wrote."""
    ((pid, title, conference, venue, url, zone, description, organizers),) = connection.execute(
        "SELECT * FROM programs"
    ).fetchall()
    sessions = tuple(
        _made(Session, {"id": sid, "title": stitle, "start": _moment(start),
                        "description": sdescription})
        for sid, stitle, start, sdescription in connection.execute(
            "SELECT id, title, start, description FROM sessions ORDER BY position"
        )
    )  # fmt: skip
    person = _people(connection).__getitem__
    _Abstracts.check(connection)
    kinds = {kind.value: kind for kind in Kind}
    moments = _Moments()
    # An item's abstract is fetched when first read (see on_demand.OnDemand).
    abstracts = _Abstracts(connection, {})
    unpacked = _numbers if _SWAP else functools.partial(array, _NUMBER)
    new = object.__new__
    # Item is slotted: each field is set in its slot by the slot's own descriptor (what its
    # frozen __init__ does through object.__setattr__, a call and a lookup more each).
    (set_id, set_kind, set_title, set_start, set_end, set_session, set_parent, set_people,
     set_room, set_track, set_url, set_abstract) = (
        Item.__dict__[name].__set__ for name in (
            "id", "kind", "title", "start", "end", "session", "parent", "people", "room",
            "track", "url", "abstract",
        )
    )  # fmt: skip
    in_time_order = []
    positions = []
    # A session, parent, room or track named by many items is one string, as times are one
    # datetime: a fifth less memory to fill, and equal names are the same object (compared
    # at once, where the rows of a list look for the next session heading).
    names: dict[str | None, str | None] = {}
    shared = names.setdefault
    # The loop the whole read waits on, at 20,000 items: written out (no call per item but
    # the unpacking and the slots set).
    for (
        position,
        iid,
        kind,
        ititle,
        start,
        end,
        session,
        parent,
        room,
        track,
        iurl,
        people,
    ) in connection.execute(
        'SELECT position, id, kind, title, start, "end", session, parent, room, track, url, '
        "people FROM items ORDER BY rank"
    ):
        made = new(Item)
        set_id(made, iid)
        set_kind(made, kinds[kind])
        set_title(made, ititle)
        set_start(made, moments[start])
        set_end(made, moments[end])
        set_session(made, shared(session, session))
        set_parent(made, shared(parent, parent))
        set_people(made, () if people is None else tuple(map(person, unpacked(people))))
        set_room(made, shared(room, room))
        set_track(made, shared(track, track))
        set_url(made, iurl)
        set_abstract(made, abstracts)
        in_time_order.append(made)
        positions.append(position)
    # Each in its place in the file; a place given twice, or none, is a damaged entry.
    items: list[Item | None] = [None] * len(in_time_order)
    if set(positions) != set(range(len(items))):
        raise ValueError("the items' places in the file are not each of them once")
    for position, made in zip(positions, in_time_order, strict=True):
        items[position] = made
    organized = () if organizers is None else tuple(map(person, unpacked(organizers)))
    return _made(Program, {
        "format": FORMAT_VERSION, "id": pid, "title": title, "conference": conference,
        "venue": venue, "url": url, "timezone": zone, "description": description,
        "organizers": organized, "sessions": sessions, "items": tuple(items),
        "in_time_order": tuple(in_time_order),  # (a cached property, given its value)
    })  # fmt: skip


# --- the words a search looks for -------------------------------------------------------------

# Beside each entry, the words of each item as a search compares them (``search.haystack``:
# folded, accents off, one space between words), in an FTS5 index, so that a search of a big
# program needs neither its abstracts nor a haystack made for every item. The ``ascii``
# tokenizer with ``_`` as a letter splits that text exactly where it was joined (at spaces, and
# at nothing else: every other character of it is one a word is made of), so a word typed
# begins a word of the index exactly when it begins a word of the haystack.
WORDS_SCHEMA = """
CREATE VIRTUAL TABLE words USING fts5(text, tokenize="ascii tokenchars '_'", detail=none,
                                      columnsize=0);
"""


def fill_words(connection: sqlite3.Connection, key: str, program: Program) -> None:
    """Write the words of ``program``'s items into the empty database ``connection``, each
    under its item's position (the rowid: what a search reads back, four times as quick as
    any column of the row)."""
    from itinerary.search import haystack  # only when writing

    _begin(connection, key, WORDS_SCHEMA)
    connection.executemany(
        "INSERT INTO words (rowid, text) VALUES (?, ?)",
        ((position, haystack(item)) for position, item in enumerate(program.items)),
    )
    connection.execute("INSERT INTO words (words) VALUES ('optimize')")  # one b-tree: smaller
    connection.commit()


def ids_matching(
    connection: sqlite3.Connection, words: tuple[str, ...], items: tuple[Item, ...]
) -> frozenset[str]:
    """The ids of the ``items`` (the program's, in its order) that each of ``words`` (as
    ``search.search_words`` gives them) begins a word of: each a prefix query, all of them at
    once. IndexError when the index is of another program."""
    query = " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)
    found = connection.execute("SELECT rowid FROM words WHERE words MATCH ?", (query,))
    return frozenset(items[position].id for (position,) in found)
