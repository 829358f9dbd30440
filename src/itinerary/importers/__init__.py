"""Reading conference programs written by other systems: one module per format.

- ``frab_xml``: frab / Pentabarf ``schedule.xml`` (also pretalx, wafer, osem), with defusedxml;
- ``schedule_json``: the c3voc ``schedule.json`` of frab and pretalx;
- ``ics_program``: a program published as an iCalendar file, with icalendar.

``detect_format`` tells them apart by their content, never by the file's name;
``import_program`` turns any of them (or our own YAML) into a validated ``Program``;
``program_to_yaml`` writes a program in our format. Every problem is a ``ProgramError`` whose
lines read ``FILE:LINE: message`` where the line is known.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from itinerary.datafile import parse_program
from itinerary.errors import ProgramError
from itinerary.importers.ids import checked_program_id
from itinerary.importers.to_yaml import program_to_yaml
from itinerary.model import MAX_ITEMS, Program
from itinerary.validation import validate

Format = Literal["yaml", "frab-xml", "schedule-json", "ics"]
FORMAT_NAMES: dict[str, str] = {
    "yaml": "itinerary program YAML",
    "frab-xml": "frab/Pentabarf schedule.xml",
    "schedule-json": "c3voc schedule.json (frab/pretalx)",
    "ics": "iCalendar",
}
# The 36C3 schedule, 1,351 events with their abstracts, is 2.3 MB: 64 MiB is far beyond any
# conference, and small enough to parse without trouble.
MAX_IMPORT_BYTES = 64 * 1024 * 1024

__all__ = [
    "FORMAT_NAMES",
    "MAX_IMPORT_BYTES",
    "Format",
    "ImportResult",
    "detect_format",
    "import_program",
    "import_schedule",
    "program_to_yaml",
]

_BOM = b"\xef\xbb\xbf"
_SCHEDULE_KEY = re.compile(rb'"schedule"\s*:')


@dataclass(frozen=True)
class ImportResult:
    """A converted program, the format it came from, and what was adjusted on the way
    (``FILE:LINE: message`` lines: slots sharing a guid, events without a length…)."""

    program: Program
    format: Format
    warnings: tuple[str, ...] = ()


def _size(count: int) -> str:
    mebibyte = 1024 * 1024
    return f"{count // mebibyte} MiB" if count % mebibyte == 0 else f"{count:,} bytes"


def _head(data: bytes) -> bytes:
    return data[len(_BOM) :].lstrip() if data.startswith(_BOM) else data.lstrip()


def _sniff(data: bytes) -> tuple[Format, Any]:
    """The format, and the parsed JSON when finding the format meant parsing it."""
    head = _head(data[:4096] if len(data) > 4096 else data)
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics", None
    if head.startswith(b"<"):
        # Any XML document: the frab reader says so clearly if its root is not <schedule>
        # (and refuses entity tricks before looking), which no YAML error would.
        return "frab-xml", None
    if head.startswith(b"{"):
        try:
            document = json.loads(data)
        except (ValueError, RecursionError):
            # Broken JSON that means to be a schedule: let the JSON reader say where it breaks.
            return ("schedule-json", None) if _SCHEDULE_KEY.search(data[:65536]) else ("yaml", None)
        if isinstance(document, dict) and "schedule" in document:
            return "schedule-json", document
    return "yaml", None


def detect_format(data: bytes) -> Format:
    """What ``data`` is, from its content: ``BEGIN:VCALENDAR`` → ``ics``; an XML document
    (``<schedule>`` root) → ``frab-xml``; a JSON object with a top-level ``schedule`` →
    ``schedule-json``; anything else → ``yaml`` (our program format)."""
    return _sniff(data)[0]


# What begins one event in each format, counted in the raw bytes before anything is parsed: a
# file of 760,000 tiny events took 68 s and 2 GB before failing; counting takes milliseconds.
# (An overcount, `<events>`, a room's "id" or a session's `- id:`, matters only far past any
# real program.)
_EVENT_MARKERS = (b"<event", b'"guid"', b'"id"', b"- id:")


def import_schedule(
    data: bytes, source: str, *, tz: str | None = None, program_id: str | None = None
) -> ImportResult:
    """Read a program in any known format; ``source`` names it in messages.

    ``tz`` is the conference's IANA zone for files that name none (the file's own zone wins);
    ``program_id`` replaces the id made from the conference's acronym or title. Raises
    ProgramError (``FILE:LINE: message`` lines) for anything malformed or too large.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ProgramError(
            [
                f"{source}: {len(data):,} bytes is too large for a conference schedule "
                f"(the limit is {_size(MAX_IMPORT_BYTES)})"
            ]
        )
    # iCalendar names are case-insensitive and its lines may be folded anywhere.
    unfolded = data.replace(b"\r\n ", b"").replace(b"\n ", b"").replace(b"\n\t", b"").upper()
    events = max(unfolded.count(b"BEGIN:VEVENT"), *(data.count(m) for m in _EVENT_MARKERS))
    if events > MAX_ITEMS:
        raise ProgramError(
            [
                f"{source}: holds about {events:,} events, more than the {MAX_ITEMS:,} a "
                "program may have; nothing was read"
            ]
        )
    kind, document = _sniff(data)
    warnings: list[str] = []
    if kind == "frab-xml":
        from itinerary.importers.frab_xml import read_frab_xml

        program, warnings = read_frab_xml(data, source, tz=tz, program_id=program_id)
    elif kind == "schedule-json":
        from itinerary.importers.schedule_json import read_schedule_json

        program, warnings = read_schedule_json(
            data, source, tz=tz, program_id=program_id, document=document
        )
    elif kind == "ics":
        from itinerary.importers.ics_program import read_ics

        program, warnings = read_ics(data, source, tz=tz, program_id=program_id)
    else:
        program = parse_program(data, source)
        if program_id is not None and program_id != program.id:
            program = validate(Program, replace(program, id=checked_program_id(program_id)))
    return ImportResult(program, kind, tuple(warnings))


def import_program(
    data: bytes, source: str, *, tz: str | None = None, program_id: str | None = None
) -> Program:
    """The validated Program in ``data`` (frab XML, schedule JSON, iCalendar or our YAML);
    see ``import_schedule`` for the arguments and for the warnings this leaves out."""
    return import_schedule(data, source, tz=tz, program_id=program_id).program
