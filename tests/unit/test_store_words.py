"""The program store keeps each program's words in an FTS5 index beside it, and a search of a
program read from the store asks it first: it must find exactly what a search of the items
themselves finds, and never be trusted when it is not the index written for the program."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary import program_store, store_tables
from itinerary.model import ABSTRACT, Item, Kind, Person, Program
from itinerary.paths import cache_dir
from itinerary.program import load_program
from itinerary.search import SearchIndex, filter_items, haystack, search_words
from tests.factories import item, synthetic_program_data

pytestmark = pytest.mark.skipif(
    not hasattr(sqlite3.Connection, "deserialize"), reason="the store is read on Python 3.11 on"
)

# Letters that fold (case, accents, ß, the Kelvin sign, ﬁ), marks that are not accents (a
# Devanagari vowel sign), digits of other scripts, "_" (a letter to \w), CJK, punctuation,
# white space and an emoji: wherever Python's \w and FTS5's tokenizers could disagree.
LETTERS = "aAbéÉßKﬁिक٣_日本-'\". \n🙂"
texts = st.text(alphabet=LETTERS, max_size=10)


def stored_words(items: list[Item]) -> sqlite3.Connection:
    """The words index of a program of ``items``, as the store writes it."""
    connection = sqlite3.connect(":memory:")
    program = Program(id="p", title="P", timezone="UTC", items=tuple(items))
    store_tables.fill_words(connection, "key", program)
    return connection


def made(index: int, title: str, people: list[str], abstract: str, room: str) -> Item:
    base = item(f"item-{index}", index, 30, kind=Kind.TALK)
    them = tuple(Person(name=name) for name in people if name.strip())
    return replace(base, title=title or "x", people=them, abstract=abstract, room=room or None)


@st.composite
def programs(draw: st.DrawFn) -> list[Item]:
    count = draw(st.integers(min_value=1, max_value=10))
    return [
        made(index, draw(texts), draw(st.lists(texts, max_size=2)), draw(texts), draw(texts))
        for index in range(count)
    ]


@settings(max_examples=300, deadline=None)
@given(items=programs(), typed=st.lists(texts, min_size=1, max_size=6), data=st.data())
def test_the_index_finds_exactly_what_the_items_search_finds(items, typed, data):
    connection = stored_words(items)
    # Queries typed at random, and the starts of words the items really have.
    words = haystack(data.draw(st.sampled_from(items))).split()
    typed += [word[: data.draw(st.integers(1, len(word)))] for word in words[:4]]
    for text in typed:
        wanted = search_words(text)
        if not wanted:
            continue
        expected = {i.id for i in SearchIndex(items).matching(text)}
        assert store_tables.ids_matching(connection, wanted, tuple(items)) == expected, text


# --- through the store --------------------------------------------------------------------------


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(300), sort_keys=False))
    return path


QUERIES = ["quant", "kernel cache", "person 4", "room 1", "zzz", "Übung", "é"]


def items_searched(program: Program, text: str) -> list[str]:
    return [i.id for i in filter_items(program.items, text=text)]


def test_a_search_of_a_stored_program_asks_the_index_and_reads_no_abstract(big):
    expected = load_program(big)  # read from the file, and stored
    program = load_program(big)  # from the store
    assert program.stored_search is not None
    for text in QUERIES:
        found = filter_items(program.items, text=text, stored=program.stored_search)
        assert [i.id for i in found] == items_searched(expected, text)
    assert all(ABSTRACT.pending(i) is not None for i in program.items)
    assert [program_store.WORDS in path.name for path in entries()].count(True) == 1


def entries() -> list[Path]:
    return sorted((cache_dir() / "programs").glob("*.sqlite"))


def words_entry() -> Path:
    (path,) = [p for p in entries() if p.name.endswith(".words.sqlite")]
    return path


def reseal(entry: Path) -> None:
    stem = entry.name.rsplit("-", 1)[0]
    digest = program_store.content_digest(entry.read_bytes())
    entry.rename(entry.with_name(f"{stem}-{digest}.words.sqlite"))


def damage_missing(path: Path) -> None:
    path.unlink()


def damage_changed(path: Path) -> None:
    """An item's words changed in a valid database, without renaming it for its bytes."""
    connection = sqlite3.connect(path)
    connection.execute("UPDATE words SET text = ' zzz' WHERE rowid = 1")
    connection.commit()
    connection.close()


def damage_another_key(path: Path) -> None:
    damage_changed(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET key = ?", ("0" * 64,))
    connection.commit()
    connection.close()
    reseal(path)


def damage_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\0" + os.urandom(8192))
    reseal(path)


def damage_link(path: Path) -> None:
    decoy = path.with_name("decoy.sqlite")
    path.rename(decoy)
    path.symlink_to(decoy)


def damage_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(
    "damage",
    [damage_missing, damage_changed, damage_another_key, damage_garbage, damage_link, damage_fifo],
)
def test_an_index_that_is_not_the_one_written_is_not_used(big, damage):
    expected = load_program(big)
    damage(words_entry())
    program = load_program(big)
    assert program.stored_search is not None
    assert program.stored_search(("zzz",)) is None  # not trusted: the items are searched
    for text in QUERIES:
        found = filter_items(program.items, text=text, stored=program.stored_search)
        assert [i.id for i in found] == items_searched(expected, text)


def test_the_index_answers_until_the_index_of_the_planner_is_prepared(big):
    load_program(big)
    program = load_program(big)
    index = SearchIndex(program.in_time_order, program.stored_search)
    first = index.matching("kernel cache")
    assert not index.prepared  # answered by the store's words
    index.prepare()
    assert index.matching("kernel cache") == first
    assert index.matching("kernel cach") == SearchIndex(program.in_time_order).matching(
        "kernel cach"
    )


def test_preparing_the_index_opens_the_stored_words_before_any_search(big):
    """The planner's worker prepares the index after its first screen: the words entry is read
    and checked then, not at the first key (whose search it still answers)."""
    expected = load_program(big)
    program = load_program(big)
    index = SearchIndex(program.in_time_order, program.stored_search)
    index.prepare()
    words_entry().unlink()  # read already: the search needs it no more
    assert program.stored_search is not None
    found = program.stored_search(("kernel",))
    assert found == {i.id for i in filter_items(expected.items, text="kernel")}


def test_words_of_programs_no_longer_kept_go_with_them(tmp_path, monkeypatch):
    monkeypatch.setattr(program_store, "CACHE_KEEP", 2)
    folder = cache_dir() / "programs"
    folder.mkdir(parents=True)
    (folder / "notes.words.sqlite").write_text("mine")
    for number in range(4):
        path = tmp_path / f"p{number}.yaml"
        path.write_text(yaml.safe_dump(synthetic_program_data(20, seed=number), sort_keys=False))
        load_program(path)
        for entry in entries():
            if entry.name.startswith(program_store.cache_key(path.read_bytes(), None).digest[:40]):
                os.utime(entry, (1_000_000 + number, 1_000_000 + number))
    kept = [p.name for p in entries() if p.name != "notes.words.sqlite"]
    assert len(kept) == 4  # two programs, each with its words
    stems = {name.split("-")[0] for name in kept}
    assert len(stems) == 2
    assert all(sum(n.startswith(s) for n in kept) == 2 for s in stems)
    assert (folder / "notes.words.sqlite").read_text() == "mine"
