"""What the person chose last, for every program: the planner's theme, and the export dialog's
zone, poster grouping and reminder, so that the next export starts from them.

A small YAML file beside the states (``paths.preferences_file``), validated like anything read
from disk. One that cannot be read is moved aside, said, and the defaults are used: a choice is
cheap to make again, but the file is the person's and is never overwritten unread. Written
atomically; two planners saving at once leave one's choices, whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from itinerary.errors import StorageError
from itinerary.files import (
    NotARegularFile,
    TooLarge,
    move_aside,
    read_at_most,
    write_atomically,
)
from itinerary.model import first_problem
from itinerary.paths import preferences_file
from itinerary.vocabulary import MAX_ALARM_MINUTES
from itinerary.yamlfile import SafeDumper, YamlProblem, parse_yaml

MAX_PREFERENCES_BYTES = 64 * 1024
Name = Annotated[str, Field(min_length=1, max_length=200)]


class Preferences(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    format: Literal[1] = 1
    theme: Name | None = None
    export_zone: Name | None = None
    export_posters: Literal["grouped", "separate"] = "grouped"
    export_alarm_minutes: Annotated[int, Field(ge=0, le=MAX_ALARM_MINUTES)] | None = None


def load_preferences(home: Path | None = None) -> tuple[Preferences, list[str]]:
    """The saved preferences, and what the person must be told (a file moved aside)."""
    path = preferences_file(home)
    try:
        data = read_at_most(path, MAX_PREFERENCES_BYTES, regular_only=True)
        return Preferences.model_validate(parse_yaml(data).data), []
    except FileNotFoundError:
        return Preferences(), []
    except (TooLarge, NotARegularFile, YamlProblem, ValidationError, UnicodeDecodeError) as why:
        return Preferences(), [_set_aside(path, _reason(why))]
    except OSError as error:
        return Preferences(), [f"cannot read {path}: {error.strerror or error}; defaults used"]


def save_preferences(preferences: Preferences, home: Path | None = None) -> None:
    """Write them, whole or not at all; StorageError when the disk refuses."""
    path = preferences_file(home)
    text = yaml.dump(
        preferences.model_dump(mode="json", exclude_defaults=True) | {"format": 1},
        Dumper=SafeDumper, allow_unicode=True, sort_keys=False,
    )  # fmt: skip
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot create {path.parent}: {error.strerror or error}") from None
    write_atomically(path, text.encode("utf-8"))


def _reason(why: Exception) -> str:
    if isinstance(why, TooLarge):
        return f"it is over {MAX_PREFERENCES_BYTES:,} bytes"
    if isinstance(why, NotARegularFile):
        return "it is not a regular file"
    if isinstance(why, ValidationError):
        return first_problem(why)
    if isinstance(why, YamlProblem):
        return why.message
    return "it is not UTF-8 text"


def _set_aside(path: Path, why: str) -> str:
    said = f"your preferences in {path} could not be read ({why})"
    try:
        aside = move_aside(path, why)
    except StorageError as error:
        return f"{error} Defaults are used."
    return f"{said}; the file was moved to {aside} and defaults are used"
