"""The program store: validated programs kept in SQLite, so that a big program reopens quickly.

Parsing YAML in Python is slow on big programs (about 3 s for 20,000 items and 16 MB, most of
it in PyYAML's Python-side resolver and constructor, even with libyaml), and validating any
program means importing pydantic, so a program is also kept, once validated, in
``paths.program_cache_dir()``: one SQLite
database an entry, named by its key, laid out by ``store_tables``, which reads one back as the
``Program`` validation would have left, without validating again (nor importing pydantic):
about six times as quick as validating its JSON (``benchmarks/store.py``).

What is read back is trusted only when it says it is for this key: the digest of the store's
schema version, the program format version, the venue zone and the file's bytes; and only
when it holds what it held when written (its name ends in a digest of its bytes). An entry that
is not a regular file (a link, a pipe, a device), was changed since, is not a whole SQLite
database, is of another schema or says another key is passed over, and rebuilt from the file.
An entry is written to a temporary file beside it and renamed into place; only the newest
CACHE_KEEP entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from itinerary import __version__, store_tables
from itinerary.files import TooLarge, read_at_most
from itinerary.model import FORMAT_VERSION, Item, Program
from itinerary.paths import program_cache_dir

# Every program is kept, however small: validating even ES-FoMo's 72 items means importing
# pydantic and building the program's validator, which takes longer than all the rest of
# `itinerary list`; reading the store takes a millisecond. (Tests raise it to keep small
# programs out.)
CACHE_FROM_BYTES = 0
CACHE_KEEP = 20
# Twice the largest program file load_program accepts (program.MAX_PROGRAM_BYTES, 256 MiB): a
# store is smaller than the YAML it came from.
MAX_CACHE_BYTES = 512 * 1024 * 1024
_SQLITE_HEADER = b"SQLite format 3\0"
# A program's entry is NAME.sqlite; the words of its items, for searches, NAME.words.sqlite.
_ENTRY_NAME = re.compile(r"^[0-9a-f]{40}-[^/]+-[0-9a-f]{32}(\.words)?\.sqlite$")
PROGRAM, WORDS = "", ".words"
_NOT_AN_ENTRY = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, OverflowError)


@dataclass(frozen=True)
class CacheKey:
    """What a store entry is for: a file's bytes, read with a given venue zone."""

    data: bytes
    digest: str  # of the versions, the zone and the bytes; kept in the entry, checked on reading


def cache_key(data: bytes, conference_zone: str | None) -> CacheKey:
    # The versions, then the zone, each ended by NUL (which no zone name holds), then the
    # bytes: no two different (versions, bytes, zone) give the same input.
    versions = f"itinerary-store {store_tables.STORE_SCHEMA} format {FORMAT_VERSION}\0".encode()
    digest = hashlib.sha256(versions + (conference_zone or "").encode() + b"\0")
    digest.update(data)  # (not joined to the rest first: a copy of 80 MB at 100,000 items)
    return CacheKey(data, digest.hexdigest())


def content_digest(image: bytes) -> str:
    return hashlib.sha256(image).hexdigest()[:32]


def _stem(key: CacheKey) -> str:
    return f"{key.digest[:40]}-{__version__}"


def _kind(name: str) -> str | None:
    """PROGRAM or WORDS for a name of the store's own, None for any other."""
    named = _ENTRY_NAME.match(name)
    return None if named is None else named.group(1) or PROGRAM


def entry_path(key: CacheKey, image: bytes, kind: str = PROGRAM) -> Path:
    """Where the entry for ``key`` holding ``image`` is kept: its name ends in a digest of its
    bytes, so that an entry changed after it was written (still a valid database, with the
    right key) is not what its name says, and is not read."""
    return program_cache_dir() / f"{_stem(key)}-{content_digest(image)}{kind}.sqlite"


def entries_for(key: CacheKey, kind: str = PROGRAM) -> list[Path]:
    """The entries named for ``key``, newest first (one, unless a write was cut short)."""
    folder = program_cache_dir()
    prefix = _stem(key) + "-"
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and _kind(n) == kind]
    except OSError:
        return []
    paths = [folder / name for name in names]
    return sorted(paths, key=lambda p: p.lstat().st_mtime, reverse=True)


def worth_caching(data: bytes) -> bool:
    """Whether a program file this size is kept (every one, as CACHE_FROM_BYTES says)."""
    return len(data) >= CACHE_FROM_BYTES


# --- writing -----------------------------------------------------------------------------------


def write_entry(key: CacheKey, program: Program) -> None:
    """Keep ``program`` as the entry for ``key``, and its words beside it; then the newest
    CACHE_KEEP entries only. Never fails: a store that cannot be written only costs time (and
    without its words, a search looks at the items themselves)."""
    folder = program_cache_dir()
    if folder.is_symlink():
        return  # a folder that is not ours is not written into
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_database(
            key, PROGRAM, lambda into: store_tables.fill_store(into, key.digest, program)
        )
        with contextlib.suppress(OSError, sqlite3.Error):  # (an SQLite without FTS5, say)
            _write_database(
                key, WORDS, lambda into: store_tables.fill_words(into, key.digest, program)
            )
        _sync_folder(folder)
        _keep_newest(folder)
    except (OSError, sqlite3.Error):
        pass  # a store that cannot be written only costs time


