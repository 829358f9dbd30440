"""`printable` answers most text without its pattern (``str.isprintable``): it still replaces
exactly what the pattern finds, no more, no less."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from itinerary.display import CONTROL, JSON_UNSAFE, json_for_terminal, printable

# What the pattern is about, what it passes (tab, newline, spaces that are not printable to
# Python), and ordinary text of every script.
HOSTILE = st.sampled_from(
    ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\ud800", "\udfff"]
)
PASSED = st.sampled_from(["\t", "\n", " ", "\xa0", "\u2028", "\u3000", "\u200b", "\ufeff"])
TEXT = st.lists(st.one_of(HOSTILE, PASSED, st.characters(), st.text(max_size=3))).map("".join)


@given(TEXT)
def test_printable_replaces_what_the_pattern_finds(text):
    replaced = re.sub(CONTROL, "\N{REPLACEMENT CHARACTER}", text)
    assert printable(text) == replaced
    assert printable(text, single_line=True) == " ".join(replaced.split())


@given(TEXT)
def test_json_for_terminal_escapes_what_the_pattern_finds(text):
    escaped = re.sub(JSON_UNSAFE, lambda match: f"\\u{ord(match[0]):04x}", text)
    assert json_for_terminal(text) == escaped.replace("\x7f", "\\u007f")
