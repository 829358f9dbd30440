"""Itineraries shared as files: writing mine, reading someone else's safely, and merging.

A share file comes from someone else, through chat or mail. Reading one never trusts it: at most
1 MiB, the safe YAML loader with tight limits on aliases and nesting, every field checked, unknown
fields refused; and nothing in my state changes until the whole file has been read and matched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from itinerary.datafile import load_model
from itinerary.display import printable
from itinerary.errors import ShareError
from itinerary.files import TooLarge, read_at_most
from itinerary.model import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    UTC,
    FrozenModel,
    Instant,
    Item,
    Loc,
    LocatedProblems,
    Program,
    Slug,
    format_loc,
)
from itinerary.selection import (
    MAX_NOTE_CHARS,
    UID_DOMAIN,
    CleanText,
    Friend,
    Priority,
    Star,
    State,
    starred_items,
)
from itinerary.yamlfile import SafeDumper

SHARE_FORMAT = 1
MAX_SHARE_BYTES = 1024 * 1024
# An exported calendar read as a share file: icalendar parses about 1.5 MiB a second here, so
# 8 MiB (some 8,000 events with abstracts) is read in seconds, not minutes. `export` says when
# the calendar it wrote is larger, so that a file it writes is never refused without a word.
MAX_CALENDAR_BYTES = 8 * 1024 * 1024
# A real share file of 10,000 stars has about 60,000 values and nests 4 levels deep.
MAX_SHARE_NODES = 200_000
MAX_SHARED_STARS = 50_000
MAX_SHOWN_PROBLEMS = 20
MAX_SHARE_DEPTH = 12

MAX_NAME_CHARS, MAX_TITLE_CHARS, MAX_PROGRAM_TITLE_CHARS = 200, 1000, 500
Name = Annotated[CleanText, Field(min_length=1, max_length=MAX_NAME_CHARS)]
Note = Annotated[CleanText, Field(max_length=MAX_NOTE_CHARS)]


class SharedProgram(FrozenModel):
    id: Slug
    title: Annotated[CleanText, Field(max_length=MAX_PROGRAM_TITLE_CHARS)]
    fingerprint: Annotated[str, Field(max_length=128)]


class SharedStar(FrozenModel):
    id: Slug
    title: Annotated[CleanText, Field(max_length=MAX_TITLE_CHARS)]
    start: Instant  # in the years any program can have: shown in any zone, never overflows
    priority: Priority = Priority.MUST
    note: Note = ""


class ShareFile(FrozenModel):
    """Someone's itinerary for one program, as the file says it."""

    format: Literal[1] = SHARE_FORMAT
    program: SharedProgram
    owner: Name
    written: Instant
    stars: tuple[SharedStar, ...] = Field(default=(), max_length=MAX_SHARED_STARS)

    @model_validator(mode="after")
    def _each_item_once(self) -> ShareFile:
        # Twice would be counted twice on import ("already starred: 2").
        first: dict[str, int] = {}
        problems: list[tuple[Loc, str]] = []
        for index, star in enumerate(self.stars):
            if star.id in first:
                problems.append(
                    (("stars", index, "id"), f"{star.id!r} is starred twice (first at "
                     f"stars[{first[star.id]}])")
                )  # fmt: skip
            else:
                first[star.id] = index
        if problems:
            raise LocatedProblems(problems)
        return self


# --- writing --------------------------------------------------------------------------------


def program_fingerprint(program: Program) -> str:
    """Changes when any item's id, title or time changes: tells one version of a program from
    another, so a share file written against an older one is matched with care."""
    content = sorted(
        (item.id, item.title, item.starts.isoformat(), item.ends.isoformat())
        for item in program.items
    )
    return hashlib.sha256(json.dumps(content).encode("utf-8")).hexdigest()[:32]


