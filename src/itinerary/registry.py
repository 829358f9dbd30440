"""The programs a person follows: where each came from, its copies, and which one is current.

``<home>/programs/registry.json`` lists them: for each, its source (a URL or a file), the HTTP
validators exactly as the server sent them, the venue zone given for it (``--program-tz``),
when it was last checked, and two copies of the schedule as it was fetched, kept in
``<home>/programs/<id>/`` under the digest of their bytes: the current one, and the one the
person last *saw* (what the change report compares with). A copy is opened like any program
file, so a big one comes back from the program store (``program_store``) at once.

Every change is made under one lock and written atomically (``files``): a copy first (under a
new name, so nothing refers to it yet), then the registry; a crash leaves the old registry or
the new. A registry that cannot be read is moved aside, said, and a new one begun: never
emptied in place. ES-FoMo, shipped inside the package, is always there and is the default.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from itinerary.errors import NotFoundError, StorageError
from itinerary.files import (
    NotARegularFile,
    TooLarge,
    move_aside,
    read_at_most,
    write_atomically,
)
from itinerary.ids import closest_ids
from itinerary.model import Aware, Item, Kind, Program, Slug
from itinerary.paths import programs_dir
from itinerary.program import PROGRAM_ENV, default_program_path
from itinerary.validation import CLOSED, Check, dump, validate, validate_or

if TYPE_CHECKING:
    import filelock

REGISTRY_FORMAT = 1
REGISTRY_NAME = "registry.json"
BUILTIN_ID = "es-fomo-2023"  # the shipped program's id (a test checks it)
MAX_REGISTRY_BYTES = 16 * 1024 * 1024
LOCK_TIMEOUT_SECONDS = 15
# Cancelled items remembered per program (for the calendar's STATUS:CANCELLED): far more than
# a conference cancels.
MAX_RETIRED = 5000


@dataclass(frozen=True, kw_only=True)
class RetiredItem:
    """An item that was in an earlier version and is gone now: enough to cancel its event."""

    __pydantic_config__ = CLOSED

    id: Slug
    kind: Kind
    title: str
    start: Aware
    end: Aware
    room: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, item: Item) -> RetiredItem:
        return cls(
            id=item.id, kind=item.kind, title=item.title, start=item.starts, end=item.ends,
            room=item.room, url=item.url,
        )  # fmt: skip

    def as_item(self) -> Item:
        return Item(
            id=self.id, kind=self.kind, title=self.title, start=self.start, end=self.end,
            room=self.room, url=self.url,
        )  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One program followed."""

    __pydantic_config__ = CLOSED

    id: Slug
    source: Annotated[str, Check(description="An http(s) URL, or the absolute path of a file.")]
    program: Annotated[
        Slug, Check(description="The program's own id: the stars are kept under it.")
    ]
    title: str
    venue_zone: str
    first_start: Aware
    last_end: Aware
    items: int = 0
    zone: Annotated[str | None, Check(description="--program-tz given for it.")] = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    added: Aware
    checked: Aware | None = None
    updated: Aware | None = None
    copy_name: Annotated[str, Check(description="The current copy, named by its digest.")]
    seen_name: Annotated[str, Check(description="The copy the person last saw the changes of.")]
    retired: dict[str, RetiredItem] = field(default_factory=dict)

    @property
    def from_url(self) -> bool:
        return self.source.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, kw_only=True)
class Registry:
    __pydantic_config__ = CLOSED

    format: Literal[1] = 1
    current: str | None = None
    programs: dict[str, Entry] = field(default_factory=dict)

    def entry(self, registry_id: str) -> Entry:
        """The entry, or NotFoundError naming the closest ids."""
        if registry_id in self.programs:
            return self.programs[registry_id]
        known = [BUILTIN_ID, *self.programs]
        close = closest_ids(registry_id, known)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        listed = ", ".join(known)
        raise NotFoundError(f"no program {registry_id!r} is registered{hint}; there are: {listed}")

    @property
    def current_id(self) -> str:
        return self.current if self.current in self.programs else BUILTIN_ID


def copy_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def retire(
    entry_retired: dict[str, RetiredItem], old: Program, new: Program
) -> dict[str, RetiredItem]:
    """Items of ``old`` gone from ``new`` are remembered; items back in ``new`` are not."""
    retired = {k: v for k, v in entry_retired.items() if k not in new.by_id}
    for item in old.items:
        if item.id not in new.by_id and item.start is not None:
            retired[item.id] = RetiredItem.of(item)
    return dict(list(retired.items())[-MAX_RETIRED:])


