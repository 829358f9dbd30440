"""Calendar files that Google, Apple, Outlook, Thunderbird and Evolution all put at the right time.

Built with icalendar, never by hand. Times are written in the person's display zone with a
``VTIMEZONE`` shaped the way Outlook reads zones (one STANDARD, at most one DAYLIGHT, yearly
RRULEs, no RDATE) and true for the years of the events (``vtimezone``). Every event is checked
against that VTIMEZONE as written: where it would give another UTC offset than zoneinfo (events
in years whose rules differ) or where the local time occurs twice (clocks going back), that
event is written in UTC instead, which every reader places correctly. See
shared/CALENDAR-RULES.md."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from itinerary import __version__

# icalendar is imported where it is used: it takes a good part of a second to import, which
# every command (and the planner's start) would otherwise pay.
if TYPE_CHECKING:
    import icalendar
from itinerary.model import UTC, Item, Kind, Program
from itinerary.selection import ExportRecord, Star, calendar_uid
from itinerary.timezones import format_span
from itinerary.vocabulary import Priority
from itinerary.vtimezone import EncodedZone, vtimezone_for
from itinerary.wording import counted, group_title, person_label

PosterMode = Literal["grouped", "separate"]
# 64 bits tell a change apart; the state keeps one per exported event (format 2 kept 32 digits,
# compared on the first 16, so an upgrade raises no SEQUENCE).
FINGERPRINT_DIGITS = 16
# The first line of a maybe's description: calendars show it as free time (TRANSP:TRANSPARENT),
# and the person reading it should know why.
MAYBE_LINE = "Starred as maybe: shown as free time, so it does not block your calendar."
PRODID = f"-//itinerary//itinerary {__version__}//EN"

# C0 controls but tab and newline, DEL, C1 controls: iCalendar TEXT may not carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def calendar_text(text: str) -> str:
    """Text as iCalendar can carry it: line breaks as LF (TEXT has no way to say CR), other
    control characters replaced. Everything else, commas, semicolons, backslashes, emoji, comes
    back exactly (icalendar escapes it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def calendar_uri(url: str) -> str:
    """A program's URL as an iCalendar URI value: whatever a URI cannot hold (line breaks and
    other controls, spaces, non-ASCII letters) percent-encoded, so a URL from outside can
    neither break the file nor be cut short; ``%xx`` already in it is kept."""
    return urllib.parse.quote(url, safe="!#$%&'()*+,/:;=?@[]~-._")


@dataclass(frozen=True)
class PlannedEvent:
    """What one VEVENT says, before it is written in any zone."""

    uid: str
    item_ids: tuple[str, ...]
    summary: str
    description: str
    location: str | None
    url: str | None
    category: str
    start: datetime
    end: datetime
    track: str | None = None  # a second category
    # Starred as maybe: written TRANSP:TRANSPARENT, so it does not block the person's free/busy
    # time (a colleague's scheduling assistant still sees them free).
    maybe: bool = False
    cancelled: bool = False  # gone from the program: STATUS:CANCELLED

    def fingerprint(self) -> str:
        """Changes when the time or any text changes; not when only the display zone does."""
        instants = [moment.astimezone(UTC).isoformat() for moment in (self.start, self.end)]
        content = [self.summary, self.description, self.location, self.url, self.category]
        content += instants
        if self.track:  # only then: an item without one keeps the fingerprint it always had
            content.append(self.track)
        if self.maybe:  # likewise; turning must into maybe (or back) is a change to send
            content.append("maybe")
        if self.cancelled:  # likewise: every other event keeps the fingerprint it had
            content.append("CANCELLED")
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()[:FINGERPRINT_DIGITS]


def plan_events(
    program: Program,
    chosen: Sequence[tuple[Item, Star | None]],
    posters: PosterMode = "grouped",
) -> list[PlannedEvent]:
    """One event per chosen item; with ``grouped`` posters, one per poster session instead,
    listing the posters chosen in it."""
    by_session: dict[str, list[tuple[Item, Star | None]]] = {}
    for item, star in chosen:
        if posters == "grouped" and item.kind is Kind.POSTER and item.parent:
            by_session.setdefault(item.parent, []).append((item, star))
    chosen_ids = {item.id for item, _ in chosen}
    events: list[PlannedEvent] = []
    for item, star in sorted(chosen, key=lambda pair: (pair[0].starts, pair[0].ends)):
        if item.id in by_session or (item.parent in by_session and item.kind is Kind.POSTER):
            continue  # drawn into its poster session's event, below
        events.append(_event(program, item, star))
    for session_id, boards in by_session.items():
        session = program.by_id[session_id]
        star = next((s for i, s in chosen if i.id == session_id), None)
        events.append(
            _poster_session_event(
                program, session, star, boards, session_chosen=session_id in chosen_ids
            )
        )
    events.sort(key=lambda event: (event.start, event.end, event.uid))
    return events


def cancelled_events(
    program: Program, gone: Sequence[tuple[Item, Star | None]]
) -> list[PlannedEvent]:
    """Events for starred items no longer in the program, marked cancelled."""
    return [replace(_event(program, item, star), cancelled=True) for item, star in gone]


def _event(program: Program, item: Item, star: Star | None) -> PlannedEvent:
    maybe = star is not None and star.priority is Priority.MAYBE
    lines = [MAYBE_LINE] if maybe else []
    if item.people:
        lines.append("People: " + ", ".join(person_label(person) for person in item.people))
    group = group_title(program, item)
    if group is not None:
        lines.append(f"Session: {group}")
    lines.append(f"Venue time: {format_span(item.starts, item.ends, program.zone)}")
    if star and star.note:
        lines.append(f"Your note: {star.note}")
    if item.abstract:
        lines += ["", item.abstract]
    return PlannedEvent(
        uid=calendar_uid(program.id, item.id),
        item_ids=(item.id,),
        summary=calendar_text(item.title),
        description=calendar_text("\n".join(lines)),
        location=calendar_text(item.room or program.venue or "") or None,
        url=calendar_uri(item.url) if item.url else None,
        category=item.kind.value,
        start=item.starts,
        end=item.ends,
        track=calendar_text(item.track) if item.track else None,
        maybe=maybe,
    )


def _poster_session_event(
    program: Program,
    session: Item,
    star: Star | None,
    boards: list[tuple[Item, Star | None]],
    *,
    session_chosen: bool,
) -> PlannedEvent:
    plain = _event(program, session, star if session_chosen else None)
    # Maybe only when everything chosen in it is: one poster I must see blocks the time.
    chosen = [poster_star for _, poster_star in boards] + ([star] if session_chosen else [])
    maybe = all(s is not None and s.priority is Priority.MAYBE for s in chosen)
    lines = [MAYBE_LINE] if maybe else []
    lines.append(f"Your {counted(len(boards), 'starred poster')}:")
    for poster, poster_star in boards:
        people = ", ".join(p.name for p in poster.people)
        lines.append(f"• {poster.title}" + (f" — {people}" if people else ""))
        if poster_star and poster_star.note:
            lines.append(f"  Your note: {poster_star.note}")
    own = plain.description.removeprefix(MAYBE_LINE + "\n")
    description = "\n".join(lines) + "\n\n" + own
    return PlannedEvent(
        uid=plain.uid,
        # What was chosen, for reading the file back as stars: the session only if it was.
        item_ids=((session.id,) if session_chosen else ())
        + tuple(poster.id for poster, _ in boards),
        summary=plain.summary,
        description=calendar_text(description),
        location=plain.location,
        url=plain.url,
        category=plain.category,
        start=plain.start,
        end=plain.end,
        track=plain.track,
        maybe=maybe,
    )


def next_versions(
    previous: dict[str, ExportRecord], events: Iterable[PlannedEvent], now: datetime
) -> dict[str, ExportRecord]:
    """SEQUENCE and LAST-MODIFIED for each event: unchanged when the event is, raised when its
    time or text changed since it was last exported."""
    versions = {}
    now = now.replace(microsecond=0)  # LAST-MODIFIED says seconds; the state keeps no more
    for event in events:
        fingerprint = event.fingerprint()
        old = previous.get(event.uid)
        if old is None:
            versions[event.uid] = ExportRecord(sequence=0, fingerprint=fingerprint, modified=now)
        elif old.fingerprint[:FINGERPRINT_DIGITS] != fingerprint:
            versions[event.uid] = ExportRecord(
                sequence=old.sequence + 1, fingerprint=fingerprint, modified=now
            )
        else:
            versions[event.uid] = old
    return versions


@dataclass(frozen=True)
class BuiltCalendar:
    data: bytes
    events: int
    in_utc: int  # events written in UTC because the zone's VTIMEZONE could not say them


def build_calendar(
    program: Program,
    events: Sequence[PlannedEvent],
    versions: dict[str, ExportRecord],
    zone: ZoneInfo,
    *,
    now: datetime,
    alarm_minutes: int | None = None,
) -> BuiltCalendar:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_text(f"{program.title}: my itinerary"))
    vtimezone = vtimezone_for(
        zone, (moment for event in events for moment in (event.start, event.end))
    )
    rule = EncodedZone.of(vtimezone) if vtimezone is not None else None
    in_utc = 0
    stamp = now.astimezone(UTC)
    for event in events:
        local = zone if rule and rule.says(zone, (event.start, event.end)) else UTC
        in_utc += local is UTC
        calendar.add_component(_vevent(event, versions[event.uid], local, stamp, alarm_minutes))
    if vtimezone is not None and in_utc < len(events):
        calendar.subcomponents.insert(0, vtimezone)
    return BuiltCalendar(calendar_bytes(calendar), len(events), in_utc)