def build_share(program: Program, state: State, owner: str, now: datetime) -> ShareFile:
    """The share file of ``state``. Titles (and notes saved before notes had a limit) longer
    than a share file carries are shortened; ``owner`` must fit (ShareError)."""
    if not 0 < len(owner) <= MAX_NAME_CHARS:
        raise ShareError([f"give a name of 1 to {MAX_NAME_CHARS} characters (--name)"])
    return ShareFile(
        program=SharedProgram(
            id=program.id,
            title=_clip(program.title, MAX_PROGRAM_TITLE_CHARS),
            fingerprint=program_fingerprint(program),
        ),
        owner=owner,
        written=now.astimezone(UTC),
        stars=tuple(
            SharedStar(
                id=entry.item.id,
                title=_clip(entry.item.title, MAX_TITLE_CHARS),
                start=entry.item.starts,
                priority=entry.star.priority,
                note=_clip(entry.star.note, MAX_NOTE_CHARS),
            )
            for entry in starred_items(state, program)
        ),
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _comment(text: str) -> str:
    """Text fit for a YAML comment: on one line (YAML also breaks lines at U+0085, U+2028 and
    U+2029, which would turn the rest of the title into YAML) and printable (a reader refuses a
    file holding DEL or C1 anywhere, comments included)."""
    return json.dumps(printable(text, single_line=True), ensure_ascii=False)


def render_share(share: ShareFile) -> str:
    header = (
        f"# The itinerary of {_comment(share.owner)} for "
        f"{_comment(share.program.title)}, shared from itinerary.\n"
        "# Open it with: itinerary import FILE (--merge, --replace or --overlay)\n"
    )
    body = yaml.dump(
        share.model_dump(mode="json"),
        Dumper=SafeDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return header + body


def share_file_name(owner: str) -> str:
    """``Ada Lovelace`` → ``ada-lovelace.itinerary.yaml``."""
    ascii_name = unicodedata.normalize("NFKD", owner).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "my"
    return f"{stem}.itinerary.yaml"


# --- reading --------------------------------------------------------------------------------


def read_share(data: bytes, source: str, program: Program) -> ShareFile:
    """A share file or an exported calendar, checked and turned into a ShareFile."""
    if len(data) > MAX_CALENDAR_BYTES or (len(data) > MAX_SHARE_BYTES and not _is_calendar(data)):
        limit = MAX_CALENDAR_BYTES if _is_calendar(data) else MAX_SHARE_BYTES
        raise ShareError(
            [
                f"{source}: {len(data):,} bytes is too large for a share file "
                f"(the limit is {limit:,}); nothing was changed"
            ]
        )
    if _is_calendar(data):
        return _read_calendar(data, source, program)
    return load_model(
        ShareFile,
        data,
        source,
        error=ShareError,
        expected="a share file is a mapping with format, program, owner, written and stars",
        max_nodes=MAX_SHARE_NODES,
        max_depth=MAX_SHARE_DEPTH,
        explain=_not_a_share_file,
    )


def read_share_file(path: Path, program: Program, owner: str | None = None) -> ShareFile:
    """The share file (or exported calendar) at ``path``, as ``owner``'s when given."""
    try:
        data = read_at_most(path, MAX_CALENDAR_BYTES)  # the largest read_share takes
    except TooLarge:
        raise ShareError(
            [
                f"{path}: too large for a share file or calendar (the limit is "
                f"{MAX_CALENDAR_BYTES:,} bytes for a calendar); nothing was changed"
            ]
        ) from None
    except OSError as error:
        raise ShareError([f"{path}: cannot read it: {error.strerror or error}"]) from None
    share = read_share(data, str(path), program)
    return share if owner is None else rename_share(share, owner, str(path))


def written_by_share(path: Path, digest: str | None) -> bool:
    """Whether ``path`` is free, or holds what `share` last wrote there (``digest``): share
    replaces its own file, never a colleague's of the same name."""
    if not os.path.lexists(path):
        return True
    try:
        existing = read_at_most(path, MAX_CALENDAR_BYTES, regular_only=True)
    except (OSError, TooLarge):
        return False
    return digest is not None and hashlib.sha256(existing).hexdigest() == digest


def rename_share(share: ShareFile, owner: str, source: str) -> ShareFile:
    """The share as ``owner``'s (``import --name``), the name checked as a file's would be."""
    try:
        return ShareFile.model_validate({**share.model_dump(), "owner": owner})
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        raise ShareError([f"{source}: --name: {detail['msg']}; nothing was changed"]) from None


def _not_a_share_file(data: dict) -> str | None:
    if "items" in data and "stars" not in data:
        return (
            "this is a program, not a share file (open a program with --program FILE; "
            "a share file is what `itinerary share` writes); nothing was changed"
        )
    return None


def _is_calendar(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper() == b"BEGIN:VCALENDAR"


_OUR_UID = re.compile(
    r"^(?P<item>[a-z0-9][a-z0-9._-]*)@(?P<program>[a-z0-9][a-z0-9._-]*)\."
    + re.escape(UID_DOMAIN)
    + "$"
)


def _read_calendar(data: bytes, source: str, program: Program) -> ShareFile:
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
        for item_id in ids:
            if _OUR_UID.match(f"{item_id}@x.{UID_DOMAIN}"):
                title = str(event.get("SUMMARY", item_id)) if item_id == match["item"] else ""
                title = _clip(title or item_id, MAX_TITLE_CHARS)
                stars.setdefault(item_id, {"id": item_id, "title": title, "start": start})
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
    owner = _clip(Path(source).stem or source, MAX_NAME_CHARS)
    shared = {
        "program": {"id": program.id, "title": program.title, "fingerprint": ""},
        "owner": owner,
        "written": max(stamps, default=datetime.now(timezone.utc)),
        "stars": list(stars.values()),
    }
    try:
        return ShareFile.model_validate(shared)
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


# --- matching and merging ---------------------------------------------------------------------


@dataclass
class Matched:
    """What a share file's stars are in this program."""

    share: ShareFile
    items: list[tuple[SharedStar, Item]] = field(default_factory=list)
    by_title: list[tuple[SharedStar, Item]] = field(default_factory=list)  # the program changed
    missing: list[SharedStar] = field(default_factory=list)


def match_share(share: ShareFile, program: Program, source: str) -> Matched:
    """Match by id; for a file written against another version of the program, an id that is
    gone is matched again by title and start time. What cannot be matched is listed."""
    if share.program.id != program.id:
        raise ShareError(
            [
                f"{source}: this itinerary is for program {share.program.id!r} "
                f"({share.program.title}), not {program.id!r} ({program.title}); open that program "
                "with --program to import it. Nothing was changed."
            ]
        )
    same_version = share.program.fingerprint == program_fingerprint(program)
    by_title_and_time = {(i.title.casefold(), i.starts): i for i in program.items}
    matched = Matched(share)
    for shared in share.stars:
        item = program.by_id.get(shared.id)
        if item is not None:
            matched.items.append((shared, item))
            continue
        again = (
            None
            if same_version
            else by_title_and_time.get((shared.title.casefold(), shared.start.astimezone(UTC)))
        )
        if again is not None:
            matched.items.append((shared, again))
            matched.by_title.append((shared, again))
        else:
            matched.missing.append(shared)
    return matched


Mode = Literal["merge", "replace", "overlay"]


@dataclass(frozen=True)
class ImportOutcome:
    added: list[Item]
    already: list[Item]
    removed: list[str]  # ids of my stars that --replace dropped


def merge(state: State, pairs: Sequence[tuple[SharedStar, Item]], now: datetime) -> State:
    """Add the file's stars to mine; where both have an item, mine (priority, note) stays."""
    stars = dict(state.stars)
    for shared, item in pairs:
        if item.id not in stars:
            stars[item.id] = Star(
                priority=shared.priority, note=shared.note, title=item.title, starred_at=now
            )
    return state.model_copy(update={"stars": stars})


def replace(state: State, pairs: Sequence[tuple[SharedStar, Item]], now: datetime) -> State:
    """Make my stars exactly the file's (its priorities and notes)."""
    stars = {
        item.id: Star(priority=shared.priority, note=shared.note, title=item.title, starred_at=now)
        for shared, item in pairs
    }
    return state.model_copy(update={"stars": stars})


def overlay(state: State, share: ShareFile, pairs: Sequence[tuple[SharedStar, Item]]) -> State:
    """Keep the file as a friend's itinerary beside mine (the same name replaces it)."""
    friend = Friend(
        name=share.owner,
        written=share.written,
        stars={item.id: shared.priority for shared, item in pairs},
    )
    return state.model_copy(update={"friends": {**state.friends, share.owner: friend}})


def outcome(
    before: State, after: State, pairs: Sequence[tuple[SharedStar, Item]], mode: Mode
) -> ImportOutcome:
    if mode == "overlay":
        return ImportOutcome([], [], [])
    added = [item for _, item in pairs if item.id not in before.stars and item.id in after.stars]
    already = [item for _, item in pairs if item.id in before.stars]
    removed = [key for key in before.stars if key not in after.stars]
    return ImportOutcome(added, already, removed)


def friends_of(state: State, item_id: str) -> list[tuple[str, Priority]]:
    """Who, of the friends kept, starred this item."""
    return [
        (friend.name, friend.stars[item_id])
        for friend in state.friends.values()
        if item_id in friend.stars
    ]


def _words(name: str) -> list[str]:
    # Letters and digits only: a name from a share file may hold control characters.
    parts = (
        "".join(char for char in part if char.isalnum()) for part in re.split(r"[\s._-]+", name)
    )
    return [part for part in parts if part]


def initials(name: str) -> str:
    """``Ada Lovelace`` → ``AL``; one word → its first two letters."""
    words = _words(name)
    if len(words) >= 2:
        return (words[0][0] + words[1][0]).upper()
    return (words[0][:2] if words else "?").upper()


def initials_of(names: Iterable[str]) -> dict[str, str]:
    """Initials that tell the friends apart: ``AL``; where two share them, the first letter and
    the start of the second word (``ALo`` and ``ALe``); where even that is shared, numbered
    (``AL1``, ``AL2``)."""
    names = sorted(names)
    plain = {name: initials(name) for name in names}
    found = {}
    for name in names:
        same = [other for other in names if plain[other] == plain[name]]
        if len(same) == 1:
            found[name] = plain[name]
            continue
        longer = {other: _longer_initials(other) for other in same}
        unique = list(longer.values()).count(longer[name]) == 1
        found[name] = longer[name] if unique else f"{plain[name]}{same.index(name) + 1}"
    return found


def _longer_initials(name: str) -> str:
    words = _words(name)
    return words[0][0].upper() + words[1][:2].capitalize() if len(words) >= 2 else initials(name)
