"""Search: what a query finds, and the same whatever was searched for before (the index narrows
a growing query to the matches of an earlier one)."""

from __future__ import annotations

import threading
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.model import Item, Kind, Person, Program
from itinerary.search import REMEMBERED_SEARCHES, SearchIndex, filter_items, words_of
from itinerary.validation import validate
from tests.factories import item

# Few letters, so that queries often match and often nearly match; case, accents and white
# space that the search ignores; "ß" folds to "ss", and "-" splits words.
LETTERS = "abAB áÅ-ß\n\t"
texts = st.text(alphabet=LETTERS, max_size=8)


def made(index: int, title: str, names: list[str], abstract: str, kind: Kind) -> Item:
    base = item(f"item-{index}", index, 30, kind=kind)
    people = tuple(Person(name=name) for name in names if name.strip())
    return replace(base, title=title or "x", people=people, abstract=abstract)


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
    """The definition, with nothing prepared and nothing remembered: every word typed begins
    one of the item's words."""
    typed = words_of(text)

    def matches(i: Item) -> bool:
        own = words_of(" ".join([i.title, i.abstract, *(p.name for p in i.people)]))
        return all(any(word.startswith(t) for word in own) for t in typed)

    return [i for i in items if (not kinds or i.kind in kinds) and matches(i)]


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
    assert [i.id for i in index.matching("b")] == []  # inside a word, not at its start


def test_the_remembered_searches_are_bounded() -> None:
    items = [made(n, f"t{n}", [], "", Kind.TALK) for n in range(30)]
    index = SearchIndex(items)
    for n in range(30):
        assert [i.id for i in index.matching(f"t{n}")] == [f"item-{n}"] + [
            f"item-{m}" for m in range(10 * n, 10 * n + 10) if 0 < n < 3
        ]
    assert len(index._found) == REMEMBERED_SEARCHES


def test_every_word_must_begin_a_word_anywhere_in_the_item() -> None:
    items = [made(0, "Deep learning", ["Ada Lovelace"], "", Kind.TALK)]
    assert filter_items(items, text="learning ada") == items  # words, not a phrase
    assert filter_items(items, text="LEARN lovel") == items
    assert filter_items(items, text="learning grace") == []  # every word must match
    assert filter_items(items, text="earning") == []  # the start of a word, not its middle


def test_the_issues_examples_and_accents() -> None:
    items = [
        made(0, "Quantized kernels", [], "", Kind.TALK),
        made(1, "On quantization", [], "", Kind.TALK),
        made(2, "Trust in compilers", [], "", Kind.TALK),
        made(3, "Rust for Linux", ["José Müller"], "", Kind.TALK),
        made(4, "The KV-cache", [], "", Kind.TALK),
    ]

    def found(text: str) -> list[str]:
        return [i.id for i in filter_items(items, text=text)]

    assert found("quantiz") == ["item-0", "item-1"]
    assert found("rust") == ["item-3"]  # not "Trust"
    assert found("jose muller") == found("JOSÉ MÜLLER") == ["item-3"]
    assert found("kv cache") == found("kv-cache") == ["item-4"]


def test_room_track_and_my_notes_are_searched() -> None:
    talk = replace(made(0, "Talk", [], "", Kind.TALK), room="Hörsaal 1", track="Hardware & Making")
    other = made(1, "Other", [], "", Kind.TALK)
    assert filter_items([talk, other], text="horsaal") == [talk]
    assert filter_items([talk, other], text="making hard") == [talk]
    index = SearchIndex([talk, other])
    assert index.matching("front row") == []
    assert index.matching("front row", notes={"item-1": "Front row!"}) == [other]
    assert index.matching("other front", notes={"item-1": "Front row!"}) == [other]
    assert index.matching("front", notes={"item-1": ""}) == []


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
    program = validate(Program, {
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
