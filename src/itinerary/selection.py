"""A person's selection: which items they starred, how much they want them, their notes.

Pure values and pure changes; ``storage`` decides how they reach the disk. Stars are keyed by
item id and are never dropped because the program changed: a star whose item is gone stays,
is reported, and matches again when the item comes back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from itinerary.errors import ItineraryError
from itinerary.model import Instant, Item, Program, Slug
from itinerary.vocabulary import Priority

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


CleanText = Annotated[str, AfterValidator(_valid_unicode)]


class Star(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    priority: Priority = Priority.MUST
    note: CleanText = ""
    title: CleanText = Field(
        default="", description="The item's title when starred: names a star whose item is gone."
    )
    starred_at: AwareDatetime | None = None


class ExportRecord(BaseModel):
    """How an event was last exported: a calendar updates an event only when SEQUENCE rises."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    sequence: int = Field(ge=0)
    fingerprint: str
    modified: AwareDatetime

    @model_validator(mode="before")
    @classmethod
    def _from_short(cls, data: Any) -> Any:
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


class Friend(BaseModel):
    """A colleague's itinerary, kept beside mine: shown, never merged, never in my conflicts."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: CleanText
    written: Instant | None = None
    stars: dict[Slug, Priority] = Field(default_factory=dict)


class State(BaseModel):
    """Everything kept for one person and one program; written as a small YAML file."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    format: Literal[1, 2, 3] = STATE_FORMAT
    program: Slug
    # Not checked against the zone database here: a zone it no longer has (US/Pacific-New,
    # gone in tzdata 2020b) must not make the stars unreadable. choose_display_zone passes
    # over a saved zone it cannot find, and `tz` saves only zones it can.
    timezone: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="The display zone they chose."
    )
    stars: dict[Slug, Star] = Field(default_factory=dict)
    exports: dict[str, ExportRecord] = Field(
        default_factory=dict, description="By calendar UID: what was last exported."
    )
    friends: dict[str, Friend] = Field(
        default_factory=dict, description="Colleagues' itineraries, by their name."
    )
    notes_kept: dict[Slug, CleanText] = Field(
        default_factory=dict,
        description="The notes of items unstarred: back when the item is starred again.",
    )
    shares_written: dict[str, str] = Field(
        default_factory=dict,
        description="Share files `itinerary share` wrote, by path: a digest of what it wrote, "
        "so that it replaces its own file but never a colleague's of the same name.",
    )

    @model_validator(mode="before")
    @classmethod
    def _full_uids(cls, data: Any) -> Any:
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
    return state.model_copy(update={"stars": stars, "notes_kept": kept})


def unstar(state: State, item_ids: Iterable[str]) -> State:
    """Unstar; a note is kept (``notes_kept``) and comes back when the item is starred again."""
    gone = set(item_ids)
    kept = dict(state.notes_kept)
    kept.update({key: star.note for key, star in state.stars.items() if key in gone and star.note})
    return state.model_copy(
        update={
            "stars": {k: v for k, v in state.stars.items() if k not in gone},
            "notes_kept": kept,
        }
    )


def revert(current: State, before: State, after: State) -> State:
    """``current`` with the change from ``before`` to ``after`` undone, and nothing else: what
    another terminal changed meanwhile (other stars, friends) stays as it is now."""
    update: dict[str, object] = {}
    for field in ("stars", "notes_kept", "friends"):
        now = dict(getattr(current, field))
        old, new = getattr(before, field), getattr(after, field)
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                if key in old:
                    now[key] = old[key]
                else:
                    now.pop(key, None)
        update[field] = now
    if before.timezone != after.timezone:
        update["timezone"] = before.timezone
    return current.model_copy(update=update)


def cycle_priority(state: State, item_id: str) -> State:
    """must → maybe → must: the TUI's one-key way to change how much a star matters."""
    old = state.stars[item_id]
    new = Priority.MAYBE if old.priority is Priority.MUST else Priority.MUST
    return state.model_copy(
        update={"stars": {**state.stars, item_id: old.model_copy(update={"priority": new})}}
    )


MAX_SHARES_REMEMBERED = 50


def record_share(state: State, path: str, digest: str) -> State:
    """Remember that ``share`` wrote ``path`` with content of ``digest`` (the latest 50)."""
    written = {k: v for k, v in state.shares_written.items() if k != path}
    kept = dict(list(written.items())[-(MAX_SHARES_REMEMBERED - 1) :])
    return state.model_copy(update={"shares_written": {**kept, path: digest}})


def record_exports(state: State, versions: dict[str, ExportRecord]) -> State:
    return state.model_copy(update={"exports": {**state.exports, **versions}})


def set_zone(state: State, zone_name: str | None) -> State:
    return state.model_copy(update={"timezone": zone_name})


@dataclass(frozen=True)
class Starred:
    """A starred item of the program, with its star."""

    item: Item
    star: Star


def starred_items(state: State, program: Program) -> list[Starred]:
    """The starred items that exist in ``program``, in time order."""
    return [
        Starred(item, state.stars[item.id])
        for item in program.in_time_order
        if item.id in state.stars
    ]


def missing_stars(state: State, program: Program) -> dict[str, Star]:
    """Stars whose item is not in ``program`` (kept, in case it comes back)."""
    return {k: v for k, v in state.stars.items() if k not in program.by_id}
