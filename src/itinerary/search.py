"""Finding items: by kind, and by text in the title, the people, the abstract and the track."""

from __future__ import annotations

from collections.abc import Iterable

from itinerary.model import Item, Kind


def haystack(item: Item) -> str:
    """Everything a search looks in, case-folded once."""
    people = " ".join(f"{p.name} {p.affiliation}" if p.affiliation else p.name for p in item.people)
    # Newlines keep a phrase from matching across the end of the title and the first name.
    return "\n".join(
        " ".join(part.casefold().split())
        for part in (item.title, people, item.abstract, item.track or "")
    )


def filter_items(
    items: Iterable[Item], *, kinds: Iterable[Kind] = (), text: str = ""
) -> list[Item]:
    """Items of one of ``kinds`` (any kind when empty) whose title, people or abstract contain
    ``text``, ignoring case and runs of white space."""
    return SearchIndex(items).matching(text, kinds)


class SearchIndex:
    """The items with their search text prepared once, for search as you type on big programs."""

    def __init__(self, items: Iterable[Item]) -> None:
        self._items = list(items)
        self._haystacks: list[str] | None = None  # prepared at the first search, not before

    def matching(self, text: str = "", kinds: Iterable[Kind] = ()) -> list[Item]:
        """Like ``filter_items``, in the order the index was given its items."""
        wanted = set(kinds)
        needle = " ".join(text.casefold().split())
        if not needle:
            return [item for item in self._items if not wanted or item.kind in wanted]
        if self._haystacks is None:
            self._haystacks = [haystack(item) for item in self._items]
        return [
            item
            for item, hay in zip(self._items, self._haystacks, strict=True)
            if (not wanted or item.kind in wanted) and needle in hay
        ]
