"""Finding items: by kind, and by text in the title, the people and the abstract."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from itinerary.model import Item, Kind

# Searches whose matches are kept, so that the next letter of a query (or a backspace back to
# an earlier one) looks only at what an earlier search found.
REMEMBERED_SEARCHES = 8


def haystack(item: Item) -> str:
    """Everything a search looks in, case-folded once."""
    people = " ".join(
        [f"{p.name} {p.affiliation}" if p.affiliation else p.name for p in item.people]
    )
    # Newlines keep a phrase from matching across the end of the title and the first name.
    return "\n".join(
        [
            " ".join(item.title.casefold().split()),
            " ".join(people.casefold().split()),
            " ".join(item.abstract.casefold().split()),
        ]
    )


def search_text(text: str) -> str:
    """What is looked for when ``text`` is typed: case-folded, each run of white space one space
    (so it never holds the newline between a haystack's parts)."""
    return " ".join(text.casefold().split())


def filter_items(
    items: Iterable[Item], *, kinds: Iterable[Kind] = (), text: str = ""
) -> list[Item]:
    """Items of one of ``kinds`` (any kind when empty) whose title, people or abstract contain
    ``text``, ignoring case and runs of white space."""
    return SearchIndex(items).matching(text, kinds)


class SearchIndex:
    """The items with their search text prepared once, for search as you type on big programs.

    ``prepare`` does the work of preparing (half a second for 20,000 items), so a face can run
    it in a worker thread once its first screen is shown; the first search does it otherwise.
    A search looks only at the matches of an earlier one that its text contains (whatever
    contains "transf" contains "trans"), so a query growing letter by letter, or shrinking back,
    rescans little. ``matching`` is for one thread; ``prepare`` may run in another meanwhile.
    """

    def __init__(self, items: Iterable[Item]) -> None:
        self._items = list(items)
        self._haystacks: list[str] | None = None
        self._preparing = threading.Lock()
        # Positions in _items of the items each recent search text matched, the latest last.
        self._found: OrderedDict[str, list[int]] = OrderedDict()

    def prepare(self) -> None:
        """Prepare every item's search text, if not done yet (waits for a preparation under
        way in another thread)."""
        with self._preparing:
            if self._haystacks is None:
                self._haystacks = [haystack(item) for item in self._items]

    @property
    def prepared(self) -> bool:
        return self._haystacks is not None

    def matching(self, text: str = "", kinds: Iterable[Kind] = ()) -> list[Item]:
        """Like ``filter_items``, in the order the index was given its items."""
        wanted = set(kinds)
        needle = search_text(text)
        if not needle:
            return [item for item in self._items if not wanted or item.kind in wanted]
        items = self._items
        found = [items[position] for position in self._positions(needle)]
        return [item for item in found if item.kind in wanted] if wanted else found

    def _positions(self, needle: str) -> list[int]:
        """Positions of the items whose search text contains ``needle`` (normalised)."""
        found = self._found
        known = found.get(needle)
        if known is not None:
            found.move_to_end(needle)
            return known
        self.prepare()
        haystacks = self._haystacks
        assert haystacks is not None
        # What contains this needle contains every part of it: of the earlier searches for a
        # part of it, the one with the fewest matches holds all of this one's.
        narrowest = min(
            (positions for earlier, positions in found.items() if earlier in needle),
            key=len,
            default=None,
        )
        if narrowest is None:
            positions = [index for index, hay in enumerate(haystacks) if needle in hay]
        else:
            positions = [index for index in narrowest if needle in haystacks[index]]
        found[needle] = positions
        if len(found) > REMEMBERED_SEARCHES:
            found.popitem(last=False)
        return positions
