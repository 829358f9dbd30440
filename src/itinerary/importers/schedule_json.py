"""The c3voc ``schedule.json`` written by frab, pretalx and others (c3voc-schedule.schema.json).

``{"schedule": {"conference": {..., "days": [{"date", "rooms": {ROOM: [EVENT, ...]}}]}}}``.
An event's absolute time is its ``date`` (ISO 8601 with an offset); its end is ``end`` where
given, else ``date`` plus ``duration`` (``HH:MM``). ``start`` is wall time in the conference's
zone, only used (with the day's date) when an event has no ``date``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any

from itinerary.importers.frab import FrabFile, FrabSlot, FrabWords, frab_program
from itinerary.importers.problems import Problems
from itinerary.importers.records import Conference
from itinerary.model import Program

WORDS = FrabWords(
    date="date",
    start="start",
    day="day",
    end="end",
    duration="duration",
    no_start="no date, and no start time on a dated day",
    no_end="no end or duration",
    no_zone="no schedule.conference.time_zone_name",
)

_GUID = re.compile(rb'"guid"\s*:\s*"([^"\\]{1,200})"')


def parse_json(data: bytes, problems: Problems) -> Any:
    """The JSON document; ProgramError with FILE:LINE if it is not JSON."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise problems.fail(
            error.lineno, f"not valid JSON: {error.msg} (column {error.colno})"
        ) from None
    except UnicodeDecodeError as error:
        raise problems.fail(None, f"not UTF-8 text (byte {error.start})") from None
    except RecursionError:
        raise problems.fail(None, "the JSON is nested too deeply; refusing it") from None
    except ValueError as error:
        # int() reads no more than sys.get_int_max_str_digits() digits (4,300 unless set; no
        # limit before Python 3.10.7): json.loads meets a longer number as a ValueError.
        limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
        number = re.search(rb"(?:^|[:\[,])\s*-?(\d{%d,})" % (limit + 1), data) if limit else None
        if number is None:
            raise problems.fail(None, f"not valid JSON: {error}") from None
        raise problems.fail(
            data.count(b"\n", 0, number.start(1)) + 1,
            f"a number of {len(number.group(1)):,} digits in the JSON; refusing it (the limit "
            f"is {limit:,})",
        ) from None


def _guid_lines(data: bytes) -> dict[str, int]:
    """The line of the first ``"guid": "…"`` with each value: JSON keeps no positions, and
    guids are what messages about events name."""
    lines: dict[str, int] = {}
    line, position = 1, 0
    for match in _GUID.finditer(data):
        line += data.count(b"\n", position, match.start())
        position = match.start()
        lines.setdefault(match.group(1).decode("utf-8", "replace"), line)
    return lines


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return ""


def _path(*parts: str | int) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def read_schedule_json(
    data: bytes,
    source: str,
    *,
    tz: str | None = None,
    program_id: str | None = None,
    document: Any = None,
) -> tuple[Program, list[str]]:
    """The Program in a schedule.json, and warnings about what was adjusted. ``document`` is
    the already parsed JSON, if the caller has it."""
    problems = Problems(source)
    if document is None:
        document = parse_json(data, problems)
    schedule = document.get("schedule") if isinstance(document, dict) else None
    if not isinstance(schedule, dict):
        raise problems.fail(None, 'not a schedule.json: no "schedule" object at the top')
    conference = schedule.get("conference")
    if not isinstance(conference, dict):
        raise problems.fail(None, "schedule.conference: missing, or not an object")
    days = conference.get("days")
    if not isinstance(days, list):
        raise problems.fail(None, "schedule.conference.days: missing, or not a list")
    base_url = _str(schedule.get("base_url")) or None
    info = Conference(
        title=_str(conference.get("title")),
        acronym=_str(conference.get("acronym")),
        zone_name=_str(conference.get("time_zone_name")) or None,
        venue=_str(conference.get("venue")) or None,
        url=_str(conference.get("url")) or base_url,
        description=_str(conference.get("description")),
    )
    file = FrabFile(
        info,
        _slots(data, days, problems),
        WORDS,
        day_change=_str(conference.get("day_change")),
        base_url=base_url,
    )
    return frab_program(file, problems, tz=tz, program_id=program_id)


def _slots(data: bytes, days: list[Any], problems: Problems) -> Iterator[FrabSlot]:
    """Every event of every room of every day, in the file's order; what is not one is a
    problem."""
    lines = _guid_lines(data)
    for day_index, day in enumerate(days):
        day_path = _path("schedule", "conference", "days", day_index)
        if not isinstance(day, dict) or not isinstance(day.get("rooms"), dict):
            problems.error(None, f"{day_path}: not a day with a rooms object")
            continue
        for room_name, room_events in day["rooms"].items():
            room_path = _path("schedule", "conference", "days", day_index, "rooms", room_name)
            if not isinstance(room_events, list):
                problems.error(None, f"{room_path}: not a list of events")
                continue
            for index, raw in enumerate(room_events):
                path = f"{room_path}[{index}]"
                if not isinstance(raw, dict):
                    problems.error(None, f"{path}: not an event object")
                    continue
                yield _slot(raw, path, day, room_name, lines)


def _slot(
    raw: dict[str, Any], path: str, day: dict[str, Any], room_name: str, lines: dict[str, int]
) -> FrabSlot:
    guid = _str(raw.get("guid"))
    links = [*_list(raw.get("links")), *_list(raw.get("attachments"))]
    return FrabSlot(
        keys=[
            ("guid", guid),
            ("code", _str(raw.get("code"))),
            ("id", _str(raw.get("id"))),
            ("slug", _str(raw.get("slug"))),
        ],
        # JSON keeps no positions: an event's line is that of its guid, when it has one.
        line=lines.get(guid) if guid else None,
        path=path,
        title=_str(raw.get("title")),
        date=_str(raw.get("date")),
        day=_str(day.get("date")),
        day_written=f"{day.get('date')}",
        start=_str(raw.get("start")),
        end=_str(raw.get("end")),
        duration=_str(raw.get("duration")),
        room=_str(raw.get("room")) or room_name.strip(),
        track=_str(raw.get("track")),
        type=_str(raw.get("type")),
        subtitle=_str(raw.get("subtitle")),
        abstract=_str(raw.get("abstract")),
        description=_str(raw.get("description")),
        people=[_person(person) for person in _list(raw.get("persons"))],
        url=_str(raw.get("url")),
        links=[_link(entry) for entry in links],
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _person(person: Any) -> str:
    """pretalx ``name``, frab ``public_name`` (or ``full_public_name``), or a bare string."""
    if isinstance(person, dict):
        for field in ("name", "public_name", "full_public_name"):
            if _str(person.get(field)):
                return _str(person.get(field))
        return ""
    return _str(person)


def _link(entry: Any) -> tuple[str, str]:
    """A link's title and its href as written (``{"url"|"href", "title"}`` or a bare URL)."""
    if isinstance(entry, dict):
        return _str(entry.get("title")), _str(entry.get("url") or entry.get("href"))
    return "", _str(entry)
