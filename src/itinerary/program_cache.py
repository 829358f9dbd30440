"""The program cache: validated programs kept as JSON, so that a big program reopens quickly.

Parsing YAML in Python is slow on big programs (about 3 s for 20,000 items and 16 MB, most of
it in PyYAML's Python-side resolver and constructor, even with libyaml), so a program over
CACHE_FROM_BYTES is also kept, once validated, as JSON in ``paths.program_cache_dir()``, keyed
by the hash of its bytes: the next start validates that JSON instead, in a fraction of a second.
An entry is ``<digest of zone and bytes> <digest of the JSON>``, a line break, then the JSON;
only the newest CACHE_KEEP entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from itinerary import __version__
from itinerary.errors import ItineraryError
from itinerary.files import TooLarge, read_at_most, write_atomically
from itinerary.model import Program
from itinerary.paths import program_cache_dir

CACHE_FROM_BYTES = 1024 * 1024
CACHE_KEEP = 20
# Twice the largest program file load_program accepts (program.MAX_PROGRAM_BYTES, 256 MiB): its
# JSON is about the size of the YAML it came from.
MAX_CACHE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class CacheKey:
    """What a cache entry is for: a file's bytes, read with a given venue zone."""

    data: bytes
    digest: str  # of the zone and the bytes; written in the entry, checked when it is read


def cache_key(data: bytes, conference_zone: str | None) -> CacheKey:
    # The zone first, then NUL (which no zone name holds), then the bytes: no two different
    # (bytes, zone) pairs give the same input.
    digest = hashlib.sha256((conference_zone or "").encode() + b"\0" + data).hexdigest()
    return CacheKey(data, digest)


_ENTRY_NAME = re.compile(r"^[0-9a-f]{40}-[^/]+\.json$")


def _entry_line(key: CacheKey, dumped: bytes) -> bytes:
    """An entry's first line: what it is for, and a digest of what it holds."""
    return f"{key.digest} {hashlib.sha256(dumped).hexdigest()}".encode()


def _cache_path(key: CacheKey) -> Path:
    return program_cache_dir() / f"{key.digest[:40]}-{__version__}.json"


def worth_caching(data: bytes) -> bool:
    """Whether a program file this size is kept: reading a small one is as quick as the cache."""
    return len(data) >= CACHE_FROM_BYTES


def read_entry(key: CacheKey) -> Program | None:
    """The program the cache keeps for ``key``, or None. An entry is read like any file from
    outside (a regular file, not through a link, bounded) and used only if it says it is for
    this key and holds what it held when written: one copied over from another program, or
    changed since, is passed over."""
    if not worth_caching(key.data):
        return None
    try:
        entry = read_at_most(
            _cache_path(key), MAX_CACHE_BYTES, regular_only=True, follow_symlinks=False
        )
    except (OSError, TooLarge):  # absent, unreadable, a link, a pipe, a device
        return None
    said, _, dumped = entry.partition(b"\n")
    if said != _entry_line(key, dumped):  # another program's, or damaged since
        return None
    try:
        return Program.model_validate_json(dumped)
    except ValueError:  # stale or damaged: parse the file itself
        return None


def write_entry(key: CacheKey, dumped: bytes) -> None:
    """Keep ``dumped``, a validated program's JSON, as the entry for ``key``; then the newest
    CACHE_KEEP entries only. Never fails: a cache that cannot be written only costs time."""
    path = _cache_path(key)
    if len(dumped) > MAX_CACHE_BYTES or path.parent.is_symlink():
        return  # one that could not be read back, or a folder that is not ours, is not written
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # What is there and is not a file of ours (a link, a pipe) goes: write_atomically would
        # write through it, as it does for a file the person names.
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
        write_atomically(path, _entry_line(key, dumped) + b"\n" + dumped)
        # Only entries of the cache's own naming are ever removed.
        entries = [p for p in path.parent.glob("*.json") if _ENTRY_NAME.match(p.name)]
        kept = sorted(entries, key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, ItineraryError):
        pass  # a cache that cannot be written only costs time


def remember_program(data: bytes, program: Program) -> None:
    """Cache ``program`` as what the program file ``data`` holds (``convert`` calls it for the
    file it has just written, so that its first open is as fast as a reopen)."""
    if worth_caching(data):
        # As `--program FILE` opens it: the file names its zone.
        write_entry(cache_key(data, None), program.model_dump_json().encode("utf-8"))
