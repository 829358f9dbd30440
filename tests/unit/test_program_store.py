"""Big programs are kept, once validated, in a store that speeds up the next start and never
changes what is loaded."""

from __future__ import annotations

import copy
import os
import pickle
import random
import sqlite3
import subprocess
import sys
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from itinerary import program_store, store_tables
from itinerary.model import ABSTRACT, UTC, Kind, Program
from itinerary.paths import cache_dir
from itinerary.program import load_program
from itinerary.search import filter_items
from itinerary.validation import dump, validate
from tests.factories import synthetic_program_data

# A program's entries in the store (their names end in a hex digest), not the words beside them.
PROGRAM_ENTRIES = "*[0-9a-f].sqlite"


@pytest.fixture(autouse=True)
def _small_threshold(monkeypatch):
    # The real threshold is 1 MB; a smaller one keeps these tests fast with the same logic.
    monkeypatch.setattr(program_store, "CACHE_FROM_BYTES", 20_000)


def big_program(tmp_path, count=200):
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(count), sort_keys=False))
    assert path.stat().st_size > program_store.CACHE_FROM_BYTES
    return path


def test_a_big_program_is_cached_and_loads_the_same(tmp_path):
    path = big_program(tmp_path)
    first = load_program(path)
    (cached,) = (cache_dir() / "programs").glob(PROGRAM_ENTRIES)
    again = load_program(path)
    assert again == first
    assert [i.starts for i in again.items] == [i.starts for i in first.items]
    assert again.items[3].starts.tzinfo is first.items[3].starts.tzinfo
    # A damaged cache is ignored, not trusted.
    cached.write_text("{ not json")
    assert load_program(path) == first


def test_a_changed_program_is_read_again(tmp_path):
    path = big_program(tmp_path)
    load_program(path)
    data = yaml.safe_load(path.read_text())
    data["title"] = "Renamed"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert load_program(path).title == "Renamed"
    assert len(list((cache_dir() / "programs").glob(PROGRAM_ENTRIES))) == 2