def calendar_bytes(calendar: icalendar.Calendar) -> bytes:
    """``calendar.to_ical()``, the same bytes, but its long lines folded on their bytes:
    icalendar folds a line by encoding each character in turn, in Python, which was half the
    time of an export of 500 items with their abstracts."""
    lines = calendar.content_lines()
    return b"\r\n".join(_folded(line) for line in lines if line) + b"\r\n"


# As icalendar folds (RFC 5545 3.1): each part of a line under 75 octets.
FOLDED_OCTETS = 74


def _folded(line: str) -> bytes:
    """``line`` in UTF-8, folded where icalendar folds it: after the most whole characters that
    fit, but before an escape (``\\`` or ``^``) that would end a part (icalendar #1501)."""
    data = line.encode("utf-8")
    parts, start = [], 0
    while len(data) - start > FOLDED_OCTETS:
        cut = start + FOLDED_OCTETS
        while data[cut] & 0xC0 == 0x80:  # inside a character: fold before it
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _vevent(
    event: PlannedEvent,
    version: ExportRecord,
    zone: ZoneInfo,
    stamp: datetime,
    alarm_minutes: int | None,
) -> icalendar.Event:
    import icalendar

    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("categories", [event.category, *([event.track] if event.track else [])])
    if event.maybe:
        vevent.add("transp", "TRANSPARENT")
    vevent.add("sequence", version.sequence)
    if event.cancelled:
        vevent.add("status", "CANCELLED")
    vevent.add("last-modified", version.modified.astimezone(UTC))
    vevent.add("x-itinerary-items", ",".join(event.item_ids))
    if alarm_minutes is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.summary)
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        vevent.add_component(alarm)
    return vevent
