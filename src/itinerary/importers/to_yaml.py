"""Writing a Program in our YAML program format, readable by ``itinerary.datafile.parse_program``.

Times are written in the venue's zone with their offset (``2019-12-27T11:00:00+01:00``), as a
person writing the file would; multi-line text (abstracts) as literal blocks. Nothing depends on
the clock or the machine: the same program always gives the same text, so a re-converted
schedule diffs cleanly against the last one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import yaml

from itinerary.model import Item, Person, Program, Session
from itinerary.yamlfile import SafeDumper


class _ProgramDumper(SafeDumper):
    pass


def _represent_str(dumper: _ProgramDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_datetime(dumper: _ProgramDumper, moment: datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", moment.isoformat())


_ProgramDumper.add_representer(str, _represent_str)
_ProgramDumper.add_representer(datetime, _represent_datetime)


def _comment(lines: Iterable[str]) -> str:
    """``lines`` as YAML comment lines, each made one line whatever it holds."""
    return "".join(f"# {' '.join(line.split())}".rstrip() + "\n" for line in lines)


def _people(people: tuple[Person, ...]) -> list[dict[str, Any]]:
    return [
        {"name": person.name, **({"affiliation": person.affiliation} if person.affiliation else {})}
        for person in people
    ]


def _session(session: Session, program: Program) -> dict[str, Any]:
    data: dict[str, Any] = {"id": session.id, "title": session.title}
    if session.start is not None:
        data["start"] = session.start.astimezone(program.zone)
    if session.description:
        data["description"] = session.description
    return data


def _item(item: Item, program: Program) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "kind": item.kind.value, "title": item.title}
    # A poster takes its poster session's times: write them only where they are its own.
    parent = program.by_id.get(item.parent) if item.parent else None
    own_times = parent is None or (parent.start, parent.end) != (item.start, item.end)
    if own_times:
        data["start"] = item.starts.astimezone(program.zone)
        data["end"] = item.ends.astimezone(program.zone)
    for field in ("session", "parent"):
        if getattr(item, field) is not None:
            data[field] = getattr(item, field)
    if item.people:
        data["people"] = _people(item.people)
    if item.abstract:
        data["abstract"] = item.abstract
    if item.room is not None:
        data["room"] = item.room
    if item.track is not None:
        data["track"] = item.track
    if item.url is not None:
        data["url"] = item.url
    return data


def program_to_yaml(
    program: Program,
    *,
    source: str | None = None,
    format_name: str | None = None,
    notes: Iterable[str] = (),
) -> str:
    """``program`` in our YAML program format. A header comment names the file it was
    converted from (``source``, in ``format_name``) and carries ``notes`` (the importer's
    warnings), so the file says where it came from and what was adjusted."""
    header = []
    if source:
        header.append(
            f"Converted by `itinerary convert` from {source}"
            + (f" ({format_name})." if format_name else ".")
        )
        header.append(
            "Item ids are made from the source's event keys (guid, else id; UID in iCalendar): "
            "converting a newer version of it gives the same ids, so stars are kept. Do not "
            "edit the ids."
        )
    header.append(f"Times are in the venue's zone, {program.timezone}, with their UTC offset.")
    notes = list(notes)
    if notes:
        header.append("Adjusted on the way:")
        header += [f"  - {note}" for note in notes]
    data: dict[str, Any] = {"format": program.format, "id": program.id, "title": program.title}
    for field in ("conference", "venue", "url"):
        if getattr(program, field) is not None:
            data[field] = getattr(program, field)
    data["timezone"] = program.timezone
    if program.description:
        data["description"] = program.description
    if program.organizers:
        data["organizers"] = _people(program.organizers)
    if program.sessions:
        data["sessions"] = [_session(session, program) for session in program.sessions]
    data["items"] = [_item(item, program) for item in program.items]
    body = yaml.dump(
        data,
        Dumper=_ProgramDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
    )
    return _comment(header) + "\n" + body
