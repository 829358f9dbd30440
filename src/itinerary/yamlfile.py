"""YAML: reading what someone else wrote safely, fast, and with a place for every value; and
the safe dumper that every writer of our YAML builds on.

The safe loader always (a file must never make us construct arbitrary objects), libyaml's
``CSafeLoader`` when PyYAML was built with it (about 7x faster than the pure-Python loader).
One parse gives both the data and the node tree, so errors found later, by validation, can
still name the line and column of the value at fault. Writers use ``SafeDumper``: libyaml's
when there is one, so it writes only what the safe loader reads back.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# PyYAML is imported when a YAML file is first parsed or written, not with this module: its
# import is a quarter of a command that reads its program from the store and has no state file.
if TYPE_CHECKING:
    import yaml
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader


@functools.cache
def _safe_classes() -> tuple[type[SafeLoader], type[SafeDumper]]:
    try:
        from yaml import CSafeDumper, CSafeLoader
    except ImportError:  # PyYAML built without libyaml
        from yaml import SafeDumper as CSafeDumper  # type: ignore[assignment]
        from yaml import SafeLoader as CSafeLoader  # type: ignore[assignment]
    return CSafeLoader, CSafeDumper


def __getattr__(name: str) -> Any:
    """``SafeDumper`` (which everything that writes our YAML imports from here) and
    ``SafeLoader``, libyaml's when PyYAML has it, once asked for."""
    if name == "SafeLoader":
        return _safe_classes()[0]
    if name == "SafeDumper":
        return _safe_classes()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The expanded size of a document, counting every alias as a copy of what it names. Real
# programs of 20,000 items stay far below; a "billion laughs" file goes far above without ever
# being expanded, because the count is memoized per node.
MAX_EXPANDED_NODES = 5_000_000
MAX_DEPTH = 100
# Checking every node costs about a fifth of parsing (0.6 s on a 16 MB program). Only aliases
# can make a document expand, and only anchored nodes can be aliased: a big file in which no
# anchor can appear skips the check. Its depth needs no check either: libyaml refuses nesting
# past 1,000 levels, PyYAML's constructor does not recurse, and the models take no free-form
# nesting. Small files are always checked (it costs little there).
CHECK_ALWAYS_BELOW = 1024 * 1024
# An anchor is ``&`` starting a node's properties, so it follows a space, a line break or an
# indicator, never a letter or digit ("Q&A", "R&D" are text). Any other ``&`` counts as one.
_POSSIBLE_ANCHOR = re.compile(r"(?<![0-9A-Za-z])&")
_POSSIBLE_ANCHOR_BYTES = re.compile(rb"(?<![0-9A-Za-z])&")


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


# Told how far reading has got: (characters read, characters in all).
Progress = Callable[[int, int], None]


def parse_yaml(
    text: str | bytes,
    *,
    max_nodes: int = MAX_EXPANDED_NODES,
    max_depth: int = MAX_DEPTH,
    progress: Progress | None = None,
) -> YamlDocument:
    """Parse one YAML document; raise YamlProblem for syntax errors, alias bombs (more than
    ``max_nodes`` values once aliases are expanded) and nesting deeper than ``max_depth``.
    ``progress``, if given, is called as the parser reads its way through ``text``."""
    import yaml

    loader = _safe_classes()[0](text if progress is None else _ReadAlong(text, progress))
    try:
        root = loader.get_single_node()
        if root is not None and (len(text) < CHECK_ALWAYS_BELOW or _may_share_nodes(text)):
            _check_expanded_size(root, max_nodes, max_depth)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        raise YamlProblem(*_describe_syntax_error(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"YAML error: {error}") from None
    except ValueError as error:
        # PyYAML's constructor lets through what Python refuses: more than 4,300 digits for an
        # int (a guard against slow conversions), a date such as 2026-02-30.
        found = _unreadable_value(root)
        raise found or YamlProblem(None, f"a value that cannot be read: {error}") from None
    finally:
        loader.dispose()
    return YamlDocument(data, root)


def _unreadable_value(root: yaml.Node | None) -> YamlProblem | None:
    """The first value Python refuses, located; only looked for once one has failed."""
    import yaml

    constructor = yaml.constructor.SafeConstructor()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":int") and len(node.value) > 4300:
                return YamlProblem(_position(node), "a number too long to read (over 4,300 digits)")
            if node.tag.endswith(":timestamp"):
                try:
                    constructor.construct_yaml_timestamp(node)
                except ValueError as error:
                    return YamlProblem(_position(node), f"{node.value!r}: {error}")
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
    return None


class _ReadAlong:
    """``text`` as a stream the parser reads in chunks, saying how far it has got."""

    def __init__(self, text: str | bytes, progress: Progress) -> None:
        self._stream = io.BytesIO(text) if isinstance(text, bytes) else io.StringIO(text)
        self._total = len(text)
        self._read = 0
        self._progress = progress

    def read(self, size: int = -1, /) -> Any:  # str or bytes, as the text was
        chunk = self._stream.read(size)
        self._read += len(chunk)
        self._progress(self._read, self._total)
        return chunk


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
    import yaml

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
    import yaml

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
            _no_key_twice(node)
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


def _no_key_twice(node: yaml.MappingNode) -> None:
    """PyYAML keeps the last of two equal keys without a word: a typo'd copy of a field would
    silently replace the first."""
    import yaml

    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
            if key.value in seen:
                name = key.value if len(key.value) <= 60 else key.value[:57] + "..."
                raise YamlProblem(_position(key), f"{name!r} appears twice in the same mapping")
            seen.add(key.value)


def _may_share_nodes(text: str | bytes) -> bool:
    """Whether ``text`` may hold a YAML anchor (and so aliases to it); never wrongly no."""
    if isinstance(text, bytes):
        return b"&" in text and _POSSIBLE_ANCHOR_BYTES.search(text) is not None
    return "&" in text and _POSSIBLE_ANCHOR.search(text) is not None


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
