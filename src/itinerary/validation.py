"""Validating what comes from outside into the core's plain dataclasses, with pydantic.

The core's values (the program, a person's state, the registry, the preferences) are frozen
standard-library dataclasses: building one costs what building any object costs, and reading a
trusted program from the store or a sealed state file never imports pydantic, which alone
takes most of a command's start. What comes from outside (a program file, a state file that is
not the one we wrote, a share file, the network) is validated by pydantic into those same
dataclasses, with the checks written beside their fields:

- ``Check`` in a field's ``Annotated`` metadata adds pydantic ``Field``'s constraints
  (``pattern``, ``min_length``, ``max_length``, ``ge``) and description, a function run after
  the field's own validation, and ``aware`` for a time that must name its offset;
- ``checked(handler, source, before=…, after=…)`` in a class's ``__get_pydantic_core_schema__``
  runs the class's own checks before and after its fields (a state written in an older
  format, an end before a start);
- ``__pydantic_config__`` (a plain dict) forbids unknown fields, as a typo in a file is.

pydantic reads these only when it builds a validator, so nothing here imports it before then.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError
    from pydantic_core import CoreSchema

T = TypeVar("T")
Loc = tuple[str | int, ...]

# What every value read from outside is held to: an unknown field is a typo, not dropped.
# revalidate: a value already made is checked again (and copied), never taken on trust.
CLOSED: Any = {"extra": "forbid", "revalidate_instances": "always"}


class LocatedProblems(ValueError):
    """Problems found by a check, each with its path relative to the checked value.

    Pydantic reports an error raised in a check at the check's own level; carrying the paths
    lets the loader point at the exact field (``items[3].session``), not the whole item.
    """

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


class Check:
    """A field's checks, as ``Annotated`` metadata: pydantic's own ``Field(...)`` constraints
    and description, and a function run after them, made only when pydantic builds a validator.

    A group of metadata (annotated-types' protocol, which pydantic opens like its own
    ``Field``), so that every check means exactly what pydantic's would: a length limit on a
    cleaned text, say, is checked as pydantic checks one after another validator. ``aware``:
    a time must name its offset, as pydantic's ``AwareDatetime``.
    """

    __is_annotated_types_grouped_metadata__ = True

    def __init__(
        self, after: Callable[[Any], Any] | None = None, *, aware: bool = False, **field: Any
    ) -> None:
        self.after = after
        self.aware = aware
        self.field = field  # pydantic.Field's arguments: max_length, pattern, description, …

    def __iter__(self) -> Iterator[Any]:
        from pydantic import AfterValidator, Field

        if self.aware:
            yield _AWARE
        if self.field:
            yield Field(**self.field)
        if self.after is not None:
            yield AfterValidator(self.after)


class _Aware:
    """A time that names its offset, as pydantic's ``AwareDatetime`` asks (annotated-types'
    ``Timezone`` says so too, but pydantic does not check it)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: Callable[[Any], CoreSchema]
    ) -> Any:
        return {**handler(source), "tz_constraint": "aware"}


_AWARE = _Aware()


def checked(
    handler: Callable[[Any], CoreSchema],
    source: Any,
    *,
    before: Callable[[Any], Any] | None = None,
    after: Callable[[Any], Any] | None = None,
) -> Any:
    """The schema of the dataclass ``source`` with its class's checks around it: ``before``
    is given the raw data, ``after`` the value made (and returns it)."""
    from pydantic_core import core_schema

    schema: Any = handler(source)
    if after is not None:
        schema = core_schema.no_info_after_validator_function(after, schema)
    if before is not None:
        schema = core_schema.no_info_before_validator_function(before, schema)
    return schema


@functools.cache
def _adapter(cls: Any) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def adapter(cls: Any) -> TypeAdapter[Any]:
    """The validator of ``cls``, built once per process when first needed."""
    return _adapter(cls)


def validate(cls: type[T], data: Any) -> T:
    """``data`` (from YAML or JSON, or a value of ``cls`` to check again) as a valid ``cls``;
    pydantic's ``ValidationError`` saying every problem when it is not one."""
    made: T = adapter(cls).validate_python(data)
    return made


def validate_or(cls: type[T], data: Any, refused: Callable[[str], Exception]) -> T:
    """``validate``, with pydantic's first problem (``first_problem``) raised as ``refused(it)``:
    for a file of ours, where one line says why it cannot be read or written."""
    from pydantic import ValidationError

    try:
        return validate(cls, data)
    except ValidationError as error:
        raise refused(first_problem(error)) from None


def validate_json(cls: type[T], text: str | bytes) -> T:
    made: T = adapter(cls).validate_json(text)
    return made


def dump(value: Any, **options: Any) -> Any:
    """``value`` as plain data for a file (JSON types: strings for times and enums)."""
    return adapter(type(value)).dump_python(value, mode="json", **options)


def dump_json(value: Any) -> bytes:
    return adapter(type(value)).dump_json(value)


def json_schema(cls: Any) -> dict[str, Any]:
    written: dict[str, Any] = adapter(cls).json_schema()
    return written


# --- what pydantic found, in our words ---------------------------------------------------------


def format_loc(loc: Loc) -> str:
    """``('items', 3, 'start')`` → ``items[3].start``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# Pydantic words a dataclass's problems as a call's (an unknown field is an "unexpected keyword
# argument"); a file has fields and mappings, as pydantic words a model's.
_UNKNOWN_FIELD = "unexpected_keyword_argument"
_AS_A_FILE_SAYS = {
    _UNKNOWN_FIELD: "Extra inputs are not permitted",
    "dataclass_type": "Input should be a valid dictionary or instance of {class_name}",
}


def problem_message(detail: Any) -> str:
    """Pydantic's message for one problem, in a file's words (see _AS_A_FILE_SAYS)."""
    said = _AS_A_FILE_SAYS.get(detail["type"])
    return str(detail["msg"]) if said is None else said.format(**detail.get("ctx", {}))


def file_message(detail: Any) -> str:
    """Pydantic's message for one problem, in a data file's words, with the value it got."""
    # Data files know lists, not tuples (the frozen values hold their lists as tuples).
    message = problem_message(detail).replace("a valid tuple", "a list")
    value = detail.get("input")
    if detail["type"] not in ("missing", "extra_forbidden", _UNKNOWN_FIELD) and isinstance(
        value, str | int | float | bool
    ):
        if isinstance(value, int) and value.bit_length() > 200:  # 0xfff…: too long to show
            message += f" (got a number of {value.bit_length():,} bits)"
        else:
            import json  # only for a problem to describe: every command imports this module

            shown = value if not isinstance(value, str) or len(value) <= 60 else value[:57] + "..."
            message += f" (got {json.dumps(shown, ensure_ascii=False)})"
    return message


def first_problem(error: ValidationError) -> str:
    """The first problem pydantic found, with where: ``stars.x.priority: Input should be…``."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    message = problem_message(first)
    return f"{where}: {message}" if where else message


def validation_problems(
    error: ValidationError, message: Callable[[Any], str] = file_message
) -> list[tuple[Loc, str]]:
    """Every problem in ``error`` with its full path: a check's ``LocatedProblems`` are opened
    into their own paths, any other error it raised gives its own text, and a problem pydantic
    found is worded by ``message``."""
    problems: list[tuple[Loc, str]] = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        cause = detail.get("ctx", {}).get("error")
        if isinstance(cause, LocatedProblems):
            problems += [(loc + sub_loc, text) for sub_loc, text in cause.problems]
        elif isinstance(cause, Exception):
            problems.append((loc, str(cause)))
        else:
            problems.append((loc, message(detail)))
    return problems
