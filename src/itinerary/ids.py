"""Item ids as people type them: the start of a long id for the whole, and the ids close to a
mistyped one, for "did you mean"."""

from __future__ import annotations

from collections.abc import Collection, Iterable

# As git takes a commit's abbreviation: shorter prefixes pick an item by accident too easily.
MIN_ID_PREFIX = 4


def expand_id(typed: str, known: Collection[str]) -> str | list[str]:
    """The id ``typed`` names: itself when known, else the one known id it is the start of (at
    least MIN_ID_PREFIX characters: ``794a4f27`` for a long guid). Otherwise the ids it is the
    start of, sorted: none when it names nothing, several when it is ambiguous."""
    if typed in known:
        return typed
    if len(typed) < MIN_ID_PREFIX:
        return []
    starting = sorted(name for name in known if name.startswith(typed))
    return starting[0] if len(starting) == 1 else starting


def closest_ids(wanted: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Ids that contain what was typed, then those that look like it: for "did you mean"."""
    import difflib  # only for a mistyped id: every command imports this module

    known = list(known)
    containing = [name for name in known if wanted and wanted in name]
    similar = difflib.get_close_matches(wanted, known, n=limit, cutoff=0.6)
    return list(dict.fromkeys(containing + similar))[:limit]
