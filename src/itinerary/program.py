"""Finding, loading and validating a program file, with errors that point at FILE:LINE:COLUMN."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from itinerary import __version__
from itinerary.datafile import parse_program
from itinerary.errors import ItineraryError, ProgramError
from itinerary.importers import detect_format, import_program
from itinerary.model import Program
from itinerary.storage import TooLarge, cache_dir, read_at_most, write_atomically
from itinerary.timezones import get_zone
from itinerary.yamlfile import Progress, collector_paused

PROGRAM_ENV = "ITINERARY_PROGRAM"
PROGRAM_FILE = "program.yaml"
# A program of 20,000 items with abstracts is about 20 MB; anything far larger is not a program.
MAX_PROGRAM_BYTES = 256 * 1024 * 1024


def default_program_path() -> Path:
    """The ES-FoMo program shipped with the package (or, in a source checkout, at its root)."""
    shipped = resources.files("itinerary").joinpath(PROGRAM_FILE)
    if shipped.is_file():
        return Path(str(shipped))
    # An editable install runs from src/: the one copy is at the repository root.
    return Path(__file__).resolve().parents[2] / PROGRAM_FILE


def resolve_program_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--program`` if given, else ``$ITINERARY_PROGRAM``, else the shipped program."""
    if explicit is not None:
        if not str(explicit):
            raise ProgramError(["--program: give the path of a program file"])
        return Path(explicit)
    if os.environ.get(PROGRAM_ENV):
        return Path(os.environ[PROGRAM_ENV])
    return default_program_path()


def load_program(
    path: str | os.PathLike[str],
    conference_zone: str | None = None,
    progress: Progress | None = None,
    as_json: Callable[[bytes], None] | None = None,
) -> Program:
    """Read and validate a program file: our YAML, or a frab/Pentabarf XML, c3voc/pretalx JSON
    or iCalendar schedule (told apart by content). ``conference_zone`` is the venue's zone for a
    foreign file that names none. Raise ProgramError listing every problem found.

    ``progress`` is told how far the YAML parser has read (a first open of a big program takes
    seconds; see ``quick_program``). ``as_json``, if given, receives the validated program as
    JSON as soon as there is one, before it is cached (the planner's reader sends it on)."""
    if conference_zone is not None:
        get_zone(conference_zone)  # wrong even when the file names its own zone: say so
    data = read_program_bytes(Path(path))
    key = _cache_key(data, conference_zone)
    with collector_paused():
        program = _from_cache(key)
        read = program is None
        if program is None:
            if detect_format(data) == "yaml":
                program = parse_program(data, str(path), progress)
            else:
                program = import_program(data, str(path), tz=conference_zone)
    if as_json is None and not (read and _worth_caching(key)):
        return program
    dumped = program.model_dump_json().encode("utf-8")
    if as_json is not None:
        as_json(dumped)
    if read:
        _to_cache(key, dumped)
    return program


def quick_program(
    path: str | os.PathLike[str], conference_zone: str | None = None
) -> Program | None:
    """``load_program`` when it is quick: a small file, or a big one validated before (kept in
    the cache). None when the file must be read at length, which takes seconds for a big one:
    the planner then shows its progress instead of a blank terminal."""
    data = read_program_bytes(Path(path))
    if len(data) < CACHE_FROM_BYTES:
        return load_program(path, conference_zone)
    with collector_paused():
        return _from_cache(_cache_key(data, conference_zone))


def read_program_bytes(path: Path) -> bytes:
    """The file's bytes, or a ProgramError that says why not (missing, a folder, too large)."""
    try:
        return read_at_most(path, MAX_PROGRAM_BYTES)
    except TooLarge:
        raise ProgramError(
            [f"{path}: too large for a program (the limit is {MAX_PROGRAM_BYTES:,} bytes)"]
        ) from None
    except FileNotFoundError:
        raise ProgramError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise ProgramError([f"{path}: is a directory, not a program file"]) from None
    except OSError as error:
        raise ProgramError([f"{path}: cannot read it: {error.strerror or error}"]) from None


# Parsing YAML in Python is slow on big programs (about 3 s for 20,000 items and 16 MB, most of
# it in PyYAML's Python-side resolver and constructor, even with libyaml), so a program over this
# size is also kept, once validated, as JSON in the user's cache directory, keyed by the hash of
# its bytes: the next start validates that JSON instead, in a fraction of a second.
CACHE_FROM_BYTES = 1024 * 1024
CACHE_KEEP = 20
MAX_CACHE_BYTES = 2 * MAX_PROGRAM_BYTES  # its JSON is about the size of the YAML it came from


@dataclass(frozen=True)
class _CacheKey:
    """What a cache entry is for: a file's bytes, read with a given venue zone."""

    data: bytes
    digest: str  # of the zone and the bytes; written in the entry, checked when it is read


def _cache_key(data: bytes, conference_zone: str | None) -> _CacheKey:
    # The zone first, then NUL (which no zone name holds), then the bytes: no two different
    # (bytes, zone) pairs give the same input.
    digest = hashlib.sha256((conference_zone or "").encode() + b"\0" + data).hexdigest()
    return _CacheKey(data, digest)


_ENTRY_NAME = re.compile(r"^[0-9a-f]{40}-[^/]+\.json$")


def _entry_line(key: _CacheKey, dumped: bytes) -> bytes:
    """An entry's first line: what it is for, and a digest of what it holds."""
    return f"{key.digest} {hashlib.sha256(dumped).hexdigest()}".encode()


def _cache_path(key: _CacheKey) -> Path:
    return cache_dir() / "programs" / f"{key.digest[:40]}-{__version__}.json"


def _worth_caching(key: _CacheKey) -> bool:
    return len(key.data) >= CACHE_FROM_BYTES


def _from_cache(key: _CacheKey) -> Program | None:
    """The program the cache keeps for ``key``, or None. An entry is read like any file from
    outside (a regular file, not through a link, bounded) and used only if it says it is for
    this key and holds what it held when written: one copied over from another program, or
    changed since, is passed over."""
    if not _worth_caching(key):
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


def remember_program(data: bytes, program: Program) -> None:
    """Cache ``program`` as what the program file ``data`` holds (``convert`` calls it for the
    file it has just written, so that its first open is as fast as a reopen)."""
    key = _cache_key(data, None)  # as `--program FILE` opens it: the file names its zone
    if _worth_caching(key):
        _to_cache(key, program.model_dump_json().encode("utf-8"))


def _to_cache(key: _CacheKey, dumped: bytes) -> None:
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


def program_schema() -> dict[str, Any]:
    """The JSON Schema of the program format, for editors (yaml-language-server) and tools."""
    schema = Program.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "itinerary program",
        **{k: v for k, v in schema.items() if k != "title"},
    }
