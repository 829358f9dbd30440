"""Reading YAML that someone else wrote: safely, fast, and with a place for every value.

The safe loader always (a file must never make us construct arbitrary objects), libyaml's
``CSafeLoader`` when PyYAML was built with it (about 7x faster than the pure-Python loader).
One parse gives both the data and the node tree, so errors found later, by validation, can
still name the line and column of the value at fault.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

# The expanded size of a document, counting every alias as a copy of what it names. Real
# programs of 20,000 items stay far below; a "billion laughs" file goes far above without ever
# being expanded, because the count is memoized per node.
MAX_EXPANDED_NODES = 5_000_000
MAX_DEPTH = 100


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlProblem(Exception):
    position: Position | None
    message: str


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    root: yaml.Node | None

    def position_of(self, loc: tuple[str | int, ...]) -> Position | None:
        """Where the value at ``loc`` is; for a key that is missing, where its mapping starts."""
        node = self.root
        if node is None:
            return None
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        mark = node.start_mark
        return Position(mark.line + 1, mark.column + 1)


def parse_yaml(
    text: str | bytes, *, max_nodes: int = MAX_EXPANDED_NODES, max_depth: int = MAX_DEPTH
) -> YamlDocument:
    """Parse one YAML document; raise YamlProblem for syntax errors, alias bombs (more than
    ``max_nodes`` values once aliases are expanded) and nesting deeper than ``max_depth``."""
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_expanded_size(root, max_nodes, max_depth)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        raise YamlProblem(*_describe_syntax_error(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"YAML error: {error}") from None
    finally:
        loader.dispose()
    return YamlDocument(data, root)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Build a big tree of objects that are all kept without the cyclic collector scanning it
    again and again as it grows: about half the time of loading a 16 MB program."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _describe_syntax_error(error: yaml.MarkedYAMLError) -> tuple[Position | None, str]:
    """Point at the problem; name where the construct it broke began, when that is elsewhere."""
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else None
    message = f"YAML syntax error: {error.problem or error.context}"
    if error.context and error.problem:
        message += f" {error.context}"
        start = error.context_mark
        if (
            start is not None
            and mark is not None
            and (start.line, start.column) != (mark.line, mark.column)
        ):
            message += f" that starts at line {start.line + 1}, column {start.column + 1}"
    return position, message


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]
    return None


def _check_expanded_size(root: yaml.Node, max_nodes: int, max_depth: int) -> None:
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node, depth: int = 0) -> int:
        if depth > max_depth:
            raise YamlProblem(
                _position(node), f"nested more than {max_depth} levels deep; refusing it"
            )
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise YamlProblem(_position(node), "a YAML alias refers to itself; refusing the file")
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        in_progress.discard(key)
        if total > max_nodes:
            raise YamlProblem(
                _position(node),
                f"the document expands to more than {max_nodes:,} values through "
                "aliases; refusing it",
            )
        sizes[key] = total
        return total

    size(root)


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
