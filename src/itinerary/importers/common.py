"""What every schedule format shares once read: events as plain records, and the one way they
become a validated ``Program`` (stable ids, kinds, abstracts, the conference's zone).

The format modules only read their format into ``Conference`` and ``Event`` records; every
decision about what the program looks like is made here, once, so that a frab XML, a schedule
JSON and an iCalendar file of the same conference give the same kind of program.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from itinerary.errors import ProgramError, TimeZoneError
from itinerary.model import UTC, Kind, LocatedProblems, Program, format_loc
from itinerary.timezones import get_zone

MAX_ID_LENGTH = 120
PROGRAM_ID_LENGTH = 60
# An event that the file gives no length (a duration of 00:00, an iCalendar event without an end)
# is kept, as a point in time of this length: our items must end after they start.
POINT_EVENT = timedelta(minutes=1)


class Problems:
    """Located problems and warnings of one file: ``FILE:LINE: message`` lines."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def at(self, line: int | None, message: str) -> str:
        return f"{self.source}:{line}: {message}" if line else f"{self.source}: {message}"

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(self.at(line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(self.at(line, message))

    def fail(self, line: int | None, message: str) -> ProgramError:
        """A ProgramError with this problem (after any already found)."""
        return ProgramError([*self.errors, self.at(line, message)])

    def raise_errors(self) -> None:
        if self.errors:
            raise ProgramError(self.errors)


@dataclass
class Conference:
    """What the file says about the conference as a whole."""

    title: str = ""
    acronym: str = ""
    zone_name: str | None = None  # the file's own zone, if it names one
    zone_line: int | None = None
    venue: str | None = None
    url: str | None = None
    description: str = ""


@dataclass
class Event:
    """One scheduled slot, as read from a file, before it becomes an ``Item``."""

    key: str  # what its id is made from: the guid (XML/JSON), the UID (iCalendar)
    key_name: str  # "guid", "id", "UID"… for messages
    title: str
    start: datetime  # aware
    end: datetime  # aware
    where: str  # "event guid 6a32…" for messages
    line: int | None = None
    room: str | None = None
    track: str | None = None
    type: str | None = None
    subtitle: str = ""
    abstract: str = ""
    description: str = ""
    people: list[str] = field(default_factory=list)
    url: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, href)
    all_day: bool = False
    wall_start: str | None = None  # frab's <start>: wall time in the conference zone


# ---------------------------------------------------------------------------------------------
# Ids


def choose_key(candidates: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """The first ``(name, value)`` with a value: what an event's id is made from."""
    return next(((name, value) for name, value in candidates if value), candidates[-1])


_NOT_IN_ID = re.compile(r"[^a-z0-9._-]+")
_NOT_IN_PROGRAM_ID = re.compile(r"[^a-z0-9]+")


def _ascii_lower(text: str) -> str:
    """Lowercase ASCII, accents dropped (``Löten`` → ``loten``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.lower()


def short_hash(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def item_slug(key: str) -> str:
    """The id made from an event's key (its guid or UID): the same key always gives the same
    id, so stars survive a re-import. Lowercase; runs of characters other than ``a-z0-9._-``
    become ``-``; trimmed. An empty result is a short hash of the key; an over-long one keeps
    its first characters and ends in a short hash of the whole key.

    This function is part of the ids' contract: changing it changes every imported id.
    """
    slug = _NOT_IN_ID.sub("-", _ascii_lower(key)).strip("-._")
    if not slug:
        return short_hash(key)
    if len(slug) > MAX_ID_LENGTH:
        return slug[: MAX_ID_LENGTH - 13].rstrip("-._") + "-" + short_hash(key)
    return slug


def program_slug(text: str) -> str:
    """A readable program id from an acronym or a title: ``DebConf 23`` → ``debconf-23``."""
    slug = _NOT_IN_PROGRAM_ID.sub("-", _ascii_lower(text)).strip("-")
    return slug[:PROGRAM_ID_LENGTH].rstrip("-")


_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def is_valid_id(text: str) -> bool:
    return bool(_ID_PATTERN.match(text)) and len(text) <= MAX_ID_LENGTH


def _with_suffix(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[: MAX_ID_LENGTH - len(suffix)].rstrip("-._") + suffix


def assign_ids(events: Sequence[Event]) -> list[str]:
    """One unique id per event, the same on every import of the same file.

    Events whose keys give the same slug (one guid used for several slots of a submission, or
    keys differing only in case) are ordered by key (one already in lowercase first), then
    start, end, title and room: the first keeps the bare slug, the next ones get ``-2``,
    ``-3``… (skipping any id another event has). So the earliest slot of a submission keeps
    its id when later slots are added.
    """
    bases = [item_slug(event.key) for event in events]
    taken = set(bases)
    groups: dict[str, list[int]] = {}
    for index, base in enumerate(bases):
        groups.setdefault(base, []).append(index)
    ids = list(bases)
    for base in sorted(groups):
        members = groups[base]
        if len(members) == 1:
            continue
        members.sort(
            key=lambda i: (
                events[i].key != events[i].key.lower(),
                events[i].key,
                events[i].start,
                events[i].end,
                events[i].title,
                events[i].room or "",
            )
        )
        number = 2
        for index in members[1:]:
            while (candidate := _with_suffix(base, number)) in taken:
                number += 1
            taken.add(candidate)
            ids[index] = candidate
            number += 1
    return ids


# ---------------------------------------------------------------------------------------------
# Kinds

_KIND_RULES: tuple[tuple[re.Pattern[str], Kind], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"keynote", Kind.KEYNOTE),
        (r"lightning", Kind.LIGHTNING),
        (r"poster[\s_-]*session", Kind.POSTER_SESSION),
        (r"poster", Kind.POSTER),
        (r"workshop|hands[\s_-]*on|tutorial", Kind.WORKSHOP),
        (r"panel|podium", Kind.PANEL),
        (r"award", Kind.AWARD),
        (r"opening", Kind.OPENING),
        (r"\bbreak\b|\bpause\b|lunch|coffee|buffet|dinner|breakfast", Kind.BREAK),
        (r"concert|dj[\s_-]*set|party|performance|music|meetup|social|aufführung", Kind.SOCIAL),
        (r"talk|lecture|vortrag|presentation|maintrack|devroom|\bslot\b|länge|length", Kind.TALK),
    )
)
# Titles that say, and only say, that this is a break: used when the type says nothing.
_BREAK_TITLE = re.compile(
    r"^((morning|afternoon)\s+tea|(coffee\s+)?break|lunch(\s+break)?|pause(\s+caf[ée])?"
    r"|buffet|dinner|breakfast|coffee)$"
)


def kind_of(type_name: str | None, title: str = "") -> Kind:
    """Our kind for a schedule's free-text event type.

    The first rule whose words appear in the type wins (so ``LightningTalk`` is a lightning
    talk, ``Workshop 60 Min`` a workshop, ``Talk 45 minutes`` a talk); length categories
    (``Long talk``, ``Doppelter Slot``, ``Normale Länge``) are talks. No type at all is a talk,
    as most scheduled slots are; a type that matches nothing (``meeting``, ``game``, ``bof``) is
    ``other``. Where the type says nothing, a title that is only ``Lunch`` or ``Coffee break``
    makes a break.
    """
    text = (type_name or "").casefold().strip()
    for pattern, kind in _KIND_RULES:
        if pattern.search(text):
            return kind
    if _BREAK_TITLE.match(" ".join(title.casefold().split()).strip(" .!")):
        return Kind.BREAK
    return Kind.TALK if not text else Kind.OTHER


# ---------------------------------------------------------------------------------------------
# Text

_HTML_TAG = re.compile(
    r"</?(p|br|div|span|a|ul|ol|li|em|strong|b|i|u|s|code|pre|h[1-6]|blockquote|table|tr|td|th"
    r"|img|hr|sup|sub|small)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)


_BLANK_LINES = re.compile(r"\n{3,}")


class _TextFromHtml(HTMLParser):
    """The text of an HTML fragment: paragraphs as blank-line-separated blocks, list items as
    ``- `` lines, links as ``text (href)``."""

    BLOCKS = frozenset(("p", "div", "ul", "ol", "pre", "blockquote", "table", "tr", "section",
                        "article", "h1", "h2", "h3", "h4", "h5", "h6"))  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0
        self.links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            self.pre += tag == "pre"
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            if tag == "pre" and self.pre:
                self.pre -= 1
        elif tag == "a" and self.links:
            href, first = self.links.pop()
            text = "".join(self.parts[first:]).strip()
            if href and href.strip() and href.strip() not in text:
                self.parts.append(f" ({href.strip()})")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [line.strip() for line in joined.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain_text(text: str | None) -> str:
    """Text as a person reads it: HTML fragments (FOSDEM's ``<p>…</p>``) turned into text,
    line ends made ``\\n``, trailing spaces and surrounding blank lines removed. Markdown and
    plain text are kept as written."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text and _HTML_TAG.search(text):
        parser = _TextFromHtml()
        parser.feed(text)
        parser.close()
        text = parser.text()
    if " \n" in text or "\t\n" in text or "\xa0\n" in text:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def one_line(text: str | None) -> str:
    """A title or a name on one line: white space runs (newlines too) made one space."""
    return " ".join(text.split()) if text else ""


_NO_TRACK = frozenset({"no track", "none", "-"})


def combine_abstract(event: Event) -> str:
    """The item's abstract: the subtitle, the abstract and the description (each once), then a
    line with the track and the file's own type, then the links."""
    blocks: list[str] = []
    for part in (event.subtitle, event.abstract, event.description):
        text = plain_text(part)
        if not text:
            continue
        if any(text in block for block in blocks):
            continue
        blocks = [block for block in blocks if block not in text]
        blocks.append(text)
    facts = []
    if event.track and event.track.strip().casefold() not in _NO_TRACK:
        facts.append(f"Track: {one_line(event.track)}")
    if event.type:
        facts.append(f"Type: {one_line(event.type)}")
    if facts:
        blocks.append(" · ".join(facts))
    links = [(title, href) for title, href in event.links if href and href != event.url]
    if links:
        lines = ["Links:"]
        lines += [f"- {one_line(title)}: {href}" if title else f"- {href}" for title, href in links]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def absolute_url(url: str | None, base: str | None) -> str | None:
    """``url`` made absolute against the file's base URL where it is relative."""
    url = (url or "").strip()
    if not url:
        return None
    if base and not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        try:
            return urljoin(base if base.endswith("/") else base + "/", url)
        except ValueError:  # a base that is no URL (http://[zz/): the link as the file gives it
            return url
    return url


# ---------------------------------------------------------------------------------------------
# Times

_DURATION = re.compile(r"^\s*(\d+):([0-5]?\d)(?::([0-5]?\d))?\s*$")
_WALL_TIME = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*$")
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_MAX_HOUR_DIGITS = 8


def parse_duration(text: str) -> timedelta | None:
    """``HH:MM`` or ``HH:MM:SS``; hours may exceed 24 (``26:30``). None if it is not one;
    OverflowError if it is too long for any event to end before the year 10000."""
    match = _DURATION.match(text or "")
    if not match:
        return None
    hours_text, minutes, seconds = match.groups()
    # 100,000,000 hours are 11,400 years; refused before int(), which reads no more than
    # 4,300 digits (leading zeros included), and timedelta(), which holds 999,999,999 days.
    hours_text = hours_text.lstrip("0") or "0"
    if len(hours_text) > _MAX_HOUR_DIGITS:
        raise OverflowError(f"a duration of {len(hours_text):,}-digit hours")
    return timedelta(hours=int(hours_text), minutes=int(minutes), seconds=int(seconds or 0))


def parse_wall_time(text: str) -> tuple[int, int, int] | None:
    match = _WALL_TIME.match(text or "")
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours, minutes, seconds


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 date and time, with its offset if it has one (``Z``, ``+01:00``, ``+0100``);
    ``None`` if it is not one. (Python 3.10's ``fromisoformat`` knows neither ``Z`` nor
    ``+0100``.)"""
    text = (text or "").strip()
    if not text or ("T" not in text.upper() and " " not in text):
        return None
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    text = _COMPACT_OFFSET.sub(r"\1:\2", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """An aware ``moment`` as it is; a naive (wall-clock) one read in ``zone``."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def wall_clock(
    day: date,
    wall: tuple[int, int, int],
    zone: ZoneInfo,
    day_change: tuple[int, int, int] | None = None,
) -> datetime | None:
    """``wall`` on ``day`` in ``zone``; a wall time before ``day_change`` is after midnight,
    still the conference day before, so on the next date. None after 9999-12-31."""
    if day_change and wall < day_change:
        if day == date.max:
            return None
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, *wall, tzinfo=zone)


# Python's dates run from the year 1 to 9999; arithmetic past either end raises OverflowError.
# An event's times must be held in UTC and shown in the conference's zone, either of which an
# offset can take past the end (9999-12-31T23:30-02:00 is in the year 10000 in UTC).


def in_range(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether ``moment`` is within the years 1 to 9999 in UTC and in ``zone``."""
    try:
        moment.astimezone(UTC).astimezone(zone)
    except OverflowError:
        return False
    return True


def out_of_range(*, late: bool) -> str:
    """What to say of a time that falls after the year 9999 (``late``) or before the year 1."""
    edge = "after the year 9999" if late else "before the year 1"
    return f"a date or duration out of range ({edge})"


def event_start(
    date_text: str,
    day_text: str,
    wall_text: str,
    zone: ZoneInfo,
    day_change: tuple[int, int, int] | None,
    names: tuple[str, str, str],
    missing: str,
) -> datetime | str:
    """An event's start, from its full date and time, or else its wall-clock start on its day;
    or, as a message, what is wrong with them. ``names`` are the file's words for the date, the
    start and the day (frab's ``<date>``, ``<start>``, ``<day>``), ``missing`` what to say when
    there is neither."""
    date_name, start_name, day_name = names
    start: datetime | None
    if date_text:
        start = parse_instant(date_text)
        if start is None:
            return f"{date_name} {date_text!r} is not an ISO 8601 date and time"
        start = in_zone(start, zone)
        field = f"{date_name} {shown(date_text)}"
    else:
        day_date = parse_date(day_text)
        wall = parse_wall_time(wall_text)
        if day_date is None or wall is None:
            return missing
        start = wall_clock(day_date, wall, zone, day_change)
        field = f"{start_name} {wall_text!r} on the {day_name} {day_date.isoformat()}"
    if start is None or not in_range(start, zone):
        return f"{field}: {out_of_range(late=start is None or start.year > 5000)}"
    return start


def event_end(
    start: datetime,
    end_text: str,
    duration_text: str,
    zone: ZoneInfo,
    names: tuple[str, str],
    missing: str,
) -> datetime | str:
    """An event's end, from its end time or else its duration after ``start``; or, as a
    message, what is wrong with them. ``names`` are the file's words for the two fields (frab's
    ``<end>``, ``<duration>``), ``missing`` what to say when there is neither."""
    end_name, duration_name = names
    if end_text:
        end = parse_instant(end_text)
        if end is None:
            return f"{end_name} {end_text!r} is not an ISO 8601 date and time"
        end = in_zone(end, zone)
        field = f"{end_name} {shown(end_text)}"
    else:
        field = f"{duration_name} {shown(duration_text)}"
        try:
            duration = parse_duration(duration_text)
            if duration is None:
                return (
                    f"{duration_name} {duration_text!r} is not HH:MM" if duration_text else missing
                )
            end = start + duration
        except OverflowError:  # it would end after the year 9999
            return f"{field}: {out_of_range(late=True)}"
    return end_problem(start, end, zone, field) or end


def end_problem(start: datetime, end: datetime, zone: ZoneInfo, field: str) -> str | None:
    """What is wrong with an event's end (``field`` names where it came from), or None."""
    if not in_range(end, zone):
        return f"{field}: {out_of_range(late=end.year > 5000)}"
    if end < start:
        return f"ends ({end.isoformat()}) before it starts ({start.isoformat()})"
    return None


def shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message; cut short, with its length, when it is long."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


# ---------------------------------------------------------------------------------------------
# The conference's zone


def choose_zone(
    conference: Conference, tz: str | None, problems: Problems, *, what: str
) -> ZoneInfo:
    """The file's own zone, else ``tz``; with neither, a ProgramError that asks for ``--tz``.

    Times never depend on this choice (they are read with their offsets); it decides how the
    program is shown, and how the few times without an offset are read.
    """
    if conference.zone_name:
        try:
            zone = get_zone(conference.zone_name.strip())
        except TimeZoneError as error:
            raise problems.fail(conference.zone_line, f"{what}: {error}") from None
        if tz and tz != zone.key:
            problems.warn(
                conference.zone_line,
                f"the file names its zone, {zone.key}; the zone given ({tz}) is used only for "
                "files that name none",
            )
        return zone
    if tz:
        try:
            return get_zone(tz)
        except TimeZoneError as error:
            raise ProgramError([f"the conference's zone: {error}"]) from None
    raise problems.fail(
        None,
        f"the file does not say in which time zone the conference is ({what}); give it: "
        "`itinerary convert FILE --tz ZONE`, or `--program-tz ZONE` to open it directly "
        "(e.g. Europe/Berlin)",
    )


def check_wall_times(events: Sequence[Event], zone: ZoneInfo, problems: Problems) -> None:
    """Warn when events' wall-clock ``start`` disagrees with their dated instant in ``zone``:
    the file's zone is then wrong (pretalx's demo names UTC but writes +01:00 times)."""
    checked = 0
    wrong: list[tuple[Event, str]] = []
    for event in events:
        if not event.wall_start:
            continue
        wall = parse_wall_time(event.wall_start)
        if wall is None:
            continue
        checked += 1
        local = event.start.astimezone(zone)
        if (local.hour, local.minute) != wall[:2]:
            wrong.append((event, f"{local:%H:%M}"))
    if wrong:
        event, local = wrong[0]
        problems.warn(
            event.line,
            f"{len(wrong)} of {checked} events have a start (wall time) that is not their date "
            f"in {zone.key}, the conference's zone (first: {event.where}, date "
            f"{event.start.isoformat()} is {local} there, start says {event.wall_start}); "
            "their times follow the dates, which carry offsets",
        )


# ---------------------------------------------------------------------------------------------
# Building the program


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
    if program_id is not None:
        if not is_valid_id(program_id):
            raise ProgramError(
                [
                    f"--id: {program_id!r} is not a valid program id (lowercase letters, digits, "
                    "'.', '_' and '-', starting with a letter or digit, at most 120 characters)"
                ]
            )
        the_id = program_id
    else:
        the_id = (
            program_slug(conference.acronym)
            or program_slug(title)
            or program_slug(fallback_title)
            or "imported-program"
        )
    if not events:
        problems.warn(None, "no events found: the program has no items")
    ids = assign_ids(events)
    _warn_shared_keys(events, ids, problems)
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
                "people": [{"name": name} for name in _people(event.people)],
                "abstract": combine_abstract(event),
                "room": one_line(event.room) or None,
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
        return Program.model_validate(data)
    except ValidationError as error:
        raise ProgramError(_describe(error, [events[i] for i in order], problems)) from None


def source_stem(source: str) -> str:
    """``schedules/36c3.xml`` → ``36c3``: a title for a file that names none."""
    name = re.split(r"[/\\]", source)[-1]
    return re.sub(r"\.[^.]*$", "", name) or name or "schedule"


def _people(names: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        name = one_line(name)
        if name:
            seen.setdefault(name, None)
    return list(seen)


def _warn_shared_keys(events: Sequence[Event], ids: Sequence[str], problems: Problems) -> None:
    counts = Counter(event.key for event in events)
    shared = [key for key, count in counts.items() if count > 1]
    if not shared:
        return
    first = next(event for event in events if event.key == shared[0])
    renamed = sorted(
        item_id
        for event, item_id in zip(events, ids, strict=True)
        if event.key in shared and item_id != item_slug(event.key)
    )
    problems.warn(
        first.line,
        f"{len(shared)} {first.key_name}(s) are used by more than one event (one submission in "
        f"several slots), e.g. {first.key_name} {shared[0]}; each slot is kept, the first (by "
        f"time) with the bare id, the later ones with -2, -3…: {', '.join(renamed[:4])}"
        f"{' …' if len(renamed) > 4 else ''}",
    )


def _describe(error: ValidationError, events: Sequence[Event], problems: Problems) -> list[str]:
    lines = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        cause = detail.get("ctx", {}).get("error")
        pairs = (
            [(loc + sub, message) for sub, message in cause.problems]
            if isinstance(cause, LocatedProblems)
            else [(loc, str(cause) if isinstance(cause, Exception) else detail["msg"])]
        )
        for full_loc, message in pairs:
            if len(full_loc) >= 2 and full_loc[0] == "items" and isinstance(full_loc[1], int):
                event = events[full_loc[1]]
                field_path = format_loc(full_loc[2:]) or "event"
                lines.append(problems.at(event.line, f"{event.where}: {field_path}: {message}"))
            else:
                lines.append(problems.at(None, f"{format_loc(full_loc)}: {message}"))
    return lines