class ProgramRegistry:
    """The registry on disk: read it, change it under its lock, keep its copies."""

    def __init__(self, home: Path | None = None) -> None:
        self.directory = programs_dir(home)
        self.path = self.directory / REGISTRY_NAME
        self._lock: filelock.FileLock | None = None  # made when first needed (see locked)
        self.notices: list[str] = []

    def load(self) -> Registry:
        try:
            return self._read()
        except _Unreadable:
            with self.locked():
                return self._read_or_set_aside()

    def update(self, change: Callable[[Registry], Registry]) -> Registry:
        """Apply ``change`` to the registry on disk, under the lock, and save it at once (the
        caller holds the lock already when it has written a copy first)."""
        with self.locked():
            return self.update_locked(change)

    def read_locked(self) -> Registry:
        """The registry on disk, for a caller holding the lock."""
        return self._read_or_set_aside()

    def update_locked(self, change: Callable[[Registry], Registry]) -> Registry:
        current = self._read_or_set_aside()
        changed = change(current)
        if changed != current:
            import orjson

            changed = validate(Registry, changed)  # the limits of reading, kept on writing
            write_atomically(self.path, orjson.dumps(dump(changed), option=orjson.OPT_INDENT_2))
            self._collect(changed)
        return changed

    def copy_path(self, entry: Entry, name: str | None = None) -> Path:
        return self.directory / entry.id / (name or entry.copy_name)

    def write_copy(self, registry_id: str, data: bytes) -> str:
        """Keep ``data`` as a copy of the program ``registry_id`` (under the lock); its name."""
        name = copy_digest(data)
        folder = self.directory / registry_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"cannot create {folder}: {error.strerror or error}") from None
        write_atomically(folder / name, data)
        return name

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        import filelock  # only when something is written: as the state store does

        if self._lock is None:
            self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"cannot create {self.directory}: {error.strerror or error}"
            ) from None
        try:
            self._lock.acquire(poll_interval=0.005)
        except filelock.Timeout:
            raise StorageError(
                f"{self.path} stayed locked by another itinerary for {LOCK_TIMEOUT_SECONDS} s; "
                "nothing was changed"
            ) from None
        except OSError as error:
            raise StorageError(
                f"cannot lock {self._lock.lock_file}: {error.strerror or error}; "
                "nothing was changed"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _read(self) -> Registry:
        try:
            data = read_at_most(self.path, MAX_REGISTRY_BYTES, regular_only=True)
        except FileNotFoundError:
            return Registry()
        except (TooLarge, NotARegularFile):
            raise _Unreadable(
                "it is not a registry file (too large, or not a regular file)"
            ) from None
        except OSError as error:
            raise StorageError(f"cannot read {self.path}: {error.strerror or error}") from None
        import orjson

        try:
            content = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            raise _Unreadable(f"it is not JSON: {error}") from None
        version = content.get("format") if isinstance(content, dict) else None
        if isinstance(version, int) and version > REGISTRY_FORMAT:
            raise StorageError(
                f"{self.path} was written by a newer itinerary (registry format {version}); "
                "upgrade itinerary; the file was left as it is"
            )
        return validate_or(Registry, content, _Unreadable)

    def _read_or_set_aside(self) -> Registry:
        try:
            return self._read()
        except _Unreadable as why:
            aside = move_aside(self.path, why)
            self.notices.append(
                f"the list of your programs in {self.path} could not be read ({why}); it was "
                f"moved to {aside} and a new list was begun (the copies are still in "
                f"{self.directory}; add the programs again)"
            )
            return Registry()

    def _collect(self, registry: Registry) -> None:
        """Copies nothing refers to any more (an older version, a removed program) go."""
        for folder in self.directory.iterdir():
            if not folder.is_dir() or folder.is_symlink():
                continue
            entry = registry.programs.get(folder.name)
            keep = {entry.copy_name, entry.seen_name} if entry else set()
            for copy in folder.iterdir():
                if copy.name not in keep and (len(copy.name) == 32 or copy.name.endswith(".tmp")):
                    with contextlib.suppress(OSError):
                        copy.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty


class _Unreadable(Exception):
    """A registry file that exists but cannot be read as one."""


@dataclass(frozen=True)
class ProgramChoice:
    """Which program a command opens: a file, with its venue zone, and its entry if followed."""

    path: Path
    zone: str | None
    entry: Entry | None = None
    registry_id: str = BUILTIN_ID
    zone_given: bool = False  # --program-tz given now (to remember for the entry)


def choose_program(
    explicit: str | None, zone_option: str | None, folders: ProgramRegistry, registry: Registry
) -> ProgramChoice:
    """``--program`` (a registered id, else a path), else ``$ITINERARY_PROGRAM`` (the same),
    else the current program, else ES-FoMo. ``./NAME`` names a file even where an id is NAME."""
    if explicit is not None and not str(explicit):
        raise StorageError("--program: give a registered program's id or the path of a file")
    named = explicit if explicit is not None else os.environ.get(PROGRAM_ENV) or None
    if named is None:
        named = registry.current_id
    if named == BUILTIN_ID and BUILTIN_ID not in registry.programs:
        return ProgramChoice(
            default_program_path(), zone_option, zone_given=zone_option is not None
        )
    if named in registry.programs:
        entry = registry.programs[named]
        return ProgramChoice(
            folders.copy_path(entry),
            zone_option or entry.zone,
            entry,
            entry.id,
            zone_given=zone_option is not None and zone_option != entry.zone,
        )
    return ProgramChoice(
        Path(named), zone_option, registry_id="", zone_given=zone_option is not None
    )


def program_span(program: Program) -> tuple[datetime, datetime]:
    items = program.in_time_order
    if not items:
        raise StorageError(f"program {program.id!r} has no items: nothing to follow")
    return items[0].starts, max(item.ends for item in items)
