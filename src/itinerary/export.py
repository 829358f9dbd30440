"""Exporting an itinerary: choose the items, build the calendar, write it, remember versions.

The one place both faces (the command and the planner) export through, so that they write the
same file and keep SEQUENCE numbers in step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from itinerary.errors import ItineraryError, StorageError
from itinerary.files import write_atomically
from itinerary.ics import (
    PosterMode,
    build_calendar,
    cancelled_events,
    next_versions,
    plan_events,
)
from itinerary.model import Program
from itinerary.selection import State, calendar_uid, record_exports, starred_items
from itinerary.session import Session
from itinerary.share_format import MAX_CALENDAR_BYTES
from itinerary.vocabulary import MAX_ALARM_MINUTES
from itinerary.wording import counted


class NothingToExport(ItineraryError):
    """Nothing is starred and the whole program was not asked for."""


@dataclass(frozen=True)
class ExportResult:
    events: int
    in_utc: int
    zone: ZoneInfo
    data: bytes
    state: State
    cancelled: int = 0

    def describe(self, where: str) -> str:
        """``Wrote 3 events in Europe/Berlin to mine.ics``."""
        events = counted(self.events, "event")
        if self.cancelled:
            events += f" ({self.cancelled} of them cancelled: gone from the program)"
        if self.in_utc == self.events:
            return f"Wrote {events} in UTC to {where}{self._size_note()}"
        note = (
            f" ({self.in_utc} in UTC, where {self.zone.key} could not say them)"
            if self.in_utc
            else ""
        )
        return f"Wrote {events} in {self.zone.key}{note} to {where}{self._size_note()}"

    def _size_note(self) -> str:
        if len(self.data) <= MAX_CALENDAR_BYTES:
            return ""
        return (
            f"; at {len(self.data) / 2**20:.1f} MiB it is larger than `itinerary import` reads "
            f"({MAX_CALENDAR_BYTES // 2**20} MiB): calendars take it, but pass these stars on to "
            "a colleague with `itinerary share`"
        )


def default_export_path(program: Program) -> Path:
    return Path(f"{program.id}-itinerary.ics")


@dataclass(frozen=True)
class ExportChoice:
    """What the person asked for, in either face: the zone, how posters go, a reminder, and
    whether the whole program goes rather than the starred items."""

    zone: ZoneInfo
    posters: PosterMode = "grouped"
    alarm_minutes: int | None = None
    everything: bool = False


def export_itinerary(
    session: Session,
    choice: ExportChoice,
    write: Callable[[bytes], None],
    now: datetime | None = None,
) -> ExportResult:
    """Build the calendar of the starred items (or the whole program), hand it to ``write``,
    and only then record what was exported (not a change to undo: the calendar is out there).
    Raises NothingToExport when there is nothing."""
    program, store, zone = session.program, session.store, choice.zone
    alarm_minutes = choice.alarm_minutes
    if alarm_minutes is not None and not 0 <= alarm_minutes <= MAX_ALARM_MINUTES:
        raise ItineraryError(
            f"a reminder of {alarm_minutes} minutes: give between 0 and {MAX_ALARM_MINUTES} "
            "minutes before the start; no file was written"
        )
    session.changed_elsewhere()  # reads the file again only if it was written since
    state = session.state
    if choice.everything:
        chosen = [(item, state.star_of(item.id)) for item in program.in_time_order]
    else:
        chosen = [(entry.item, entry.star) for entry in starred_items(state, program)]
    if not chosen:
        raise NothingToExport("nothing starred, so nothing to export; no file was written")
    moment = now or datetime.now(timezone.utc)
    events = plan_events(program, chosen, choice.posters)
    # Starred items cancelled since they were exported: their events are cancelled too.
    gone = [
        (session.former[key], star)
        for key, star in state.stars.items()
        if key not in program.by_id
        and key in session.former
        and calendar_uid(program.id, key) in state.exports
    ]
    events += cancelled_events(program, gone)
    versions = next_versions(state.exports, events, moment)
    built = build_calendar(program, events, versions, zone, now=moment, alarm_minutes=alarm_minutes)
    write(built.data)
    try:
        state = store.update(lambda current: record_exports(current, versions))
    except StorageError as error:
        # The calendar is out there: say so, or the person exports it again to a second file.
        raise StorageError(
            f"the calendar was written, but recording its events' versions failed: {error}"
        ) from None
    session.adopt(state)
    return ExportResult(built.events, built.in_utc, zone, built.data, state, len(gone))


def write_file(path: Path) -> Callable[[bytes], None]:
    """A writer that replaces ``path`` atomically, with the usual (not private) permissions."""
    return lambda data: write_atomically(path, data, private=False)
