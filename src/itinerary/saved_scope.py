"""The planner's rooms, tracks and days, and the rooms and tracks hidden, kept between runs for
each program: a small YAML file beside the states (``paths.scope_file``).

Read like anything from disk: one that cannot be read is moved aside, said, and everything is
shown; a room, track or day the program no longer has is dropped. Written atomically; an empty
scope removes the file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from itinerary.errors import StorageError
from itinerary.files import (
    NotARegularFile,
    TooLarge,
    read_at_most,
    set_aside_notice,
    unreadable_reason,
    write_atomically,
)
from itinerary.model import Item
from itinerary.paths import scope_file
from itinerary.scope import Scope, days_of
from itinerary.yamlfile import SafeDumper, YamlProblem, parse_yaml

MAX_SCOPE_BYTES = 256 * 1024
MAX_NAME_CHARS = 500
_NAMES = ("rooms", "tracks", "hidden_rooms", "hidden_tracks")


class _Unreadable(Exception):
    pass


def load_scope(
    program_id: str, items: Sequence[Item], zone: ZoneInfo, home: Path | None = None
) -> tuple[Scope, list[str]]:
    """The scope last saved for the program, kept to the rooms, tracks and days (in ``zone``)
    that its ``items`` still have; and what the person must be told (a file moved aside)."""
    path = scope_file(program_id, home)
    try:
        scope = _scope_of(parse_yaml(read_at_most(path, MAX_SCOPE_BYTES, regular_only=True)).data)
    except FileNotFoundError:
        return Scope(), []
    except (TooLarge, NotARegularFile, YamlProblem, _Unreadable, UnicodeDecodeError) as why:
        said = f"the rooms, tracks and days saved in {path}"
        shown = "every room, track and day is shown"
        notice = set_aside_notice(path, unreadable_reason(why, MAX_SCOPE_BYTES), said, shown)
        return Scope(), [notice]
    except OSError as error:
        return Scope(), [f"cannot read {path}: {error.strerror or error}; every room is shown"]
    rooms = {item.room for item in items if item.room}
    tracks = {item.track for item in items if item.track}
    return scope.kept_to(rooms, tracks, days_of(items, zone)), []


def save_scope(program_id: str, scope: Scope, home: Path | None = None) -> None:
    """Write it, whole or not at all (none chosen: no file); StorageError when the disk refuses."""
    path = scope_file(program_id, home)
    if scope == Scope():
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"cannot remove {path}: {error.strerror or error}") from None
        return
    data: dict[str, object] = {"format": 1}
    for name in _NAMES:
        if getattr(scope, name):
            data[name] = sorted(getattr(scope, name))
    if scope.days:
        data["days"] = [day.isoformat() for day in sorted(scope.days)]
    text = yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot create {path.parent}: {error.strerror or error}") from None
    write_atomically(path, text.encode("utf-8"))


def _scope_of(data: object) -> Scope:
    if not isinstance(data, dict) or data.get("format") != 1:
        raise _Unreadable("it is not a saved scope of format 1")
    unknown = sorted(set(map(str, data)) - {"format", "days", *_NAMES})
    if unknown:
        raise _Unreadable(f"unknown field {unknown[0]!r}")
    names = {name: _names(data.get(name, []), name) for name in _NAMES}
    return Scope(
        rooms=names["rooms"],
        tracks=names["tracks"],
        days=_days(data.get("days", [])),
        hidden_rooms=names["hidden_rooms"],
        hidden_tracks=names["hidden_tracks"],
    )


def _names(value: object, field: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(
        isinstance(name, str) and 0 < len(name) <= MAX_NAME_CHARS for name in value
    ):
        raise _Unreadable(f"{field} must be a list of names")
    return frozenset(value)


def _days(value: object) -> frozenset[date]:
    if not isinstance(value, list):
        raise _Unreadable("days must be a list of dates")
    days = set()
    for day in value:
        if type(day) is date:  # as YAML reads 2019-12-27 (a datetime is no day)
            days.add(day)
            continue
        try:
            days.add(date.fromisoformat(str(day)))
        except ValueError:
            raise _Unreadable(f"{str(day)[:40]!r} is not a date (YYYY-MM-DD)") from None
    return frozenset(days)
