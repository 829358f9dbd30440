"""The program as data: frozen dataclasses whose every time is time-zone aware.

A ``Program`` made by ``validation.validate`` (from a file) or read from the program store
(which holds only programs validated so) is valid: ids are unique, references resolve, every
item has a start before its end, and every time is an instant held in UTC. The program's IANA
zone (the venue's) and the person's display zone only change how an instant is written, never
what it is. Holding UTC also keeps Python's datetime arithmetic honest: between two times that
share a ZoneInfo, ``-`` and ``<`` use the wall clock and are wrong by an hour across a DST
change.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, Protocol
from zoneinfo import ZoneInfo

from itinerary.errors import ItineraryError, NotFoundError
from itinerary.ids import closest_ids
from itinerary.on_demand import OnDemand
from itinerary.timezones import get_zone
from itinerary.validation import CLOSED, Check, Loc, LocatedProblems, checked, format_loc
from itinerary.vocabulary import Kind

if TYPE_CHECKING:
    from pydantic_core import CoreSchema

FORMAT_VERSION: Final = 1
UTC = ZoneInfo("UTC")


def _check_zone(name: str) -> str:
    try:
        get_zone(name)
    except ItineraryError as error:
        raise ValueError(str(error)) from None
    return name


# The slug rule: what a stable id may hold. Ids made from a schedule's keys are built to follow
# it (importers.ids), and an id given with --id is checked against it before use.
SLUG_CHARACTERS = "a-z0-9._-"
SLUG_PATTERN = rf"^[a-z0-9][{SLUG_CHARACTERS}]*$"
MAX_SLUG_LENGTH = 120
SLUG_RULE = (
    "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, "
    f"at most {MAX_SLUG_LENGTH} characters"
)
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    """Whether ``text`` follows the slug rule, as the ``Slug`` field checks it. ``fullmatch``:
    Python's ``$`` also matches before a final newline, which pydantic's regex refuses."""
    return bool(_SLUG.fullmatch(text)) and len(text) <= MAX_SLUG_LENGTH


Slug = Annotated[
    str,
    Check(
        pattern=SLUG_PATTERN,
        max_length=MAX_SLUG_LENGTH,
        description="A stable id: lowercase letters, digits, '.', '_' and '-'. Never change a "
        "published id: stars, share files and calendar UIDs refer to it.",
    ),
]
Text = Annotated[str, Check(min_length=1)]

# Ten times the biggest conference programs (FOSDEM, CCC): more is a file made to cost.
MAX_ITEMS = 200_000

# Far wider than any conference, and far enough from datetime's limits (years 1 and 9999) that
# showing a time in any zone cannot overflow.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _check_year(moment: datetime) -> datetime:
    # The year of the instant (in UTC, as it is kept), not of the offset the file wrote it in:
    # 1900-01-01T00:10+01:00 is in 1899, and would fail wherever it is checked next.
    try:
        year = moment.astimezone(timezone.utc).year if moment.utcoffset() else moment.year
    except OverflowError:  # the year 1 at +01:00 is in the year 0 in UTC
        year = moment.year
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"the year {year} is not between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment


Aware = Annotated[datetime, Check(aware=True)]
Moment = Annotated[Aware, Check(_check_year)]
# A time read from outside a program (a share file, a friend's), held in UTC like a program's
# own, so that writing it as "… UTC" is true whatever offset the file gave.
Instant = Annotated[Moment, Check(lambda moment: _utc(moment))]
ZoneName = Annotated[
    str,
    Check(
        _check_zone,
        description="An IANA time zone name, e.g. Pacific/Honolulu.",
        examples=["Europe/Berlin"],
    ),
]


@dataclass(frozen=True, kw_only=True)
class Person:
    __pydantic_config__ = CLOSED

    name: Text
    affiliation: str | None = None


@dataclass(frozen=True, kw_only=True)
class Session:
    """A grouping of items under a heading (``Session I: …``); not something one attends alone."""

    __pydantic_config__ = CLOSED

    id: Slug
    title: Text
    start: Annotated[
        Moment | None,
        Check(description="When the program lists the session's heading, if it does."),
    ] = None
    description: str = ""


# Slots, not a __dict__: a program holds tens of thousands of items, and a pass over them all
# (a list's rows, a search, the clashes) reads a field of each, 3 to 4 times quicker from its
# slot, in a third of the memory.
@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """Something a person can star: a talk, a poster, a break, a social event."""

    # Every Item in a validated Program is its own copy (CLOSED revalidates, so never one shared
    # with another Program), so the Program's check may complete it in place: see
    # Program._references_resolve.
    __pydantic_config__ = CLOSED

    id: Slug
    kind: Kind
    title: Text
    start: Annotated[
        Moment | None,
        Check(
            description="With a UTC offset. Leave out, with end, for an item shown during its "
            "parent (a poster during its poster session): it takes the parent's times."
        ),
    ] = None
    end: Moment | None = None
    session: Annotated[Slug | None, Check(description="The id of the session it belongs to.")] = (
        None
    )
    parent: Annotated[
        Slug | None,
        Check(description="The id of the item it is part of (a poster's poster session)."),
    ] = None
    people: Annotated[
        tuple[Person, ...],
        Check(description="Authors, speakers or panelists, in the order the program gives."),
    ] = ()
    abstract: str = ""  # fetched when first read, from the store (ABSTRACT, below)
    room: str | None = None
    track: Annotated[
        str | None, Check(description="The conference's track or theme it belongs to, if any.")
    ] = None
    url: str | None = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Callable[[Any], CoreSchema]) -> Any:
        return checked(handler, source, after=cls._times_make_sense)

    def _times_make_sense(self) -> Item:
        if (self.start is None) != (self.end is None):
            missing = "end" if self.end is None else "start"
            raise LocatedProblems([((missing,), "give both start and end, or neither")])
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise LocatedProblems(
                [
                    (
                        ("end",),
                        f"ends at {self.end.isoformat()}, not after its start "
                        f"{self.start.isoformat()}",
                    )
                ]
            )
        return self

    # After Program validation, every item has both times; these spare callers the Optional.
    @property
    def starts(self) -> datetime:
        assert self.start is not None
        return self.start

    @property
    def ends(self) -> datetime:
        assert self.end is not None
        return self.end

    @property
    def speakers(self) -> list[str]:
        return [person.name for person in self.people]


ABSTRACT: Final = OnDemand.install(Item, "abstract")


class StoredSearch(Protocol):
    """What answers a search without looking at the items: given the words searched for (as
    ``search.search_words`` gives them), the ids of the items each begins a word of, or None."""

    def __call__(self, words: tuple[str, ...]) -> frozenset[str] | None: ...

    def open(self) -> None:
        """Be ready for a first search (read and checked), in a worker, before any key."""


@dataclass(frozen=True, kw_only=True)
class Program:
    """A conference program: its sessions and every item a person can star."""

    __pydantic_config__ = CLOSED

    format: Annotated[Literal[1], Check(description="The program format version.")] = FORMAT_VERSION
    id: Annotated[
        Slug, Check(description="Stable id of the program; state and share files are keyed on it.")
    ]
    title: Text
    conference: str | None = None
    venue: str | None = None
    url: str | None = None
    timezone: Annotated[
        ZoneName, Check(description="The venue's IANA zone; every time is shown in it.")
    ]
    description: str = ""
    organizers: tuple[Person, ...] = ()
    sessions: tuple[Session, ...] = ()
    items: Annotated[tuple[Item, ...], Check(max_length=MAX_ITEMS)] = ()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Callable[[Any], CoreSchema]) -> Any:
        return checked(handler, source, after=cls._references_resolve)

    def _references_resolve(self) -> Program:
        problems = [*self._duplicate_ids(), *self._unresolved_references()]
        if problems:
            raise LocatedProblems(problems)
        by_id = {item.id: item for item in self.items}
        # Frozen values cannot be assigned to; this one rewrite, during validation, holds every
        # time in UTC and gives posters their poster session's times. The items are this
        # program's own fresh copies (CLOSED revalidates), so they are completed in place:
        # copying 20,000 of them would cost a third of a second.
        for session in self.sessions:
            if session.start is not None:
                object.__setattr__(session, "start", _utc(session.start))
        for item in self.items:
            source = item if item.start is not None else by_id[item.parent]  # type: ignore[index]
            object.__setattr__(item, "start", _utc(source.start))  # type: ignore[arg-type]
            object.__setattr__(item, "end", _utc(source.end))  # type: ignore[arg-type]
        return self

    def _duplicate_ids(self) -> Iterable[tuple[Loc, str]]:
        first_use: dict[str, Loc] = {}
        named: tuple[tuple[str, Sequence[Session | Item]], ...] = (
            ("sessions", self.sessions),
            ("items", self.items),
        )
        for field, entries in named:
            for index, entry in enumerate(entries):
                if entry.id in first_use:
                    where = format_loc(first_use[entry.id])
                    yield (field, index, "id"), f"duplicate id {entry.id!r} (first used at {where})"
                else:
                    first_use[entry.id] = (field, index)

    def _unresolved_references(self) -> Iterable[tuple[Loc, str]]:
        session_ids = {session.id for session in self.sessions}
        by_id = {item.id: item for item in self.items}
        for index, item in enumerate(self.items):
            if item.session is not None and item.session not in session_ids:
                loc: Loc = ("items", index, "session")
                yield _unknown(loc, "session", item.session, session_ids)
            loc = ("items", index, "parent")
            parent = by_id.get(item.parent) if item.parent is not None else None
            if item.parent is None:
                if item.start is None:
                    message = "field required (only an item with a parent may leave out its times)"
                    yield ("items", index, "start"), message
            elif parent is None:
                yield _unknown(loc, "item", item.parent, by_id)
            elif parent.id == item.id:
                yield loc, "an item cannot be its own parent"
            elif parent.parent is not None:
                yield loc, f"{item.parent!r} cannot be a parent: it has a parent itself"
            elif parent.start is None:
                yield loc, f"parent {item.parent!r} has no times to give"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def stored_search(self) -> StoredSearch | None:
        """What answers a search of this program's words without looking at its items (the
        program store's words index, which ``search.SearchIndex`` asks before making its own),
        or None. Not a field: never compared, dumped or validated."""
        search: StoredSearch | None = self.__dict__.get("_stored_search")
        return search

    def keep_stored_search(self, search: StoredSearch) -> None:
        self.__dict__["_stored_search"] = search

    @functools.cached_property
    def by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @functools.cached_property
    def sessions_by_id(self) -> dict[str, Session]:
        return {session.id: session for session in self.sessions}

    @functools.cached_property
    def in_time_order(self) -> tuple[Item, ...]:
        """Items by start, then end; the file's order breaks ties."""
        return tuple(sorted(self.items, key=lambda item: (item.starts, item.ends)))

    # Worked out once for each program: each is a pass over every item, which at 100,000 items
    # takes tens of milliseconds however little it does with each.
    @functools.cached_property
    def span(self) -> tuple[datetime, datetime] | None:
        """The first start and the last end of its items, posters aside (shown with their
        poster session); None when it has none."""
        shown = [item for item in self.in_time_order if item.kind is not Kind.POSTER]
        return (shown[0].starts, max(item.ends for item in shown)) if shown else None

    @functools.cached_property
    def rooms(self) -> frozenset[str]:
        return frozenset({item.room for item in self.in_time_order if item.room})

    @functools.cached_property
    def tracks(self) -> frozenset[str]:
        return frozenset({item.track for item in self.in_time_order if item.track})

    def get(self, item_id: str) -> Item:
        """The item called ``item_id``, or a NotFoundError that suggests the closest ids."""
        item = self.by_id.get(item_id)
        if item is not None:
            return item
        close = closest_ids(item_id, self.by_id)
        hint = (
            f"; did you mean {', '.join(close)}?" if close else "; `itinerary list` shows the ids"
        )
        raise NotFoundError(f"no item {item_id!r} in program {self.id!r}{hint}")

    def group_of(self, item: Item) -> str | None:
        """The id of the session an item belongs to, or of its parent (a poster's session)."""
        return item.session or item.parent


def _utc(moment: datetime) -> datetime:
    """``moment`` itself if it is already held in ZoneInfo("UTC"), else that instant in it."""
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _unknown(loc: Loc, what: str, name: str, known: Iterable[str]) -> tuple[Loc, str]:
    close = closest_ids(name, known, limit=1)
    return loc, f"no {what} with id {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
