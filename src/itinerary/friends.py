"""Friends' itineraries kept beside mine: who starred an item, and initials that tell the
friends apart on screen."""

from __future__ import annotations

import re
from collections.abc import Iterable

from itinerary.selection import Priority, State


def friends_of(state: State, item_id: str) -> list[tuple[str, Priority]]:
    """Who, of the friends kept, starred this item."""
    return [
        (friend.name, friend.stars[item_id])
        for friend in state.friends.values()
        if item_id in friend.stars
    ]


def _words(name: str) -> list[str]:
    # Letters and digits only: a name from a share file may hold control characters.
    parts = (
        "".join(char for char in part if char.isalnum()) for part in re.split(r"[\s._-]+", name)
    )
    return [part for part in parts if part]


def initials(name: str) -> str:
    """``Ada Lovelace`` → ``AL``; one word → its first two letters."""
    words = _words(name)
    if len(words) >= 2:
        return (words[0][0] + words[1][0]).upper()
    return (words[0][:2] if words else "?").upper()


def initials_of(names: Iterable[str]) -> dict[str, str]:
    """Initials that tell the friends apart: ``AL``; where two share them, the first letter and
    the start of the second word (``ALo`` and ``ALe``); where even that is shared, numbered
    (``AL1``, ``AL2``)."""
    names = sorted(names)
    plain = {name: initials(name) for name in names}
    found = {}
    for name in names:
        same = [other for other in names if plain[other] == plain[name]]
        if len(same) == 1:
            found[name] = plain[name]
            continue
        longer = {other: _longer_initials(other) for other in same}
        unique = list(longer.values()).count(longer[name]) == 1
        found[name] = longer[name] if unique else f"{plain[name]}{same.index(name) + 1}"
    return found


def _longer_initials(name: str) -> str:
    words = _words(name)
    return words[0][0].upper() + words[1][:2].capitalize() if len(words) >= 2 else initials(name)
