"""An exported calendar read as a share file: the UIDs (and X-ITINERARY-ITEMS) that
`itinerary export` wrote name the items, so a colleague can pass on the .ics they already have.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from itinerary.errors import ShareError
from itinerary.model import EARLIEST_YEAR, LATEST_YEAR, UTC, Program
from itinerary.selection import UID_DOMAIN
from itinerary.share_format import (
    MAX_NAME_CHARS,
    MAX_SHARED_STARS,
    MAX_SHOWN_PROBLEMS,
    MAX_TITLE_CHARS,
    ShareFile,
    clip,
)
from itinerary.validation import format_loc, validate
from itinerary.vocabulary import Priority

_OUR_UID = re.compile(
    r"^(?P<item>[a-z0-9][a-z0-9._-]*)@(?P<program>[a-z0-9][a-z0-9._-]*)\."
    + re.escape(UID_DOMAIN)
    + "$"
)


def read_calendar(data: bytes, source: str, program: Program) -> ShareFile:
    """An .ics written by `itinerary export`: its UIDs (and X-ITINERARY-ITEMS) name the items."""
    from itinerary.calendar_input import RefusedCalendar, parse_calendar  # slow: icalendar

    try:
        calendar = parse_calendar(data)
    except RefusedCalendar as error:
        raise ShareError([f"{source}: {error}; nothing was changed"]) from None
    except Exception as error:  # icalendar raises ValueError and others on broken input
        raise ShareError([f"{source}: not a readable iCalendar file ({error})"]) from None
    stars: dict[str, dict] = {}
    programs: set[str] = set()
    stamps: list[datetime] = []
    for event in calendar.walk("VEVENT"):
        match = _OUR_UID.match(str(event.get("UID", "")))
        if match is None:
            continue
        programs.add(match["program"])
        stamp = _instant(event.get("DTSTAMP"))  # when it was exported
        if stamp is not None:
            stamps.append(stamp)
        start = _instant(event.get("DTSTART"))
        if start is None:
            continue  # no time a program could have: nothing to match it by
        listed = str(event.get("X-ITINERARY-ITEMS", ""))
        if listed.count(",") >= MAX_SHARED_STARS:  # said before a list that long is built
            raise ShareError(
                [
                    f"{source}: names more than {MAX_SHARED_STARS:,} items; a share file holds "
                    "at most that many; nothing was changed"
                ]
            )
        ids = [part.strip() for part in listed.split(",")]
        ids = [part for part in ids if part] or [match["item"]]
        # The export writes a maybe as free time (and a poster session as free only when every
        # poster in it was a maybe): read back, that is the priority.
        free = str(event.get("TRANSP", "")).upper() == "TRANSPARENT"
        priority = Priority.MAYBE if free else Priority.MUST
        for item_id in ids:
            if _OUR_UID.match(f"{item_id}@x.{UID_DOMAIN}"):
                title = str(event.get("SUMMARY", item_id)) if item_id == match["item"] else ""
                title = clip(title or item_id, MAX_TITLE_CHARS)
                star = {"id": item_id, "title": title, "start": start, "priority": priority}
                stars.setdefault(item_id, star)
        if len(stars) > MAX_SHARED_STARS:
            raise ShareError(
                [
                    f"{source}: names more than {MAX_SHARED_STARS:,} items; a share file holds "
                    "at most that many; nothing was changed"
                ]
            )
    if not programs:
        raise ShareError(
            [
                f"{source}: no event in it was exported by itinerary (their UIDs "
                "name no item), so there is nothing to import"
            ]
        )
    if programs != {program.id}:
        others = ", ".join(sorted(programs - {program.id})) or program.id
        raise ShareError(
            [
                f"{source}: this calendar is for program {others!r}, not "
                f"{program.id!r} ({program.title}); open that program with "
                "--program to import it"
            ]
        )
    # A calendar names no person (its X-WR-CALNAME is "PROGRAM: my itinerary"): the file's
    # name is the best guess at whose it is ("ada.ics").
    owner = clip(Path(source).stem or source, MAX_NAME_CHARS)
    shared = {
        "program": {"id": program.id, "title": program.title, "fingerprint": ""},
        "owner": owner,
        "written": max(stamps, default=datetime.now(timezone.utc)),
        "stars": list(stars.values()),
    }
    from pydantic import ValidationError

    try:
        return validate(ShareFile, shared)
    except ValidationError as error:  # the same checks as a share file's (an id of 200 chars)
        problems = [
            f"{source}: {format_loc(tuple(detail['loc']))}: {detail['msg']}"
            for detail in error.errors(include_url=False)[:MAX_SHOWN_PROBLEMS]
        ]
        raise ShareError([*problems, "nothing was changed"]) from None


def _instant(prop: object) -> datetime | None:
    """A DTSTART or DTSTAMP as an instant, or None where it is not one a program could hold
    (broken, floating, a date, or outside the years a program may have)."""
    try:
        moment = prop.dt  # type: ignore[attr-defined]
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            return None
        moment = moment.astimezone(UTC)
    except (AttributeError, TypeError, ValueError, OverflowError):
        return None
    return moment if EARLIEST_YEAR <= moment.year <= LATEST_YEAR else None
