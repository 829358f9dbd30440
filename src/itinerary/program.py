"""Finding, loading and validating a program file, with errors that point at FILE:LINE:COLUMN."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itinerary.errors import ProgramError
from itinerary.files import TooLarge, read_at_most
from itinerary.program_store import (
    StoredWords,
    cache_key,
    read_entry,
    worth_caching,
    write_entry,
)
from itinerary.timezones import get_zone

if TYPE_CHECKING:
    from itinerary.model import Program
    from itinerary.yamlfile import Progress

PROGRAM_ENV = "ITINERARY_PROGRAM"
PROGRAM_FILE = "program.yaml"
# A program of 20,000 items with abstracts is about 20 MB; anything far larger is not a program.
MAX_PROGRAM_BYTES = 256 * 1024 * 1024
# A file this size not in the program store takes a second or more to read: the planner reads
# it in a child process and shows how far it has got.
READ_AT_LENGTH_BYTES = 1024 * 1024


def default_program_path() -> Path:
    """The ES-FoMo program shipped with the package (or, in a source checkout, at its root)."""
    beside = Path(__file__).with_name(PROGRAM_FILE)  # where a wheel puts it: found without
    if beside.is_file():  # importlib.resources, whose import is a tenth of `itinerary list`
        return beside
    from importlib import resources  # (a package in a zip file, say)

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
    return program_from_bytes(data, str(path), conference_zone, progress, as_json)


def program_from_bytes(
    data: bytes,
    name: str,
    conference_zone: str | None = None,
    progress: Progress | None = None,
    as_json: Callable[[bytes], None] | None = None,
) -> Program:
    """``load_program`` of bytes already read (a file, or a download named by its URL): from
    the program store when it holds them, else parsed, validated and stored."""
    key = cache_key(data, conference_zone)
    with collector_paused():
        program = read_entry(key)
        read = program is None
        if program is None:
            # Only now: a program from the store needs no parser, importer or validator (nor
            # PyYAML, nor pydantic), whose imports cost more than reading it.
            from itinerary.datafile import parse_program
            from itinerary.importers import detect_format, import_program

            if detect_format(data) == "yaml":
                program = parse_program(data, name, progress)
            else:
                program = import_program(data, name, tz=conference_zone)
    if as_json is not None:
        from itinerary.validation import dump_json

        as_json(dump_json(program))
    if worth_caching(data):
        if read:
            write_entry(key, program)
        # A search of a program kept in the store looks in the words kept beside it.
        program.keep_stored_search(StoredWords(key.digest, program.items))
    return program


@contextlib.contextmanager
def collector_paused(*, freeze: bool = True) -> Iterator[None]:
    """Build a big tree of objects that are all kept without the cyclic collector scanning it
    again and again as it grows: about half the time of loading a 16 MB program. What was
    built is then frozen (``gc.freeze``) before the collector is back, or its first pass would
    walk all of it at once (50 ms at 20,000 items). A program holds no reference cycles, so a
    frozen one is still freed, by its reference count, when it is let go. ``freeze=False``
    for what is built later, in a running planner: freezing there would keep forever any
    garbage of a cycle (Textual's) waiting for the collector."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if freeze:
                gc.freeze()
            gc.enable()


def quick_program(
    path: str | os.PathLike[str], conference_zone: str | None = None
) -> Program | None:
    """``load_program`` when it is quick: a small file, or a big one validated before (kept in
    the cache). None when the file must be read at length, which takes seconds for a big one:
    the planner then shows its progress instead of a blank terminal."""
    data = read_program_bytes(Path(path))
    if len(data) < READ_AT_LENGTH_BYTES:
        return load_program(path, conference_zone)
    with collector_paused():
        return read_entry(cache_key(data, conference_zone))


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


def program_schema() -> dict[str, Any]:
    """The JSON Schema of the program format, for editors (yaml-language-server) and tools."""
    from itinerary.model import Program
    from itinerary.validation import json_schema

    schema = json_schema(Program)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "itinerary program",
        **{k: v for k, v in schema.items() if k != "title"},
    }