def test_even_the_shipped_program_is_kept_and_read_back_without_pydantic():
    # In children: this module's fixture lowers nothing there, so the real threshold holds.
    code = (
        "import sys; from itinerary.program import load_program, default_program_path; "
        "print(len(load_program(default_program_path()).items), 'pydantic' in sys.modules)"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [run.stdout.split() for run in runs] == [["72", "True"], ["72", "False"]]
    assert len(list((cache_dir() / "programs").glob(PROGRAM_ENTRIES))) == 1


def test_another_programs_entry_copied_over_this_ones_is_passed_over(tmp_path):
    one = load_program(big_program(tmp_path))
    (entry,) = (cache_dir() / "programs").glob(PROGRAM_ENTRIES)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    data = synthetic_program_data(200, seed=7)
    data["title"] = "Another conference"
    other = other_dir / "big.yaml"
    other.write_text(yaml.safe_dump(data, sort_keys=False))
    load_program(other)
    (other_entry,) = [p for p in (cache_dir() / "programs").glob(PROGRAM_ENTRIES) if p != entry]
    entry.write_bytes(other_entry.read_bytes())  # the wrong program under this one's name
    again = load_program(tmp_path / "big.yaml")
    assert again == one and again.title != "Another conference"


def test_the_zone_is_part_of_the_key_with_a_separator(tmp_path):
    """Bytes ending in "U" read with zone "TC" were the key of the same bytes with "UTC"."""
    key = program_store.cache_key
    assert key(b"dataU", "TC").digest != key(b"data", "UTC").digest
    assert key(b"data", None).digest == key(b"data", "").digest


@pytest.mark.parametrize("odd", ["symlink", "fifo", "dev-zero"])
def test_a_cache_entry_that_is_not_a_file_is_never_followed(tmp_path, odd):
    import os
    import subprocess
    import sys

    path = big_program(tmp_path)
    first = load_program(path)
    (entry,) = (cache_dir() / "programs").glob(PROGRAM_ENTRIES)
    decoy = tmp_path / "decoy.json"
    decoy.write_bytes(entry.read_bytes())
    entry.unlink()
    if odd == "symlink":
        entry.symlink_to(decoy)
    elif odd == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    # In a child with a time limit: a followed FIFO would hang, /dev/zero would fill memory.
    code = (
        "import sys; from itinerary import program as p, program_store as c; "
        f"c.CACHE_FROM_BYTES = 20_000; print(p.load_program({str(path)!r}).title)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == first.title
    # The odd entry was replaced by a file of the cache's own; what it pointed at is untouched.
    assert entry.is_file() and not entry.is_symlink()
    assert decoy.read_bytes().startswith(entry.read_bytes()[:64])


# --- the store gives exactly what the file gives ---------------------------------------------

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(
    os.environ.get("ITINERARY_FIXTURES") or REPO.parent / "shared" / "fixtures" / "schedules"
)


def entry_path() -> Path:
    (entry,) = (cache_dir() / "programs").glob(PROGRAM_ENTRIES)
    return entry


def assert_same(stored: Program | None, expected: Program) -> None:
    assert stored is not None
    assert stored == expected
    assert dump(stored) == dump(expected)
    for got, want in zip(stored.items, expected.items, strict=True):
        assert (got.start, got.end) == (want.start, want.end)
        assert got.starts.tzinfo is UTC and got.ends.tzinfo is UTC
        assert type(got.kind) is Kind and type(got.people) is tuple
    # Names many items give are each one string (the rooms: as many strings as rooms).
    assert len({id(item.room) for item in stored.items if item.room}) == len(stored.rooms)
    # The store keeps the items in time order: the same order, of the program's own items.
    assert stored.in_time_order == expected.in_time_order
    assert list(map(id, sorted(stored.in_time_order, key=id))) == sorted(map(id, stored.items))
    for got_session, want_session in zip(stored.sessions, expected.sessions, strict=True):
        assert got_session.start == want_session.start
        assert got_session.start is None or got_session.start.tzinfo is UTC


def through_the_store(path: Path, zone: str | None = None) -> tuple[Program, Program | None]:
    """What the file gives, read the long way, and what its store entry gives back."""
    expected = load_program(path, zone)  # no entry yet: read from the file, and stored
    data = path.read_bytes()
    stored = program_store.read_entry(program_store.cache_key(data, zone))
    assert load_program(path, zone) == expected  # the second open, from the store
    return expected, stored


def test_the_shipped_program_comes_back_exactly(monkeypatch):
    from itinerary.program import default_program_path

    monkeypatch.setattr(program_store, "CACHE_FROM_BYTES", 100)  # forced through the store
    expected, stored = through_the_store(default_program_path())
    assert_same(stored, expected)
    assert expected.sessions and any(item.abstract for item in expected.items)


def test_twenty_thousand_items_come_back_exactly():
    expected = validate(Program, synthetic_program_data(20_000))
    key = program_store.cache_key(b"x" * program_store.CACHE_FROM_BYTES, None)
    program_store.write_entry(key, expected)
    assert_same(program_store.read_entry(key), expected)


def test_every_optional_field_comes_back_as_it_was():
    data = synthetic_program_data(50)
    data.update(conference="Conf", venue="Hall", url="https://example.org", description="Hi")
    data["organizers"] = [{"name": "Ada", "affiliation": "Lab"}, {"name": "Bob"}]
    data["sessions"] = [
        {"id": "s1", "title": "One", "start": "2026-03-27T09:00:00-05:00", "description": "d"},
        {"id": "s2", "title": "Two"},
    ]
    data["items"][1].update(session="s1", url="https://example.org/1", abstract="")
    data["items"][2]["people"] = [{"name": "Ada", "affiliation": "Lab"}, {"name": "Ada"}]
    expected = validate(Program, data)
    key = program_store.cache_key(b"y" * program_store.CACHE_FROM_BYTES, "UTC")
    program_store.write_entry(key, expected)
    assert_same(program_store.read_entry(key), expected)


@pytest.mark.skipif(
    not FIXTURES.is_dir(),
    reason=f"the shared schedule fixtures are not at {FIXTURES} (set ITINERARY_FIXTURES)",
)
@pytest.mark.parametrize(
    ("name", "zone"), [("36c3_merged.xml", "Europe/Berlin"), ("debconf23.xml", None)]
)
def test_imported_schedules_come_back_exactly(name, zone):
    expected, stored = through_the_store(FIXTURES / name, zone)
    assert_same(stored, expected)


# --- what is not a good entry is rebuilt, never trusted ------------------------------------------


def rebuilt(path: Path, first: Program) -> None:
    """The file loads as it did, and its entry is one of the store's own again."""
    assert load_program(path) == first
    key = program_store.cache_key(path.read_bytes(), None)
    assert_same(program_store.read_entry(key), first)


@pytest.mark.parametrize("damage", ["random", "truncated", "empty", "half-written"])
def test_a_damaged_entry_is_rebuilt(tmp_path, damage):
    path = big_program(tmp_path)
    first = load_program(path)
    entry = entry_path()
    image = entry.read_bytes()
    if damage == "random":
        entry.write_bytes(random.Random(1).randbytes(len(image)))
    elif damage == "truncated":
        entry.write_bytes(image[: len(image) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # a page in the middle overwritten
        middle = len(image) // 2
        entry.write_bytes(image[:middle] + b"\xff" * 4096 + image[middle + 4096 :])
    reseal(entry)  # so that what is behind the name's digest is tested too
    key = program_store.cache_key(path.read_bytes(), None)
    assert program_store.read_entry(key) in (None, first)  # never another program
    rebuilt(path, first)


def reseal(entry: Path) -> Path:
    """An entry changed by hand, renamed for what it now holds, so that the checks behind the
    content digest are the ones tested."""
    stem = entry.name.rsplit("-", 1)[0]
    sealed = entry.with_name(f"{stem}-{program_store.content_digest(entry.read_bytes())}.sqlite")
    entry.rename(sealed)
    return sealed


def test_an_entry_changed_inside_a_valid_database_is_rebuilt(tmp_path):
    """A title changed in place (still a whole database, of this schema, with the right key):
    what the entry holds is no longer what was written, so it is not read."""
    path = big_program(tmp_path)
    first = load_program(path)
    connection = sqlite3.connect(entry_path())
    connection.execute("UPDATE programs SET title = 'Not what the file says'")
    connection.commit()
    connection.close()
    assert program_store.read_entry(program_store.cache_key(path.read_bytes(), None)) is None
    rebuilt(path, first)


@pytest.mark.parametrize(
    "places",
    [
        "UPDATE items SET position = 0 WHERE rank < 2",  # one place twice, another none
        "UPDATE items SET position = position + 1",  # one past the last
        "UPDATE items SET position = -1 WHERE rank = 0",  # (would be the last, in Python)
    ],
)
def test_an_entry_whose_items_places_are_not_each_once_is_rebuilt(tmp_path, places):
    """The items are kept in time order, each with its place in the file: an entry that does
    not give every place once (named for its bytes, so only that check can tell) is not read."""
    path = big_program(tmp_path)
    first = load_program(path)
    connection = sqlite3.connect(entry_path())
    connection.execute(places)
    connection.commit()
    connection.close()
    reseal(entry_path())
    assert program_store.read_entry(program_store.cache_key(path.read_bytes(), None)) is None
    rebuilt(path, first)


@pytest.mark.parametrize("change", ["user_version", "meta"])
def test_an_entry_of_an_older_schema_is_rebuilt(tmp_path, change):
    path = big_program(tmp_path)
    first = load_program(path)
    entry = entry_path()
    connection = sqlite3.connect(entry)
    if change == "user_version":
        connection.execute("PRAGMA user_version = 0")
    else:
        connection.execute("UPDATE meta SET schema = 0")
    connection.commit()
    connection.close()
    reseal(entry)
    key = program_store.cache_key(path.read_bytes(), None)
    assert program_store.read_entry(key) is None
    rebuilt(path, first)


def test_an_entry_that_says_another_key_is_not_trusted(tmp_path):
    path = big_program(tmp_path)
    first = load_program(path)
    connection = sqlite3.connect(entry_path())
    connection.execute("UPDATE meta SET key = ?", ("0" * 64,))
    connection.execute("UPDATE programs SET title = 'Not this one'")
    connection.commit()
    connection.close()
    reseal(entry_path())
    assert program_store.read_entry(program_store.cache_key(path.read_bytes(), None)) is None
    rebuilt(path, first)


def test_the_key_holds_the_versions(monkeypatch):
    before = program_store.cache_key(b"data", None).digest
    monkeypatch.setattr(store_tables, "STORE_SCHEMA", store_tables.STORE_SCHEMA + 1)
    assert program_store.cache_key(b"data", None).digest != before


def test_a_write_that_fails_leaves_no_entry_and_no_temporary(tmp_path, monkeypatch):
    path = big_program(tmp_path)

    def killed(*_args):
        raise sqlite3.OperationalError("killed half way")

    monkeypatch.setattr(store_tables, "fill_store", killed)
    first = load_program(path)
    assert list((cache_dir() / "programs").iterdir()) == []
    monkeypatch.undo()
    monkeypatch.setattr(program_store, "CACHE_FROM_BYTES", 20_000)
    rebuilt(path, first)


def test_only_the_newest_entries_are_kept_and_nothing_else_is_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(program_store, "CACHE_KEEP", 2)
    folder = cache_dir() / "programs"
    folder.mkdir(parents=True)
    (folder / "notes.sqlite").write_text("mine")
    programs = [validate(Program, synthetic_program_data(20, seed=n)) for n in range(4)]
    keys = [program_store.cache_key(bytes([n]) * 30_000, None) for n in range(4)]
    for number, (key, program) in enumerate(zip(keys, programs, strict=True)):
        program_store.write_entry(key, program)
        (entry,) = program_store.entries_for(key)
        os.utime(entry, (1_000_000 + number, 1_000_000 + number))
    assert program_store.read_entry(keys[0]) is None
    assert program_store.read_entry(keys[3]) == programs[3]
    assert len(list(folder.glob(PROGRAM_ENTRIES))) == 2
    assert (folder / "notes.sqlite").read_text() == "mine"


# --- abstracts stay in the store until one is asked for ----------------------------------------

MARKER = "Zebra-abstract-marker "


def with_long_abstracts(count: int = 40) -> tuple[program_store.CacheKey, Program]:
    """A program kept in the store whose abstracts are most of its bytes, each findable."""
    data = synthetic_program_data(count)
    for number, item in enumerate(data["items"]):
        item["abstract"] = f"{MARKER}{number} " + "é and more words " * 400
    expected = validate(Program, data)
    key = program_store.cache_key(b"z" * program_store.CACHE_FROM_BYTES, None)
    program_store.write_entry(key, expected)
    return key, expected


def test_abstracts_are_read_only_when_one_is_asked_for():
    key, expected = with_long_abstracts()
    stored = program_store.read_entry(key)
    assert stored is not None
    assert all(ABSTRACT.pending(item) is not None for item in stored.items)
    assert stored.items[5].abstract == expected.items[5].abstract
    # Once read, it is kept in its slot; the others are read when asked for.
    assert ABSTRACT.pending(stored.items[5]) is None
    assert all(ABSTRACT.pending(item) is not None for item in stored.items[6:])
    # ...one by one, at first (the planner's first screen shows one, an export a few hundred):
    # none of the others has been read into memory yet.
    assert ABSTRACT.pending(stored.items[0])._by_id == {}
    assert_same(stored, expected)


@pytest.mark.parametrize("one_by_one", [0, 3])
def test_past_the_first_abstracts_all_are_read_at_once(monkeypatch, one_by_one):
    monkeypatch.setattr(store_tables, "ONE_BY_ONE", one_by_one)
    key, expected = with_long_abstracts()
    stored = program_store.read_entry(key)
    assert stored is not None
    assert [item.abstract for item in stored.items] == [item.abstract for item in expected.items]


def test_the_first_abstract_may_be_asked_for_in_another_thread():
    key, expected = with_long_abstracts()
    stored = program_store.read_entry(key)
    assert stored is not None
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda item: item.abstract, stored.items))
    assert got == [item.abstract for item in expected.items]


def test_a_copy_or_pickle_of_a_stored_item_carries_its_abstract():
    key, expected = with_long_abstracts()
    for make in (copy.deepcopy, lambda p: pickle.loads(pickle.dumps(p))):
        stored = program_store.read_entry(key)
        assert stored is not None
        copied = make(stored)
        assert copied == expected
        assert copied.items[0].abstract == expected.items[0].abstract


def damaged_at(image: bytes, text: str, damage: bytes) -> bytes:
    """``image`` with the start of the page holding ``text`` overwritten by ``damage``."""
    page = image.index(text.encode()) // 4096 * 4096
    return image[:page] + damage + image[page + len(damage) :]


def test_an_entry_whose_abstracts_are_damaged_is_rebuilt_not_an_error_later():
    """Damage in the abstracts' pages (an entry renamed for its damaged bytes) is found when the
    program is read, not where an abstract is shown long after."""
    key, _expected = with_long_abstracts()
    (entry,) = program_store.entries_for(key)
    entry.write_bytes(damaged_at(entry.read_bytes(), f"{MARKER}7 ", b"\x0d\xff\xff\xff\xff"))
    reseal(entry)
    assert program_store.read_entry(key) is None


def test_abstract_bytes_that_are_not_text_are_shown_replaced_never_raised():
    key, expected = with_long_abstracts()
    (entry,) = program_store.entries_for(key)
    image = entry.read_bytes()
    at = image.index(f"{MARKER}3 ".encode())
    entry.write_bytes(image[:at] + b"\xff\xfe" + image[at + 2 :])
    reseal(entry)
    stored = program_store.read_entry(key)
    assert stored is not None
    assert stored.items[3].abstract.startswith("\N{REPLACEMENT CHARACTER}" * 2)
    assert stored.items[4].abstract == expected.items[4].abstract


def test_a_program_let_go_is_freed_though_its_load_froze_it(tmp_path):
    """Loading freezes what it built (gc.freeze, so the collector does not walk it all at
    once afterwards); a frozen object is never collected, so a program must hold no reference
    cycle, in any of its parts, to be freed by its reference count when it is let go."""
    path = big_program(tmp_path)
    for _read in ("from the file", "from the store"):
        loaded = load_program(path)
        for touched in (loaded.items[3].abstract, loaded.by_id, loaded.in_time_order):
            assert touched
        filter_items(loaded.items, text="kernel", stored=loaded.stored_search)
        # (Items are slotted, with no weak references: their people stand for them.)
        assert loaded.items[5].people
        program_freed, person_freed = weakref.ref(loaded), weakref.ref(loaded.items[5].people[0])
        del loaded, touched
        assert program_freed() is None and person_freed() is None
