"""How program text is written for a person: safely, whatever the program file holds.

Text in a program or share file is data from someone else. Before it reaches a terminal,
control characters (escape sequences, carriage returns, bells) are replaced, so that a title can
never move the cursor, change colours or rewrite what was printed before it.
"""

from __future__ import annotations

import re

from itinerary.model import Item
from itinerary.selection import Priority

# How a star is marked wherever items are listed (the command and the planner alike).
STAR_MARKS = {None: " ", Priority.MUST: "★", Priority.MAYBE: "☆"}

# C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides that can reorder text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, single_line: bool = False) -> str:
    """``text`` with control characters shown as ``�``; with ``single_line``, white space runs
    (newlines included) become one space."""
    text = _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)
    return " ".join(text.split()) if single_line else text


def people_line(item: Item, limit: int = 3) -> str:
    """``Ada Lovelace, Alan Turing and 3 more``: the first few people, for one-line listings."""
    names = item.speakers
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"
