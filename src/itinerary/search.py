"""Finding items: by kind, and by text in the title, the people and the abstract."""

from __future__ import annotations

from collections.abc import Iterable

from itinerary.model import Item, Kind


def haystack(item: Item) -> str:
    """Everything a search looks in, case-folded once."""
    people = " ".join(f"{p.name} {p.affiliation}" if p.affiliation else p.name for p in item.people)
    # Newlines keep a phrase from matching across the end of the title and the first name.
    return "\n".join(
        " ".join(part.casefold().split()) for part in (item.title, people, item.abstract)
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
        self._entries = [(item, haystack(item)) for item in items]

    def matching(self, text: str = "", kinds: Iterable[Kind] = ()) -> list[Item]:
        """Like ``filter_items``, in the order the index was given its items."""
        wanted = set(kinds)
        needle = " ".join(text.casefold().split())
        return [
            item
            for item, hay in self._entries
            if (not wanted or item.kind in wanted) and (not needle or needle in hay)
        ]
