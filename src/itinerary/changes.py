"""What changed in a program since the person last looked: the change report.

Compared with the version the person last *saw* (``registry.Entry.seen_name``), not merely the
previous fetch, so three updates in a row make one report. For each item in both versions:
moved (its time), room changed, retitled, people changed; an item gone is cancelled; items
only in the new version are counted. Starred items come first; items over before ``now``
(in both versions) are left out unless asked for. Pure: the faces render ``report_lines``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from itinerary.model import Item, Program
from itinerary.timezones import format_span
from itinerary.wording import counted

What = Literal["moved", "room", "retitled", "people", "cancelled"]
WHAT_ORDER: tuple[What, ...] = ("moved", "room", "retitled", "people", "cancelled")
_LABELS = {
    "moved": "moved",
    "room": "room changed",
    "retitled": "retitled",
    "people": "people changed",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class ItemChange:
    """One item's changes: its old and its new version (None when cancelled)."""

    old: Item
    new: Item | None
    starred: bool
    what: tuple[What, ...]

    @property
    def id(self) -> str:
        return self.old.id

    @property
    def title(self) -> str:
        return (self.new or self.old).title


@dataclass(frozen=True)
class ChangeReport:
    program_id: str
    changes: list[ItemChange] = field(default_factory=list)  # starred first, then by time
    new_items: int = 0
    past_left_out: int = 0

    @property
    def starred(self) -> list[ItemChange]:
        return [change for change in self.changes if change.starred]

    @property
    def others(self) -> list[ItemChange]:
        return [change for change in self.changes if not change.starred]

    @property
    def empty(self) -> bool:
        return not self.changes and not self.new_items

    def changed_ids(self) -> set[str]:
        return {change.id for change in self.changes}

    def picks_summary(self) -> str | None:
        """``2 of your picks moved, 1 cancelled``; None when no starred item changed."""
        counts = {what: 0 for what in WHAT_ORDER}
        for change in self.starred:
            for what in change.what:
                counts[what] += 1
        parts = [f"{n} {_LABELS[w]}" for w, n in counts.items() if n]
        if not parts:
            return None
        count, rest = parts[0].split(" ", 1)
        head = f"{count} of your picks {rest}"
        return ", ".join([head, *parts[1:]])


def _differences(old: Item, new: Item) -> tuple[What, ...]:
    what: list[What] = []
    if (old.starts, old.ends) != (new.starts, new.ends):
        what.append("moved")
    if (old.room or None) != (new.room or None):
        what.append("room")
    if old.title != new.title:
        what.append("retitled")
    if [p.name for p in old.people] != [p.name for p in new.people]:
        what.append("people")
    return tuple(what)


def compare(
    seen: Program,
    current: Program,
    starred: set[str],
    now: datetime,
    *,
    include_past: bool = False,
) -> ChangeReport:
    """The report of what changed from ``seen`` to ``current``."""
    changes: list[ItemChange] = []
    past = 0
    for old in seen.in_time_order:
        new = current.by_id.get(old.id)
        what: tuple[What, ...] = ("cancelled",) if new is None else _differences(old, new)
        if not what:
            continue
        ends = [old.ends] + ([new.ends] if new is not None else [])
        if not include_past and max(ends) <= now:
            past += 1
            continue
        changes.append(ItemChange(old, new, old.id in starred, what))
    changes.sort(key=lambda change: not change.starred)  # stable: time order within each
    added = [item for item in current.items if item.id not in seen.by_id]
    if not include_past:
        past += sum(1 for item in added if item.ends <= now)
        added = [item for item in added if item.ends > now]
    return ChangeReport(current.id, changes, len(added), past)


def _change_lines(change: ItemChange, zone: ZoneInfo) -> list[str]:
    old, new = change.old, change.new
    lines = [f"  {change.title}  [{change.id}]"]
    for what in change.what:
        label = f"    {_LABELS[what] + ':':<16}"
        if what == "cancelled":
            span = format_span(old.starts, old.ends, zone)
            kept = " (your star is kept)" if change.starred else ""
            lines.append(f"{label}was {span}{kept}")
        elif new is None:
            continue
        elif what == "moved":
            before = format_span(old.starts, old.ends, zone)
            lines.append(f"{label}{before} → {format_span(new.starts, new.ends, zone)}")
        elif what == "room":
            lines.append(f"{label}{old.room or '(none)'} → {new.room or '(none)'}")
        elif what == "retitled":
            lines.append(f"{label}{old.title} → {new.title}")
        else:
            names = ", ".join(p.name for p in old.people) or "(none)"
            now_names = ", ".join(p.name for p in new.people) or "(none)"
            lines.append(f"{label}{names} → {now_names}")
    return lines


def report_lines(report: ChangeReport, zone: ZoneInfo, title: str) -> list[str]:
    """The report as both faces show it (text from the program as it is: the face filters)."""
    if report.empty:
        still = " to items still to come" if report.past_left_out else ""
        lines = [f"{title}: no changes{still} since you last looked."]
    else:
        lines = [f"{title}: changes since you last looked (times in {zone.key}):"]
        for heading, group in (("Your picks", report.starred), ("Other items", report.others)):
            if group:
                lines.append(f"{heading} ({counted(len(group), 'item')}):")
                for change in group:
                    lines += _change_lines(change, zone)
        if report.new_items:
            lines.append(f"New: {counted(report.new_items, 'item')} (see `itinerary list`).")
    if report.past_left_out:
        lines.append(
            f"({counted(report.past_left_out, 'change')} to items already over left out; "
            "`itinerary changes --all` shows them)"
        )
    return lines


def report_json(report: ChangeReport, zone: ZoneInfo) -> dict[str, object]:
    """The JSON scripts read: old and new side by side, times in the display zone."""

    def version(item: Item | None) -> dict[str, object] | None:
        if item is None:
            return None
        return {
            "title": item.title,
            "start": item.starts.astimezone(zone).isoformat(),
            "end": item.ends.astimezone(zone).isoformat(),
            "room": item.room,
            "people": [p.name for p in item.people],
        }

    return {
        "program": report.program_id,
        "timezone": zone.key,
        "changes": [
            {
                "id": change.id,
                "starred": change.starred,
                "changes": list(change.what),
                "old": version(change.old),
                "new": version(change.new),
            }
            for change in report.changes
        ],
        "new_items": report.new_items,
        "past_left_out": report.past_left_out,
    }
