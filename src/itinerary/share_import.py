"""Taking a colleague's share in: matching its stars to this program's items, then merging
them into mine, replacing mine, or keeping them beside mine as a friend's."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from itinerary.errors import ShareError
from itinerary.model import UTC, Item, Program
from itinerary.selection import Friend, Star, State
from itinerary.share_format import SharedStar, ShareFile, program_fingerprint


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
    return dataclasses.replace(state, stars=stars)


def replace(state: State, pairs: Sequence[tuple[SharedStar, Item]], now: datetime) -> State:
    """Make my stars exactly the file's (its priorities and notes)."""
    stars = {
        item.id: Star(priority=shared.priority, note=shared.note, title=item.title, starred_at=now)
        for shared, item in pairs
    }
    return dataclasses.replace(state, stars=stars)


def overlay(state: State, share: ShareFile, pairs: Sequence[tuple[SharedStar, Item]]) -> State:
    """Keep the file as a friend's itinerary beside mine (the same name replaces it)."""
    friend = Friend(
        name=share.owner,
        written=share.written,
        stars={item.id: shared.priority for shared, item in pairs},
    )
    return dataclasses.replace(state, friends={**state.friends, share.owner: friend})


def outcome(
    before: State, after: State, pairs: Sequence[tuple[SharedStar, Item]], mode: Mode
) -> ImportOutcome:
    if mode == "overlay":
        return ImportOutcome([], [], [])
    added = [item for _, item in pairs if item.id not in before.stars and item.id in after.stars]
    already = [item for _, item in pairs if item.id in before.stars]
    removed = [key for key in before.stars if key not in after.stars]
    return ImportOutcome(added, already, removed)
