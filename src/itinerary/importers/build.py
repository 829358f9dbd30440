"""Turning a file's records into a validated ``Program``: ids, kinds, abstracts, events without a
length, time order; and any validation problem located at the event it is about."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from itinerary.errors import ProgramError
from itinerary.importers.ids import assign_ids, choose_program_id, warn_shared_keys
from itinerary.importers.kinds import kind_of
from itinerary.importers.problems import Problems
from itinerary.importers.records import Conference, Event
from itinerary.importers.text import (
    combine_abstract,
    one_line,
    people_names,
    plain_text,
    track_name,
)
from itinerary.importers.times import out_of_range
from itinerary.model import UTC, Kind, Program
from itinerary.validation import format_loc, validate, validation_problems

# An event that the file gives no length (a duration of 00:00, an iCalendar event without an end)
# is kept, as a point in time of this length: our items must end after they start.
POINT_EVENT = timedelta(minutes=1)


def build_program(
    conference: Conference,
    events: Sequence[Event],
    zone: ZoneInfo,
    problems: Problems,
    *,
    program_id: str | None = None,
) -> Program:
    """The validated Program of these events; ProgramError listing what is wrong otherwise."""
    problems.raise_errors()
    fallback_title = source_stem(problems.source)
    title = one_line(conference.title) or one_line(conference.acronym) or fallback_title
    the_id = choose_program_id(program_id, (conference.acronym, title, fallback_title))
    if not events:
        problems.warn(None, "no events found: the program has no items")
    ids = assign_ids(events)
    warn_shared_keys(events, ids, problems)
    items = _items(events, ids, problems)
    problems.raise_errors()
    # Time order, then id: the same file gives the same program, written the same way.
    order = sorted(range(len(items)), key=lambda i: (items[i]["start"], items[i]["end"], ids[i]))
    data = {
        "id": the_id,
        "title": title,
        "venue": one_line(conference.venue) or None,
        "url": conference.url or None,
        "timezone": zone.key,
        "description": plain_text(conference.description),
        "items": [items[i] for i in order],
    }
    try:
        return validate(Program, data)
    except ValidationError as error:
        raise ProgramError(_located(error, [events[i] for i in order], problems)) from None


def source_stem(source: str) -> str:
    """``schedules/36c3.xml`` → ``36c3``: a title for a file that names none."""
    name = re.split(r"[/\\]", source)[-1]
    return re.sub(r"\.[^.]*$", "", name) or name or "schedule"


def _items(events: Sequence[Event], ids: Sequence[str], problems: Problems) -> list[dict[str, Any]]:
    """The item of each event (as data to validate), in the events' order."""
    items: list[dict[str, Any]] = []
    points: list[Event] = []
    for event, item_id in zip(events, ids, strict=True):
        # Held in ZoneInfo("UTC") already, as the Program holds them: not copied again. The
        # readers have made sure both are within the years 1 to 9999 in UTC.
        start, end = event.start.astimezone(UTC), event.end.astimezone(UTC)
        if end == start:
            points.append(event)
            try:
                end = start + POINT_EVENT
            except OverflowError:  # a point in the last minute of 9999
                problems.error(
                    event.line,
                    f"{event.where}: no length, kept as a minute from {start.isoformat()}: "
                    f"{out_of_range(late=True)}",
                )
                continue
        items.append(
            {
                "id": item_id,
                "kind": Kind.OTHER if event.all_day else kind_of(event.type, event.title),
                "title": one_line(event.title) or "(untitled)",
                "start": start,
                "end": end,
                "people": [{"name": name} for name in people_names(event.people)],
                "abstract": combine_abstract(event),
                "room": one_line(event.room) or None,
                "track": track_name(event),
                "url": event.url or None,
            }
        )
    if points:
        names = ", ".join(event.where for event in points[:3])
        more = f" and {len(points) - 3} more" if len(points) > 3 else ""
        problems.warn(
            points[0].line,
            f"{len(points)} event(s) have no length ({names}{more}); each is kept as "
            f"{int(POINT_EVENT.total_seconds() // 60)} minute from its start",
        )
    return items


def _as_pydantic_says(detail: Any) -> str:
    # Imported programs have always given pydantic's own words: a YAML file's lines add the
    # value they got, and say "list" for "tuple" (model.file_message).
    return str(detail["msg"])


def _located(error: ValidationError, events: Sequence[Event], problems: Problems) -> list[str]:
    """One line per problem, at the event it is about (``events`` in the items' order)."""
    lines = []
    for loc, message in validation_problems(error, message=_as_pydantic_says):
        if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
            event = events[loc[1]]
            field_path = format_loc(loc[2:]) or "event"
            lines.append(problems.at(event.line, f"{event.where}: {field_path}: {message}"))
        else:
            lines.append(problems.at(None, f"{format_loc(loc)}: {message}"))
    return lines
