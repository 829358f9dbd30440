"""Finding items: by kind, and by words. Every word typed must begin a word of the item (its
title, people and affiliations, abstract, room, track, or my note on it), ignoring case and
accents: ``quantiz`` finds "Quantized" and "quantization", ``rust`` does not find "Trust",
``kv cache`` finds "KV-cache" and "cache of the KV"."""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from itinerary.model import Item, Kind, StoredSearch

# Searches whose matches are kept, so that the next letter of a query (or a backspace back to
# an earlier one) looks only at what an earlier search found.
REMEMBERED_SEARCHES = 8

_WORD = re.compile(r"\w+")
# The combining marks that NFKD splits accents into (é is e and U+0301): dropped.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _plain(text: str) -> str:
    folded = text.casefold()
    if folded.isascii():  # most of any program: nothing to take off (and 5 times quicker)
        return folded
    return _COMBINING.sub("", unicodedata.normalize("NFKD", folded))


def words_of(text: str) -> list[str]:
    """The words of ``text`` as a search compares them: case-folded, accents taken off
    (``Ü`` is ``u``, ``ß`` is ``ss``), split at anything that is not a letter or a digit."""
    return _WORD.findall(_plain(text))


def haystack(item: Item, note: str = "") -> str:
    """Every word a search looks in, each after a space: a word typed matches where
    ``" " + word`` is in it, so only at the start of a word."""
    parts = [item.title, item.abstract, item.room or "", item.track or "", note]
    parts += [f"{p.name} {p.affiliation or ''}" for p in item.people]
    return " " + " ".join(_WORD.findall(_plain("\n".join(parts))))


def search_words(text: str) -> tuple[str, ...]:
    """What is looked for when ``text`` is typed: its words, each once, in order."""
    return tuple(dict.fromkeys(words_of(text)))


def _narrows(earlier: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether whatever ``words`` match, ``earlier`` match too: each earlier word begins one of
    the new ones (every word an item has that begins with "quanti" begins with "quant")."""
    return all(any(word.startswith(old) for word in words) for old in earlier)


def filter_items(
    items: Iterable[Item],
    *,
    kinds: Iterable[Kind] = (),
    text: str = "",
    notes: Mapping[str, str] | None = None,
    stored: StoredSearch | None = None,
) -> list[Item]:
    """Items of one of ``kinds`` (any kind when empty) that every word of ``text`` begins a word
    of (``notes``: my notes, by item id, searched too; ``stored``: see SearchIndex)."""
    return SearchIndex(items, stored).matching(text, kinds, notes)


class SearchIndex:
    """The items with their search text prepared once, for search as you type on big programs.

    ``prepare`` does the work of preparing (half a second for 20,000 items), so a face can run
    it in a worker thread once its first screen is shown; the first search does it otherwise.
    A search looks only at the matches of an earlier one whose words begin its own (whatever
    "transf" matches, "trans" matched), so a query growing letter by letter, or shrinking back,
    rescans little. My notes change as I write them, so they are not in the index: the few
    items with one are looked at again each time. ``matching`` is for one thread; ``prepare``
    may run in another meanwhile.

    ``stored`` (a program's ``stored_search``: the program store's index of its words) answers
    the searches made before the index is prepared, so that neither a command's one search nor
    a planner's first keys wait for a haystack of every item; and those with no earlier search
    to narrow (a first letter), sooner than a pass over every haystack.
    """

    def __init__(self, items: Iterable[Item], stored: StoredSearch | None = None) -> None:
        self._items = list(items)
        self._stored = stored
        self._haystacks: list[str] | None = None
        self._preparing = threading.Lock()
        # Positions in _items of the items each recent search text matched, the latest last.
        self._found: OrderedDict[tuple[str, ...], list[int]] = OrderedDict()

    def prepare(self) -> None:
        """Prepare every item's search text, if not done yet (waits for a preparation under
        way in another thread); and the stored search, which still answers a first letter (its
        entry read from disk and checked then took a third of that key at 20,000 items)."""
        with self._preparing:
            if self._haystacks is None:
                self._haystacks = [haystack(item) for item in self._items]
        if self._stored is not None:
            self._stored.open()

    @property
    def prepared(self) -> bool:
        return self._haystacks is not None

    def matching(
        self,
        text: str = "",
        kinds: Iterable[Kind] = (),
        notes: Mapping[str, str] | None = None,
    ) -> list[Item]:
        """Like ``filter_items``, in the order the index was given its items."""
        wanted = set(kinds)
        words = search_words(text)
        if not words:
            return (
                [item for item in self._items if item.kind in wanted] if wanted else self._items[:]
            )
        items = self._items
        positions = self._positions(words)
        if notes:
            # An item whose note has a word it lacks may match with its note: look again.
            by_note = [
                position
                for item_id, note in notes.items()
                if note and (position := self._position_of.get(item_id)) is not None
                and _has_all(haystack(items[position], note), words)
            ]  # fmt: skip
            positions = sorted(set(positions).union(by_note))
        found = [items[position] for position in positions]
        return [item for item in found if item.kind in wanted] if wanted else found

    @functools.cached_property
    def _position_of(self) -> dict[str, int]:
        """Each item's position, by id: for the notes searched, which only some states have
        (a pass over every item: not for the first screen)."""
        return {item.id: position for position, item in enumerate(self._items)}

    def _positions(self, words: tuple[str, ...]) -> list[int]:
        """Positions of the items that every one of ``words`` begins a word of."""
        found = self._found
        known = found.get(words)
        if known is not None:
            found.move_to_end(words)
            return known
        # Of the earlier searches this one narrows, the one with the fewest matches holds all
        # of this one's.
        narrowest = min(
            (positions for earlier, positions in found.items() if _narrows(earlier, words)),
            key=len,
            default=None,
        )
        if (self._haystacks is None or narrowest is None) and self._stored is not None:
            # Nothing prepared yet, or nothing to narrow: the store's index answers sooner than
            # a pass over every haystack.
            ids = self._stored(words)
            if ids is not None:
                positions = [index for index, item in enumerate(self._items) if item.id in ids]
                return self._remember(words, positions)
        self.prepare()
        haystacks = self._haystacks
        assert haystacks is not None
        if narrowest is None:
            positions = [index for index, hay in enumerate(haystacks) if _has_all(hay, words)]
        else:
            positions = [index for index in narrowest if _has_all(haystacks[index], words)]
        return self._remember(words, positions)

    def _remember(self, words: tuple[str, ...], positions: list[int]) -> list[int]:
        found = self._found
        found[words] = positions
        if len(found) > REMEMBERED_SEARCHES:
            found.popitem(last=False)
        return positions


def _has_all(hay: str, words: tuple[str, ...]) -> bool:
    return all(f" {word}" in hay for word in words)
