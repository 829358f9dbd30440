"""The key table (``tui.actions``) made into what Textual and the person see: each screen's
bindings (and so its footer), the help screen's lines and the command palette's entries."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from itinerary.tui.actions import ACTIONS, Action, Where

_WHERE_SAID = {"itinerary": " (in my itinerary)", "day": " (day view)", "now": " (in now/next)"}
_KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "Escape", "enter": "Enter"}


def _binding(entry: Action, prefix: str = "") -> Binding:
    return Binding(
        entry.keys,
        prefix + entry.action,
        entry.label,
        show=entry.footer is not None,
        tooltip=entry.description,
    )


def bindings(where: Where) -> list[BindingType]:
    """The bindings of the App (``"app"``) or of a screen, in the footer's order. A screen binds
    the App's keys too (``app.help``), so that its footer shows them in their place among its
    own; the App's own bindings are what is left on screens without a table (loading)."""
    entries = [
        entry
        for entry in ACTIONS
        if entry.action and (entry.where == where or (entry.where == "app"))
    ]
    entries.sort(key=lambda entry: entry.footer if entry.footer is not None else 1000)
    return [
        _binding(entry, "app." if entry.where == "app" and where != "app" else "")
        for entry in entries
    ]


def help_lines() -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen, in the table's order."""
    lines = []
    for entry in ACTIONS:
        if not entry.help:
            continue
        keys = entry.help_keys or " / ".join(
            _KEY_NAMES.get(key, key) for key in entry.keys.split(",")
        )
        keys += _WHERE_SAID.get(entry.where, "")
        lines.append((keys, entry.help))
    return lines


def palette_entries(where: Where) -> list[Action]:
    """What the command palette offers on a screen: its actions and the App's, in table order."""
    return [entry for entry in ACTIONS if entry.palette and entry.where in (where, "app")]
