"""Reading a YAML data file (a program, a share file) validated by pydantic, with every problem
reported as ``FILE:LINE:COLUMN: field.path: message``; and our program file, read that way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from itinerary.errors import DataFileError, ProgramError
from itinerary.model import Program
from itinerary.validation import format_loc, validate, validation_problems
from itinerary.yamlfile import (
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    Position,
    Progress,
    YamlDocument,
    YamlProblem,
    parse_yaml,
)

if TYPE_CHECKING:
    from pydantic import ValidationError

Model = TypeVar("Model")


@dataclass(frozen=True)
class FileKind(Generic[Model]):
    """A kind of YAML data file and how to read it."""

    model: type[Model]
    error: type[DataFileError]  # raised with every problem found
    expected: str  # what the top of the file should be, for a file that is not a mapping
    max_nodes: int = MAX_EXPANDED_NODES
    max_depth: int = MAX_DEPTH
    # Given the mapping that failed, may say in one line what the file is instead (said instead
    # of the field-by-field problems).
    explain: Callable[[dict[str, Any]], str | None] | None = None


PROGRAM_FILE = FileKind(
    Program, ProgramError, "a program is a mapping with id, title, timezone and items"
)


def load_model(
    kind: FileKind[Model], text: str | bytes, source: str, progress: Progress | None = None
) -> Model:
    """Validate YAML ``text`` as ``kind.model``; raise ``kind.error`` listing every problem
    found. ``progress`` is told how far parsing has got (see ``parse_yaml``)."""
    error, max_nodes, max_depth, explain = kind.error, kind.max_nodes, kind.max_depth, kind.explain
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as problem:
            raise error([f"{source}: not UTF-8 text (byte {problem.start})"]) from None
    try:
        document = parse_yaml(text, max_nodes=max_nodes, max_depth=max_depth, progress=progress)
    except YamlProblem as problem:
        raise error([located(source, problem.position, None, problem.message)]) from None
    if not isinstance(document.data, dict):
        raise error([located(source, document.position_of(()), None, kind.expected)])
    from pydantic import ValidationError  # only now: a program from the store never needs it

    try:
        return validate(kind.model, document.data)
    except ValidationError as problem:
        why = explain(document.data) if explain is not None else None
        # A file of another kind fails on every field: one line saying what it is says more.
        raise error([f"{source}: {why}"] if why else describe(problem, document, source)) from None


def describe(error: ValidationError, document: YamlDocument, source: str) -> list[str]:
    """One located line per problem, in the order they stand in the file."""
    found: list[tuple[tuple[int, int], str]] = []
    for loc, message in validation_problems(error):
        position = document.position_of(loc)
        order = (position.line, position.column) if position else (0, 0)
        found.append((order, located(source, position, loc, message)))
    return [line for _, line in sorted(found, key=lambda pair: pair[0])]


def located(source: str, position: Position | None, loc: tuple | None, message: str) -> str:
    where = f"{source}:{position.line}:{position.column}" if position else source
    return f"{where}: {format_loc(loc)}: {message}" if loc else f"{where}: {message}"


def parse_program(
    text: str | bytes, source: str = "<program>", progress: Progress | None = None
) -> Program:
    """Validate program text (our YAML format); ``source`` names it in error messages.

    Here, below both ``itinerary.program`` (which finds and caches program files) and
    ``itinerary.importers`` (which reads a program in any format), so that neither imports the
    other."""
    return load_model(PROGRAM_FILE, text, source, progress)
