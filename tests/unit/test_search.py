"""Search: what a query finds, and the same whatever was searched for before (the index narrows
a growing query to the matches of an earlier one)."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.model import Item, Kind, Person, Program
from itinerary.search import REMEMBERED_SEARCHES, SearchIndex, filter_items, haystack
from tests.factories import item

# Few letters, so that queries often match and often nearly match; case and white space that
# the search ignores; "ß" folds to "ss", and the two parts of a haystack must not join up.
LETTERS = "abAB ß\n\t"
texts = st.text(alphabet=LETTERS, max_size=8)


def made(index: int, title: str, names: list[str], abstract: str, kind: Kind) -> Item:
    base = item(f"item-{index}", index, 30, kind=kind)
    people = tuple(Person(name=name) for name in names if name.strip())
    return base.model_copy(update={"title": title or "x", "people": people, "abstract": abstract})


@st.composite
def programs(draw: st.DrawFn) -> list[Item]:
    count = draw(st.integers(min_value=0, max_value=12))
    return [
        made(
            index,
            draw(texts),
            draw(st.lists(texts, max_size=2)),
            draw(texts),
            draw(st.sampled_from([Kind.TALK, Kind.POSTER])),
        )
        for index in range(count)
    ]


def queries_typed(query: str) -> list[str]:
    """A query typed letter by letter, then backspaced away."""
    grown = [query[:length] for length in range(1, len(query) + 1)]
    return grown + grown[-2::-1] + [""]


def spelled_out(text: str, items: list[Item], kinds: frozenset[Kind]) -> list[Item]:
    """The definition, with nothing prepared and nothing remembered."""
    needle = " ".join(text.casefold().split())
    return [i for i in items if (not kinds or i.kind in kinds) and needle in haystack(i)]


@settings(max_examples=300, deadline=None)
@given(
    items=programs(),
    searches=st.lists(
        st.tuples(texts, st.sampled_from([frozenset(), frozenset({Kind.TALK})]), st.booleans()),
        max_size=12,
    ),
)
def test_a_search_finds_the_same_whatever_came_before(
    items: list[Item], searches: list[tuple[str, frozenset[Kind], bool]]
) -> None:
    index = SearchIndex(items)
    for text, kinds, letter_by_letter in searches:
        for typed in queries_typed(text) if letter_by_letter else [text]:
            assert index.matching(typed, kinds) == SearchIndex(items).matching(typed, kinds)
            assert index.matching(typed, kinds) == spelled_out(typed, items, kinds)


def test_a_shorter_query_after_a_longer_one_finds_more() -> None:
    items = [made(0, "ab", [], "", Kind.TALK), made(1, "a", [], "", Kind.TALK)]
    index = SearchIndex(items)
    assert [i.id for i in index.matching("ab")] == ["item-0"]
    assert [i.id for i in index.matching("a")] == ["item-0", "item-1"]
    assert [i.id for i in index.matching("b")] == ["item-0"]


def test_the_remembered_searches_are_bounded() -> None:
    items = [made(n, f"t{n}", [], "", Kind.TALK) for n in range(30)]
    index = SearchIndex(items)
    for n in range(30):
        assert [i.id for i in index.matching(f"t{n}")] == [f"item-{n}"] + [
            f"item-{m}" for m in range(10 * n, 10 * n + 10) if 0 < n < 3
        ]
    assert len(index._found) == REMEMBERED_SEARCHES


def test_a_phrase_never_spans_the_title_and_the_people() -> None:
    items = [made(0, "Deep learning", ["Ada Lovelace"], "", Kind.TALK)]
    assert filter_items(items, text="learning ada") == []
    assert filter_items(items, text="LEARNING") == items


def test_preparing_in_another_thread_while_searching() -> None:
    items = [
        made(n, f"title {n}", [f"Person {n}"], "abstract " * 20, Kind.TALK) for n in range(2000)
    ]
    index = SearchIndex(items)
    assert not index.prepared
    worker = threading.Thread(target=index.prepare)
    worker.start()
    assert [i.id for i in index.matching("person 1999")] == ["item-1999"]
    worker.join()
    assert index.prepared


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
