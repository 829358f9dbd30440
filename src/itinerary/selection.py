"""A person's selection: which items they starred, how much they want them, their notes.

Pure values and pure changes; ``storage`` decides how they reach the disk. Stars are keyed by
item id and are never dropped because the program changed: a star whose item is gone stays,
is reported, and matches again when the item comes back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from itinerary.errors import ItineraryError
from itinerary.model import Aware, Instant, Item, Program, Slug
from itinerary.validation import CLOSED, Check, checked
from itinerary.vocabulary import Priority

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic_core import CoreSchema

# 2: notes_kept (the notes of unstarred items) and shares_written. 3: export records written
# short (``event: [sequence, fingerprint, modified]``), so that an export of the largest program
# allowed still fits the state's size limit. Older files are read as they are; what is written
# is always this format, so an older itinerary refuses it rather than misread it.
STATE_FORMAT: Final = 3

# A calendar UID of ours is ``<event>@<program>.itinerary``: the same on every export and every
# machine, so a second import updates the first.
UID_DOMAIN = "itinerary"


def calendar_uid(program_id: str, event_id: str) -> str:
    return f"{event_id}@{program_id}.{UID_DOMAIN}"


def event_id_of(uid: str, program_id: str) -> str | None:
    """The event a UID of ours names, or None when it is not one of ours for this program."""
    suffix = f"@{program_id}.{UID_DOMAIN}"
    event = uid[: -len(suffix)] if uid.endswith(suffix) else ""
    return event if event and "@" not in event else None


def _valid_unicode(text: str) -> str:
    """Undecodable bytes (a note typed in a non-UTF-8 terminal reaches us as lone surrogates)
    become U+FFFD: such text could be written to a file but never read back."""
    return _SURROGATE.sub("\N{REPLACEMENT CHARACTER}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


CleanText = Annotated[str, Check(_valid_unicode)]


@dataclass(frozen=True, kw_only=True)
class Star:
    __pydantic_config__ = CLOSED

    priority: Priority = Priority.MUST
    note: CleanText = ""
    title: Annotated[
        CleanText,
        Check(description="The item's title when starred: names a star whose item is gone."),
    ] = ""
    starred_at: Aware | None = None


@dataclass(frozen=True, kw_only=True)
class ExportRecord:
    """How an event was last exported: a calendar updates an event only when SEQUENCE rises."""

    __pydantic_config__ = CLOSED

    sequence: Annotated[int, Check(ge=0)]
    fingerprint: str
    modified: Aware

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Callable[[Any], CoreSchema]) -> Any:
        return checked(handler, source, before=cls._from_short)

    @staticmethod
    def _from_short(data: Any) -> Any:
        """Format 3 writes ``[sequence, fingerprint, modified]``; format 2 wrote a mapping."""
        if not isinstance(data, (list, tuple)) or len(data) != 3:
            return data
        sequence, fingerprint, modified = data
        if isinstance(modified, str) and _BASIC_UTC.fullmatch(modified):
            modified = datetime.strptime(modified, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        return {"sequence": sequence, "fingerprint": fingerprint, "modified": modified}

    def short(self) -> list[object]:
        """As format 3 writes it; the time in iCalendar's UTC form, as LAST-MODIFIED has it."""
        modified = self.modified.astimezone(timezone.utc)
        if modified.microsecond:  # format 2 kept microseconds: keep them
            return [self.sequence, self.fingerprint, modified.isoformat().replace("+00:00", "Z")]
        return [self.sequence, self.fingerprint, modified.strftime("%Y%m%dT%H%M%SZ")]


_BASIC_UTC = re.compile(r"\d{8}T\d{6}Z")


@dataclass(frozen=True, kw_only=True)
class Friend:
    """A colleague's itinerary, kept beside mine: shown, never merged, never in my conflicts."""

    __pydantic_config__ = CLOSED

    name: CleanText
    written: Instant | None = None
    stars: dict[Slug, Priority] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class State:
    """Everything kept for one person and one program; written as a small YAML file."""

    __pydantic_config__ = CLOSED

    format: Literal[1, 2, 3] = STATE_FORMAT
    program: Slug
    # Not checked against the zone database here: a zone it no longer has (US/Pacific-New,
    # gone in tzdata 2020b) must not make the stars unreadable. choose_display_zone passes
    # over a saved zone it cannot find, and `tz` saves only zones it can.
    timezone: Annotated[
        Annotated[str, Check(max_length=200)] | None,
        Check(description="The display zone they chose."),
    ] = None
    stars: dict[Slug, Star] = field(default_factory=dict)
    exports: Annotated[
        dict[str, ExportRecord], Check(description="By calendar UID: what was last exported.")
    ] = field(default_factory=dict)
    friends: Annotated[
        dict[str, Friend], Check(description="Colleagues' itineraries, by their name.")
    ] = field(default_factory=dict)
    notes_kept: Annotated[
        dict[Slug, CleanText],
        Check(description="The notes of items unstarred: back when the item is starred again."),
    ] = field(default_factory=dict)
    shares_written: Annotated[
        dict[str, str],
        Check(
            description="Share files `itinerary share` wrote, by path: a digest of what it "
            "wrote, so that it replaces its own file but never a colleague's of the same name."
        ),
    ] = field(default_factory=dict)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Callable[[Any], CoreSchema]) -> Any:
        return checked(handler, source, before=cls._full_uids)

    @staticmethod
    def _full_uids(data: Any) -> Any:
        """Format 3 keys export records by event, the UID's part before ``@<program>``."""
        if not isinstance(data, dict):
            return data
        program, exports = data.get("program"), data.get("exports")
        if not isinstance(program, str) or not isinstance(exports, dict):
            return data
        full = {
            calendar_uid(program, key) if isinstance(key, str) and "@" not in key else key: value
            for key, value in exports.items()
        }
        return {**data, "exports": full}

    def short_exports(self) -> dict[str, list[object]]:
        """The export records as format 3 writes them."""
        return {
            event_id_of(uid, self.program) or uid: record.short()
            for uid, record in self.exports.items()
        }

    def star_of(self, item_id: str) -> Star | None:
        return self.stars.get(item_id)


