"""Following a conference: add a program by its URL (or a file), update it, switch, remove it,
and mark its changes seen. Both faces call these; the registry (``registry``) keeps the result.

A new version is fetched (``fetch``) and parsed before anything is written; a broken one, or
one of another conference, leaves the stored copy as it was and says why. A ``304``, the same
bytes, or bytes that parse to the same program are "unchanged" (a server that answers ``200``
to its own ETag, or weakens it to ``W/"…"``, changes nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from itinerary.changes import ChangeReport, compare
from itinerary.errors import ItineraryError, ProgramError
from itinerary.fetch import Fetched, FetchError, fetch, is_url
from itinerary.model import Program, is_slug
from itinerary.program import load_program, program_from_bytes, read_program_bytes
from itinerary.registry import (
    BUILTIN_ID,
    Entry,
    ProgramRegistry,
    Registry,
    copy_digest,
    program_span,
    retire,
)
from itinerary.storage import StateStore
from itinerary.timezones import get_zone

BEFORE_EVERY = timedelta(days=1)  # checked once a day before the conference
DURING_EVERY = timedelta(hours=2)  # and every two hours while it runs; never after


class UpdateRefused(ItineraryError):
    """A new version that was not taken (broken, or another conference): the copy stays."""


@dataclass(frozen=True)
class UpdateOutcome:
    entry: Entry
    status: Literal["unchanged", "updated"]
    how: str  # "not modified (304)", "the same program", "new version"
    fetched: Fetched


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(timezone.utc)).replace(microsecond=0)


def read_source(source: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """The program's bytes from a URL (conditionally) or a file."""
    if is_url(source):
        return fetch(source, etag, last_modified)
    data = read_program_bytes(Path(source))
    return Fetched(source, source, 200, data, None, None)


def open_copy(folders: ProgramRegistry, entry: Entry, name: str | None = None) -> Program:
    """A stored copy as a program (from the program store when it is a big one)."""
    return load_program(folders.copy_path(entry, name), entry.zone)


def add_program(
    source: str,
    registry_id: str | None = None,
    zone: str | None = None,
    *,
    folders: ProgramRegistry | None = None,
    now: datetime | None = None,
) -> tuple[Entry, Program, Fetched]:
    """Read, validate and keep the program at ``source``, and make it the current one."""
    folders = folders or ProgramRegistry()
    if zone is not None:
        get_zone(zone)
    if registry_id is not None and not is_slug(registry_id):
        raise ItineraryError(
            f"--id {registry_id!r}: use lowercase letters, digits, '.', '_' and '-'; "
            "nothing was added"
        )
    if not is_url(source):
        if "://" in source:
            raise ItineraryError(
                f"{source}: only http:// and https:// URLs are read (or give a file); "
                "nothing was added"
            )
        source = str(Path(source).resolve()) if Path(source).exists() else source
    _refuse_taken(folders.load(), registry_id, source)
    fetched = read_source(source)
    if fetched.data is None:  # a 304 to a request that sent no validators
        raise FetchError(f"{source}: the server answered 304 Not Modified to a first request")
    program = program_from_bytes(fetched.data, source, zone)
    rid = registry_id or program.id
    start, end = program_span(program)
    moment = _now(now)
    with folders.locked():
        _refuse_taken(folders.read_locked(), rid, source)
        name = folders.write_copy(rid, fetched.data)
        entry = Entry(
            id=rid, source=source, program=program.id, title=program.title,
            venue_zone=program.timezone, first_start=start, last_end=end,
            items=len(program.items), zone=zone, etag=fetched.etag,
            last_modified=fetched.last_modified,
            final_url=fetched.final_url if fetched.redirected else None,
            added=moment, checked=moment, updated=moment, copy_name=name, seen_name=name,
        )  # fmt: skip
        folders.update_locked(
            lambda registry: replace(
                registry, programs={**registry.programs, rid: entry}, current=rid
            )
        )
    return entry, program, fetched


def _refuse_taken(registry: Registry, registry_id: str | None, source: str) -> None:
    if registry_id == BUILTIN_ID:
        raise ItineraryError(
            f"{BUILTIN_ID!r} is the program shipped with itinerary; give another --id; "
            "nothing was added"
        )
    if registry_id in registry.programs:
        earlier = registry.programs[registry_id].source
        raise ItineraryError(
            f"a program {registry_id!r} is registered already (from {earlier}): "
            f"`itinerary update {registry_id}` fetches it again, or give another --id; "
            "nothing was added"
        )


def update_program(
    registry_id: str, *, folders: ProgramRegistry | None = None, now: datetime | None = None
) -> UpdateOutcome:
    """Ask the source for a new version; take it if it is one (and a valid program of the
    same conference). FetchError or UpdateRefused, with nothing changed, when not."""
    folders = folders or ProgramRegistry()
    registry = folders.load()
    entry = _followed(registry, registry_id)
    try:
        fetched = read_source(entry.source, entry.etag, entry.last_modified)
    except ProgramError as error:  # a file source that is gone or unreadable
        raise UpdateRefused(f"{error}; the stored copy is kept and still used") from None
    moment = _now(now)
    validators = {"etag": fetched.etag or entry.etag, "last_modified": fetched.last_modified
                  or entry.last_modified, "checked": moment,
                  "final_url": fetched.final_url if fetched.redirected else None}  # fmt: skip
    if fetched.data is None or copy_digest(fetched.data) == entry.copy_name:
        how = "not modified (304)" if fetched.data is None else "the same file"
        return UpdateOutcome(_save(folders, entry, validators), "unchanged", how, fetched)
    new = _parse_new(fetched, entry)
    try:
        old = open_copy(folders, entry)
    except ProgramError:  # the stored copy was deleted or damaged: the new one replaces it
        old = replace(new, items=())
    if new.id != old.id and new.title != old.title:
        raise UpdateRefused(
            f"{entry.source}: it now serves another conference ({new.title!r}, id {new.id!r}) "
            f"than {old.title!r} (id {old.id!r}); the stored copy is kept and still used"
        )
    if new == old:
        return UpdateOutcome(_save(folders, entry, validators), "unchanged", "the same program",
                             fetched)  # fmt: skip
    start, end = program_span(new)
    with folders.locked():
        name = folders.write_copy(entry.id, fetched.data)
        changed = {**validators, "copy_name": name, "updated": moment, "title": new.title,
                   "program": new.id, "venue_zone": new.timezone, "first_start": start,
                   "last_end": end, "items": len(new.items),
                   "retired": retire(entry.retired, old, new)}  # fmt: skip
        entry = _save(folders, entry, changed, locked=True)
    return UpdateOutcome(entry, "updated", "new version", fetched)


