"""Ids for an imported program and its items, made from what the file calls them (an event's
guid or UID, the conference's acronym), so that re-importing a newer version of the same file
gives the same ids and stars survive it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from itinerary.errors import ProgramError
from itinerary.importers.problems import Problems
from itinerary.importers.records import Event
from itinerary.model import MAX_SLUG_LENGTH, SLUG_CHARACTERS, SLUG_RULE, is_slug

PROGRAM_ID_LENGTH = 60

_NOT_IN_ID = re.compile(f"[^{SLUG_CHARACTERS}]+")
_NOT_IN_PROGRAM_ID = re.compile(r"[^a-z0-9]+")


def choose_key(candidates: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """The first ``(name, value)`` with a value: what an event's id is made from."""
    return next(((name, value) for name, value in candidates if value), candidates[-1])


def _ascii_lower(text: str) -> str:
    """Lowercase ASCII, accents dropped (``Löten`` → ``loten``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.lower()


def short_hash(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def item_slug(key: str) -> str:
    """The id made from an event's key (its guid or UID): the same key always gives the same
    id, so stars survive a re-import. Lowercase; runs of characters other than ``a-z0-9._-``
    become ``-``; trimmed. An empty result is a short hash of the key; an over-long one keeps
    its first characters and ends in a short hash of the whole key.

    This function is part of the ids' contract: changing it changes every imported id.
    """
    slug = _NOT_IN_ID.sub("-", _ascii_lower(key)).strip("-._")
    if not slug:
        return short_hash(key)
    if len(slug) > MAX_SLUG_LENGTH:
        return slug[: MAX_SLUG_LENGTH - 13].rstrip("-._") + "-" + short_hash(key)
    return slug


def program_slug(text: str) -> str:
    """A readable program id from an acronym or a title: ``DebConf 23`` → ``debconf-23``."""
    slug = _NOT_IN_PROGRAM_ID.sub("-", _ascii_lower(text)).strip("-")
    return slug[:PROGRAM_ID_LENGTH].rstrip("-")


def checked_program_id(given: str) -> str:
    """An id given with --id, for any kind of program; ProgramError when it is not one."""
    if not is_slug(given):
        raise ProgramError([f"--id: {given!r} is not a valid program id ({SLUG_RULE})"])
    return given


def choose_program_id(given: str | None, names: Sequence[str]) -> str:
    """``given`` (``--id``) if it is one, else the id made from the first of ``names`` (the
    acronym, the title, the file's name) that gives one."""
    if given is not None:
        return checked_program_id(given)
    return next((slug for name in names if (slug := program_slug(name))), "imported-program")


def _with_suffix(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-._") + suffix


def assign_ids(events: Sequence[Event]) -> list[str]:
    """One unique id per event, the same on every import of the same file.

    Events whose keys give the same slug (one guid used for several slots of a submission, or
    keys differing only in case) are ordered by key (one already in lowercase first), then
    start, end, title and room: the first keeps the bare slug, the next ones get ``-2``,
    ``-3``… (skipping any id another event has). So the earliest slot of a submission keeps
    its id when later slots are added.
    """
    bases = [item_slug(event.key) for event in events]
    taken = set(bases)
    groups: dict[str, list[int]] = {}
    for index, base in enumerate(bases):
        groups.setdefault(base, []).append(index)
    ids = list(bases)
    for base in sorted(groups):
        members = groups[base]
        if len(members) == 1:
            continue
        members.sort(
            key=lambda i: (
                events[i].key != events[i].key.lower(),
                events[i].key,
                events[i].start,
                events[i].end,
                events[i].title,
                events[i].room or "",
            )
        )
        number = 2
        for index in members[1:]:
            while (candidate := _with_suffix(base, number)) in taken:
                number += 1
            taken.add(candidate)
            ids[index] = candidate
            number += 1
    return ids


def warn_shared_keys(events: Sequence[Event], ids: Sequence[str], problems: Problems) -> None:
    """Say which keys several events share, and the ids their later slots were given."""
    counts = Counter(event.key for event in events)
    shared = [key for key, count in counts.items() if count > 1]
    if not shared:
        return
    first = next(event for event in events if event.key == shared[0])
    renamed = sorted(
        item_id
        for event, item_id in zip(events, ids, strict=True)
        if event.key in shared and item_id != item_slug(event.key)
    )
    problems.warn(
        first.line,
        f"{len(shared)} {first.key_name}(s) are used by more than one event (one submission in "
        f"several slots), e.g. {first.key_name} {shared[0]}; each slot is kept, the first (by "
        f"time) with the bare id, the later ones with -2, -3…: {', '.join(renamed[:4])}"
        f"{' …' if len(renamed) > 4 else ''}",
    )