# A note is a reminder, not a document: as long as a share file will carry.
MAX_NOTE_CHARS = 2000


def star(
    state: State,
    items: Iterable[Item],
    *,
    priority: Priority | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> State:
    """Star ``items``; a star that exists keeps what is not given (its priority, its note)."""
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise ItineraryError(
            f"a note of {len(note):,} characters is too long (at most {MAX_NOTE_CHARS:,}: a "
            "share file carries no more); nothing was changed"
        )
    stars = dict(state.stars)
    kept = dict(state.notes_kept)
    moment = now or datetime.now(timezone.utc)
    for item in items:
        old = stars.get(item.id)
        earlier = kept.pop(item.id, "")  # the note it had when it was unstarred
        stars[item.id] = Star(
            priority=priority or (old.priority if old else Priority.MUST),
            note=note if note is not None else (old.note if old else earlier),
            title=item.title,
            starred_at=old.starred_at if old and old.starred_at else moment,
        )
    return replace(state, stars=stars, notes_kept=kept)


def unstar(state: State, item_ids: Iterable[str]) -> State:
    """Unstar; a note is kept (``notes_kept``) and comes back when the item is starred again."""
    gone = set(item_ids)
    kept = dict(state.notes_kept)
    kept.update({key: star.note for key, star in state.stars.items() if key in gone and star.note})
    return replace(
        state, stars={k: v for k, v in state.stars.items() if k not in gone}, notes_kept=kept
    )


def revert(current: State, before: State, after: State) -> State:
    """``current`` with the change from ``before`` to ``after`` undone, and nothing else: what
    another terminal changed meanwhile (other stars, friends) stays as it is now."""
    update: dict[str, Any] = {}
    for name in ("stars", "notes_kept", "friends"):
        now = dict(getattr(current, name))
        old, new = getattr(before, name), getattr(after, name)
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                if key in old:
                    now[key] = old[key]
                else:
                    now.pop(key, None)
        update[name] = now
    if before.timezone != after.timezone:
        update["timezone"] = before.timezone
    return replace(current, **update)


def cycle_priority(state: State, item_id: str) -> State:
    """must → maybe → must: the TUI's one-key way to change how much a star matters."""
    old = state.stars[item_id]
    new = Priority.MAYBE if old.priority is Priority.MUST else Priority.MUST
    return replace(state, stars={**state.stars, item_id: replace(old, priority=new)})


MAX_SHARES_REMEMBERED = 50


def record_share(state: State, path: str, digest: str) -> State:
    """Remember that ``share`` wrote ``path`` with content of ``digest`` (the latest 50)."""
    written = {k: v for k, v in state.shares_written.items() if k != path}
    kept = dict(list(written.items())[-(MAX_SHARES_REMEMBERED - 1) :])
    return replace(state, shares_written={**kept, path: digest})


def record_exports(state: State, versions: dict[str, ExportRecord]) -> State:
    return replace(state, exports={**state.exports, **versions})


def set_zone(state: State, zone_name: str | None) -> State:
    return replace(state, timezone=zone_name)


@dataclass(frozen=True)
class Starred:
    """A starred item of the program, with its star."""

    item: Item
    star: Star


def starred_items(state: State, program: Program) -> list[Starred]:
    """The starred items that exist in ``program``, in time order."""
    if not state.stars:
        return []  # (not a pass over 100,000 items for nothing)
    return [
        Starred(item, state.stars[item.id])
        for item in program.in_time_order
        if item.id in state.stars
    ]


def missing_stars(state: State, program: Program) -> dict[str, Star]:
    """Stars whose item is not in ``program`` (kept, in case it comes back)."""
    return {k: v for k, v in state.stars.items() if k not in program.by_id}