def _parse_new(fetched: Fetched, entry: Entry) -> Program:
    assert fetched.data is not None
    try:
        return program_from_bytes(fetched.data, entry.source, entry.zone)
    except ProgramError as error:
        first = error.problems[0] if error.problems else str(error)
        first = first.removeprefix(f"{entry.source}: ")  # said once, at the start
        more = len(error.problems) - 1
        extra = f" (and {more} more problems)" if more > 0 else ""
        raise UpdateRefused(
            f"{entry.source}: the new version is not a valid program: {first}{extra}; the "
            "stored copy is kept and still used"
        ) from None


def _save(
    folders: ProgramRegistry, entry: Entry, changes: Mapping[str, Any], *, locked: bool = False
) -> Entry:
    def change(registry: Registry) -> Registry:
        now = registry.programs.get(entry.id, entry)
        return replace(registry, programs={**registry.programs, entry.id: replace(now, **changes)})

    saved = folders.update_locked(change) if locked else folders.update(change)
    return saved.programs[entry.id]


def _followed(registry: Registry, registry_id: str) -> Entry:
    if registry_id == BUILTIN_ID and BUILTIN_ID not in registry.programs:
        raise ItineraryError(
            f"{BUILTIN_ID!r} is shipped with itinerary: it has no source to update from"
        )
    return registry.entry(registry_id)


def use_program(registry_id: str, *, folders: ProgramRegistry | None = None) -> Registry:
    folders = folders or ProgramRegistry()
    if registry_id != BUILTIN_ID:
        folders.load().entry(registry_id)  # NotFoundError, with the closest ids
    return folders.update(lambda registry: replace(registry, current=registry_id))


@dataclass(frozen=True)
class Removed:
    entry: Entry
    stars: int
    state_path: Path
    was_current: bool
    forgot_stars: bool


def remove_program(
    registry_id: str, *, forget_stars: bool = False, folders: ProgramRegistry | None = None
) -> Removed:
    """Forget a program's copies; its stars stay (in their state file) unless ``forget_stars``."""
    folders = folders or ProgramRegistry()
    if registry_id == BUILTIN_ID and BUILTIN_ID not in folders.load().programs:
        raise ItineraryError(f"{BUILTIN_ID!r} is shipped with itinerary: it cannot be removed")
    entry = folders.load().entry(registry_id)
    store = StateStore(entry.program)
    stars = len(store.load().stars)
    registry = folders.load()
    folders.update(
        lambda registry: replace(
            registry,
            programs={k: v for k, v in registry.programs.items() if k != entry.id},
            current=None if registry.current == entry.id else registry.current,
        )
    )
    if forget_stars:
        store.forget()
    return Removed(entry, stars, store.path, registry.current == entry.id, forget_stars)


def mark_seen(registry_id: str, *, folders: ProgramRegistry | None = None) -> Entry:
    """The person has seen the changes: the next report starts from the current version."""
    folders = folders or ProgramRegistry()
    entry = folders.load().entry(registry_id)
    if entry.seen_name == entry.copy_name:
        return entry
    return _save(folders, entry, {"seen_name": entry.copy_name})


def remember_zone(registry_id: str, zone: str, *, folders: ProgramRegistry | None = None) -> None:
    """``--program-tz`` given for a followed program is kept for it."""
    folders = folders or ProgramRegistry()
    entry = folders.load().entry(registry_id)
    if entry.zone != zone:
        _save(folders, entry, {"zone": zone})


def change_report(
    folders: ProgramRegistry,
    entry: Entry,
    starred: set[str],
    now: datetime | None = None,
    *,
    include_past: bool = False,
) -> ChangeReport:
    """What changed since the version the person last saw."""
    if entry.seen_name == entry.copy_name:
        return ChangeReport(entry.program)
    try:
        seen = open_copy(folders, entry, entry.seen_name)
    except ProgramError:  # the copy last seen was deleted by hand: nothing to compare with
        return ChangeReport(entry.program)
    current = open_copy(folders, entry)
    return compare(seen, current, starred, _now(now), include_past=include_past)


def check_due(entry: Entry | None, now: datetime | None = None) -> bool:
    """Whether the planner should check for a new version: a program from a URL, checked
    longer ago than a day before the conference, or two hours during it; never after."""
    if entry is None or not entry.from_url:
        return False
    moment = now or datetime.now(timezone.utc)
    if moment >= entry.last_end:
        return False
    every = DURING_EVERY if moment >= entry.first_start else BEFORE_EVERY
    return entry.checked is None or moment - entry.checked >= every
