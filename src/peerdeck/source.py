"""Read YAML files into value trees that remember where every value came from.

PyYAML's libyaml composer (``CSafeLoader``) builds a node graph that carries
line and column marks; we turn that graph into ``Node`` objects ourselves
instead of calling the constructor, which would throw the marks away and
silently keep the last of two duplicate keys. Doing the construction here also
lets us refuse what a card file never needs: Python object tags, alias
expansion bombs and absurd nesting.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from .problems import Problem

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# First characters on which some implicit YAML type (number, bool, null,
# merge, value) can start; a plain scalar starting otherwise is text.
_TYPED_STARTS = frozenset(yaml.SafeLoader.yaml_implicit_resolvers) | {""}


class Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's safe loader, with a shortcut past the regular expressions
    of tag resolution for the many scalars that are plainly text."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0] and value[:1] not in _TYPED_STARTS:
            return _STR
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_NO_KEYS: dict[str, tuple[int, int]] = {}  # shared by every non-mapping; never written
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_CONSTRUCTOR = yaml.SafeLoader("")


@dataclass(slots=True, eq=False)
class Node:
    """A value read from YAML, with its 1-based position.

    ``value`` is a plain scalar, a ``list[Node]`` or a ``dict[str, Node]``.
    For mappings, ``keys`` holds where each key was written, so an unknown
    key is reported at the key rather than at its value.
    """

    value: Any
    line: int
    column: int
    style: str | None = None
    end_line: int = 0
    keys: dict[str, tuple[int, int]] = field(default_factory=lambda: _NO_KEYS)


@dataclass(slots=True)
class SourceFile:
    """One file's text, kept to show the offending line and to place offsets."""

    path: Path
    lines: list[str]

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def position_in(self, node: Node, offset: int) -> tuple[int, int]:
        """Where character ``offset`` of a string value stands in the file.

        Exact for one-line plain and quoted scalars (escapes aside) and for
        literal blocks; other styles fall back to the value's start.
        """
        text = node.value if isinstance(node.value, str) else ""
        if node.style in (None, "'", '"') and node.end_line == node.line:
            quote = 0 if node.style is None else 1
            return node.line, node.column + quote + offset
        if node.style == "|":
            before = text[:offset]
            row = before.count("\n")
            within = offset - (before.rfind("\n") + 1)
            line = node.line + 1 + row
            return line, _indent_of_block(self.lines, node.line) + within + 1
        return node.line, node.column


def _indent_of_block(lines: list[str], header_line: int) -> int:
    for raw in lines[header_line:]:
        if raw.strip():
            return len(raw) - len(raw.lstrip(" "))
    return 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading allocates many small
    objects and no cycles, and the collector's passes triple the load time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_yaml(path: Path) -> tuple[SourceFile | None, Node | None, list[Problem]]:
    """Read one YAML file. Returns its text, its value tree (None for an
    empty document) and the problems found; the tree is None on any syntax
    problem."""
    text, problems = _read_text(path)
    if text is None:
        return None, None, problems
    source = SourceFile(path, text.splitlines())
    try:
        composed = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        return source, None, [_syntax_problem(path, exc)]
    except yaml.YAMLError as exc:  # errors without a mark
        return source, None, [Problem(path, 1, 1, "PD002", f"YAML error: {exc}")]
    except RecursionError:
        return source, None, [Problem(path, 1, 1, "PD016", "nesting too deep to read")]
    if composed is None:
        return source, None, []
    builder = _Builder(path, budget=max(len(text), 10_000))
    tree = builder.build(composed, 0)
    return source, tree, builder.problems


def _read_text(path: Path) -> tuple[str | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path, 1, 1, "PD001", f"cannot read file: {exc.strerror}")]
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return None, [Problem(path, 1, 1, "PD001", f"file is larger than {limit} MiB")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex()
        message = f"file is not UTF-8 text (byte 0x{byte} cannot be decoded)"
        return None, [Problem(path, line, column, "PD001", message)]


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = exc.problem or "invalid YAML"
    if exc.context:
        context = exc.context
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            context += f" that starts at line {start.line + 1}, column {start.column + 1}"
        message = f"{message} ({context})"
    if "tab" in message:
        message += "; YAML indentation must use spaces, not tabs"
    return Problem(path, line, column, "PD002", f"YAML syntax error: {message}")


class _Builder:
    """Turns composed YAML nodes into ``Node`` trees, collecting problems."""

    def __init__(self, path: Path, budget: int) -> None:
        self.path = path
        self.budget = budget
        self.problems: list[Problem] = []
        self.exhausted = False

    def problem(self, mark_node: YamlNode, code: str, message: str) -> None:
        mark = mark_node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def build(self, node: YamlNode, depth: int) -> Node | None:
        self.budget -= 1
        if self.budget < 0:
            if not self.exhausted:
                self.exhausted = True
                self.problem(node, "PD016", "aliases expand to too many values; refusing to read")
            return None
        if depth > MAX_DEPTH:
            self.problem(node, "PD016", f"values nested more than {MAX_DEPTH} levels deep")
            return None
        mark = node.start_mark
        result = Node(None, mark.line + 1, mark.column + 1, end_line=node.end_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, result)
        if node.tag not in _COLLECTION_TAGS:
            self.problem(node, "PD016", f"YAML tag {node.tag!r} is not allowed")
            return None
        if isinstance(node, SequenceNode):
            items = (self.build(item, depth + 1) for item in node.value)
            result.value = [item for item in items if item is not None]
            return result
        assert isinstance(node, MappingNode)
        self._mapping(node, result, depth)
        return result

    def _scalar(self, node: ScalarNode, result: Node) -> Node | None:
        result.style = node.style
        if node.tag == _STR:
            result.value = node.value
            return result
        if node.tag not in _SCALAR_TAGS:
            self.problem(node, "PD016", f"YAML tag {node.tag!r} is not allowed")
            return None
        try:
            result.value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):
            result.value = node.value
        return result

    def _mapping(self, node: MappingNode, result: Node, depth: int) -> None:
        values: dict[str, Node] = {}
        result.keys = {}
        merged: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._merge(value_node, merged, depth)
                continue
            key = self._key(key_node)
            if key is None:
                continue
            if key in result.keys:
                first_line, first_col = result.keys[key]
                self.problem(
                    key_node,
                    "PD003",
                    f"duplicate key '{key}' (first at line {first_line}, column {first_col});"
                    " YAML would silently keep only the last one",
                )
                continue
            mark = key_node.start_mark
            result.keys[key] = (mark.line + 1, mark.column + 1)
            value = self.build(value_node, depth + 1)
            if value is not None:
                values[key] = value
        for key, value in merged.items():
            if key not in result.keys:
                values[key] = value
                result.keys[key] = (value.line, value.column)
        result.value = values

    def _merge(self, value_node: YamlNode, merged: dict[str, Node], depth: int) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            built = self.build(source, depth + 1)
            if built is None:
                continue
            if not isinstance(built.value, dict):
                self.problem(source, "PD005", "a merge key '<<' needs a mapping")
                continue
            for key, value in built.value.items():
                merged.setdefault(key, value)

    def _key(self, key_node: YamlNode) -> str | None:
        if isinstance(key_node, ScalarNode) and key_node.tag == _STR:
            return str(key_node.value)
        raw = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
        self.problem(
            key_node,
            "PD005",
            f"key {raw!r} is not read as text by YAML; quote it if it is meant as a key",
        )
        return None
