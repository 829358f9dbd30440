"""What the person chose last, for every program: the planner's theme, and the export dialog's
zone, poster grouping and reminder, so that the next export starts from them.

A small YAML file beside the states (``paths.preferences_file``), validated like anything read
from disk. One that cannot be read is moved aside, said, and the defaults are used: a choice is
cheap to make again, but the file is the person's and is never overwritten unread. Written
atomically; two planners saving at once leave one's choices, whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

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
from itinerary.paths import preferences_file
from itinerary.seals import is_sealed, remove_seal, write_seal
from itinerary.validation import CLOSED, Check, dump, validate_or
from itinerary.vocabulary import MAX_ALARM_MINUTES
from itinerary.yamlfile import SafeDumper, YamlProblem, parse_yaml

MAX_PREFERENCES_BYTES = 64 * 1024
Name = Annotated[str, Check(min_length=1, max_length=200)]
SEAL_KIND = "preferences 1"


@dataclass(frozen=True, kw_only=True)
class Preferences:
    __pydantic_config__ = CLOSED

    format: Literal[1] = 1
    theme: Name | None = None
    export_zone: Name | None = None
    export_posters: Literal["grouped", "separate"] = "grouped"
    export_alarm_minutes: Annotated[int, Check(ge=0, le=MAX_ALARM_MINUTES)] | None = None


def load_preferences(home: Path | None = None) -> tuple[Preferences, list[str]]:
    """The saved preferences, and what the person must be told (a file moved aside)."""
    path = preferences_file(home)
    try:
        data = read_at_most(path, MAX_PREFERENCES_BYTES, regular_only=True)
        content = parse_yaml(data).data
        if is_sealed(path, data, SEAL_KIND):  # as we wrote it: a mapping of valid choices
            return Preferences(**content), []
        return _validated(content), []
    except FileNotFoundError:
        return Preferences(), []
    except (TooLarge, NotARegularFile, YamlProblem, _Invalid, UnicodeDecodeError) as why:
        why_said = unreadable_reason(why, MAX_PREFERENCES_BYTES)
        said = f"your preferences in {path}"
        return Preferences(), [set_aside_notice(path, why_said, said, "defaults are used")]
    except OSError as error:
        return Preferences(), [f"cannot read {path}: {error.strerror or error}; defaults used"]


class _Invalid(Exception):
    """Preferences that validation refused: why, in its first problem."""


def _validated(content: object) -> Preferences:
    return validate_or(Preferences, content, _Invalid)


def save_preferences(preferences: Preferences, home: Path | None = None) -> None:
    """Write them, whole or not at all; StorageError when the disk refuses."""
    path = preferences_file(home)
    try:
        checked = _validated(preferences)  # the limits of reading, kept on writing
    except _Invalid as why:
        raise StorageError(f"could not save {path}: {why}; nothing was changed") from None
    text = yaml.dump(
        dump(checked, exclude_defaults=True) | {"format": 1},
        Dumper=SafeDumper, allow_unicode=True, sort_keys=False,
    )  # fmt: skip
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot create {path.parent}: {error.strerror or error}") from None
    data = text.encode("utf-8")
    remove_seal(path)
    write_atomically(path, data)
    write_seal(path, data, SEAL_KIND)
