"""How program text is written for a person: safely, whatever the program file holds.

Text in a program or share file is data from someone else. Before it reaches a terminal,
control characters (escape sequences, carriage returns, bells) are replaced, so that a title can
never move the cursor, change colours or rewrite what was printed before it.
"""

from __future__ import annotations

import functools
import re

TYPE_CHECKING = False  # not typing's: `itinerary --help` prints through here
if TYPE_CHECKING:
    from itinerary.model import Item

# C0 controls but tab and newline, DEL, C1 controls, the bidi overrides that can reorder text,
# and lone surrogates (a file name that is not UTF-8, as Python decodes it): none of them may
# reach a terminal, and a surrogate cannot even be encoded for one. Every one of them is
# unprintable to ``str.isprintable``, which answers most text without the pattern.
CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
# The same, for JSON: C0 controls are already escaped by json.dumps; the rest are escaped too,
# so the data stays exact (``\u0085`` reads back as U+0085) and the terminal stays untouched.
JSON_UNSAFE = r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


# Compiled when first needed: each takes a millisecond, a fiftieth of `itinerary --help`.
@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def printable(text: str, *, single_line: bool = False) -> str:
    """``text`` with control characters shown as ``�``; with ``single_line``, white space runs
    (newlines included) become one space."""
    if not (text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()):
        text = _compiled(CONTROL).sub("\N{REPLACEMENT CHARACTER}", text)
    return " ".join(text.split()) if single_line else text


def json_for_terminal(json_text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every character a terminal
    would act on written as its ``\\uXXXX`` escape: the same JSON value, safe to print."""
    if json_text.isascii():  # the common case, some 50 times quicker: DEL is all there can be
        return json_text.replace("\x7f", "\\u007f")
    return _compiled(JSON_UNSAFE).sub(lambda match: f"\\u{ord(match[0]):04x}", json_text)


def people_line(item: Item, limit: int = 3) -> str:
    """``Ada Lovelace, Alan Turing and 3 more``: the first few people, for one-line listings."""
    names = item.speakers
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"