def _write_database(key: CacheKey, kind: str, fill: Callable[[sqlite3.Connection], None]) -> None:
    """A database ``fill`` writes, put in place as ``key``'s entry of ``kind``: written to a
    temporary file beside it, then renamed over whatever had its name."""
    import tempfile  # only when writing: a program read from the store needs none

    handle, temporary = tempfile.mkstemp(dir=program_cache_dir(), prefix=".", suffix=".partial")
    try:
        os.close(handle)
        connection = sqlite3.connect(temporary)
        try:
            # One writer, on a file nobody reads yet: no journal; the rename is the commit.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            fill(connection)
        finally:
            connection.close()
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
            path = entry_path(key, written.read(), kind)
        older = [entry for entry in entries_for(key, kind) if entry != path]
        # A rename replaces whatever has the name (a link, a pipe), never writing through it.
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    for entry in older:  # this key's earlier entries (or whatever took their names)
        entry.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _keep_newest(folder: Path) -> None:
    """The newest CACHE_KEEP programs' entries, and the words of those; only entries of the
    store's own naming are ever removed."""
    named = [(path, _kind(path.name)) for path in folder.glob("*.sqlite")]
    programs = sorted(
        (path for path, kind in named if kind == PROGRAM),
        key=lambda p: p.lstat().st_mtime,
        reverse=True,
    )
    for old in programs[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
    kept = {path.name.rsplit("-", 1)[0] for path in programs[:CACHE_KEEP]}
    for path, kind in named:
        if kind == WORDS and path.name.rsplit("-", 1)[0] not in kept:
            path.unlink(missing_ok=True)


def remember_program(data: bytes, program: Program) -> None:
    """Store ``program`` as what the program file ``data`` holds (``convert`` calls it for the
    file it has just written, so that its first open is as fast as a reopen)."""
    if worth_caching(data):
        write_entry(cache_key(data, None), program)  # as `--program FILE` opens it


# --- reading -----------------------------------------------------------------------------------


def read_entry(key: CacheKey) -> Program | None:
    """The program the store keeps for ``key``, or None. An entry is read like any file from
    outside (a regular file, not through a link, bounded), opened from memory, and used only if
    it is a whole database of this schema that says it is for this key."""
    if not worth_caching(key.data):
        return None
    image = _image(key, PROGRAM)
    try:
        return None if image is None else read_store(image, key)
    except _NOT_AN_ENTRY:  # not a database, damaged, or not what this module wrote
        return None


def _image(key: CacheKey, kind: str) -> bytes | None:
    """The bytes of ``key``'s newest entry of ``kind``, if it is a regular file holding what its
    name says."""
    if not hasattr(sqlite3.Connection, "deserialize"):
        return None  # (Python 3.10 has no deserialize: it reads the file itself)
    for path in entries_for(key, kind)[:1]:
        try:
            image = read_at_most(path, MAX_CACHE_BYTES, regular_only=True, follow_symlinks=False)
        except (OSError, TooLarge):  # unreadable, a link, a pipe, a device
            return None
        return image if path == entry_path(key, image, kind) else None  # else changed since
    return None


def read_store(image: bytes, key: CacheKey) -> Program | None:
    """The program in the SQLite database ``image`` if it is the entry for ``key``, else None.
    sqlite3.Error or ValueError when it is damaged. The database stays open, in memory, for
    the program's abstracts."""
    connection = _database(image, key)
    if connection is None:
        return None
    try:
        return store_tables.read_program(connection)  # which now holds the connection
    except BaseException:
        connection.close()
        raise


def _database(image: bytes, key: CacheKey) -> sqlite3.Connection | None:
    """``image`` opened in memory if it is a whole database of the store's that says it is for
    ``key``. Any thread may use it (the planner's search index is made in a worker)."""
    if not image.startswith(_SQLITE_HEADER):  # (an empty image is a MemoryError to sqlite3)
        return None
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        # Python 3.11 on (_image checks); mypy checks for 3.10.
        connection.deserialize(image)  # type: ignore[attr-defined,unused-ignore]
        if _is_entry_for(connection, len(image), key):
            return connection
    except BaseException:
        connection.close()
        raise
    connection.close()
    return None


def _is_entry_for(connection: sqlite3.Connection, size: int, key: CacheKey) -> bool:
    (schema,) = connection.execute("PRAGMA user_version").fetchone()
    (pages,) = connection.execute("PRAGMA page_count").fetchone()
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    layout = store_tables.STORE_SCHEMA
    if schema != layout or pages * page_size != size:  # another schema, or cut short
        return False
    said = connection.execute("SELECT key, schema, format FROM meta").fetchall()
    return said == [(key.digest, layout, FORMAT_VERSION)]


class StoredWords:
    """A search of a program's words in the store (``search.SearchIndex`` asks it before
    making a haystack of every item): the words entry beside the program's, read when first
    searched, or sooner (``open``, in the planner's worker). None from a search when there is
    none to trust."""

    def __init__(self, digest: str, items: tuple[Item, ...]) -> None:
        self._key = CacheKey(b"", digest)  # (not the file's bytes: only its digest is needed)
        self._items = items  # the program's, in its order: the index gives their positions
        self._connection: sqlite3.Connection | None = None
        self._opened = False
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock:
            self._open()

    def _open(self) -> None:
        if not self._opened:
            self._opened = True
            image = _image(self._key, WORDS)
            with contextlib.suppress(*_NOT_AN_ENTRY):
                self._connection = None if image is None else _database(image, self._key)

    def __call__(self, words: tuple[str, ...]) -> frozenset[str] | None:
        with self._lock:
            self._open()
            if self._connection is None:
                return None
            try:
                return store_tables.ids_matching(self._connection, words, self._items)
            except _NOT_AN_ENTRY:  # damaged: search the items themselves from now on
                self._connection.close()
                self._connection = None
                return None

    def __reduce__(self) -> tuple[object, ...]:
        # A copied program searches the same entry (a copy opens it again, when first asked).
        return (StoredWords, (self._key.digest, self._items))
