"""Read YAML files into value trees that remember where every value came from.

PyYAML's libyaml composer (``CSafeLoader``) builds a node graph that carries
line and column marks; we turn that graph into ``Node`` objects ourselves
instead of calling the constructor, which would throw the marks away and
silently keep the last of two duplicate keys. Doing the construction here also
lets us refuse what a card file never needs: Python object tags, alias
expansion bombs and absurd nesting.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from . import codes
from .limits import YAML_DEPTH, YAML_LEAST_VALUES
from .problems import Problem
from .source import CONTROL_CHARACTER, Node, SourceFile, control_character_message, read_text
from .yaml_depth import nesting_problem

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# First characters on which some implicit YAML type (number, bool, null,
# merge, value) can start; a plain scalar starting otherwise is text.
_TYPED_STARTS = frozenset(yaml.SafeLoader.yaml_implicit_resolvers) | {""}
# Letters on which only bool and null values (yes, off, null...) start: a
# plain scalar starting so that is not a single word of letters is text
# ("True enough.", "note-12").
_WORD_STARTS = frozenset(
    first
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first.isalpha()
    and all(tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null") for tag, _ in resolvers)
)


class Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's safe loader, with a shortcut past the regular expressions
    of tag resolution for the many scalars that are plainly text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        # Tags of plain scalars by value: keys repeat on every note.
        self.plain_tags: dict[str, str] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            first = value[:1]
            if not implicit[0] or first not in _TYPED_STARTS:
                return _STR  # quoted, or plainly text
            if first in _WORD_STARTS and not value.isalpha():
                return _STR
            tag = self.plain_tags.get(value)
            if tag is None:
                tag = self.plain_tags[value] = super().resolve(kind, value, implicit)
            return tag
        # The safe loader has no path resolvers: collections get the defaults.
        return _SEQ if kind is SequenceNode else _MAP


class _NestedDeeply(Exception):
    """Composing reached a value inside MAX_DEPTH collections."""


class _GuardedLoader(Loader):
    """The loader, counting levels as libyaml's composer descends, so that it
    stops at MAX_DEPTH, long before the composer's recursion is a danger."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        # The safe loader has no path resolvers: its hooks only count levels,
        # on a stack popped in C, without a Python call, after each value.
        self.levels: list[None] = []
        self.ascend_resolver = self.levels.pop

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        levels = self.levels
        levels.append(None)
        if len(levels) > MAX_DEPTH:
            raise _NestedDeeply


MAX_DEPTH = YAML_DEPTH
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_COLLECTION_TAGS = {_SEQ, _MAP}
_CONSTRUCTOR = yaml.SafeLoader("")


def read_yaml(
    path: Path, inside: Path | None = None
) -> tuple[SourceFile | None, Node | None, list[Problem]]:
    """Read one YAML file (which must lie in the resolved folder ``inside``,
    when given). Returns its text, its value tree (None for an empty
    document) and the problems found; the tree is None on any syntax
    problem."""
    text, shown, problems = read_text(path, inside)
    source = SourceFile(path, shown) if shown is not None else None
    if text is None:
        return source, None, problems
    try:
        composed = _compose(path, text)
    except yaml.MarkedYAMLError as exc:
        return source, None, [_syntax_problem(path, exc, len(source.lines) if source else 0)]
    except yaml.reader.ReaderError as exc:
        return source, None, [_reader_problem(path, text, exc)]
    except yaml.YAMLError as exc:  # errors without a mark
        return source, None, [Problem(path, 1, 1, codes.YAML_SYNTAX, f"YAML error: {exc}")]
    if composed is None:
        return source, None, []
    if isinstance(composed, Problem):
        return source, None, [composed]
    builder = _Builder(path, budget=max(len(text), YAML_LEAST_VALUES), text=text)
    tree = builder.build(composed, 0)
    if builder.refused:  # a partial tree would only produce misleading problems
        return source, None, [p for p in builder.problems if p.code == codes.YAML_REFUSED]
    return source, tree, builder.problems


def _compose(path: Path, text: str) -> YamlNode | Problem | None:
    """The file's composed YAML, or the problem of a too deeply nested file.

    Most files compose in one pass whose guard proves them shallow. A file
    that trips the guard, or has a YAML error, is read again the careful way:
    nesting checked before composing, so that it yields the same problem,
    at the same place, as ever."""
    try:
        return yaml.compose(text, Loader=_GuardedLoader)
    except (_NestedDeeply, yaml.YAMLError):
        pass
    too_deep = nesting_problem(path, text, Loader)
    if too_deep is not None:
        return too_deep
    return yaml.compose(text, Loader=Loader)


def _reader_problem(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    position = exc.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    name = f"U+{ord(character):04X}"
    message = f"control character {name} is not allowed in YAML text"
    return Problem(path, line, column, codes.UNREADABLE_FILE, message)


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError, line_count: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    start = exc.context_mark
    message = exc.problem or "invalid YAML"
    if mark is not None and start is not None and mark.line >= line_count:
        # The file ended inside something never closed: point at its start.
        mark = start
        thing = re.sub(r"^while (scanning|parsing) ", "", exc.context or "a value")
        message = f"{thing} that starts here is never closed before the file ends"
    elif exc.context:
        context = exc.context
        if start is not None and mark is not None and start.line != mark.line:
            context += f" that starts at line {start.line + 1}, column {start.column + 1}"
        message = f"{message} ({context})"
    if "mapping values are not allowed" in message:
        message += "; put text that contains ': ' in quotes"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "tab" in message:
        message += "; YAML indentation must use spaces, not tabs"
    return Problem(path, line, column, codes.YAML_SYNTAX, f"YAML syntax error: {message}")


def _shown_tag(tag: str) -> str:
    """A tag as authors write it: ``!!python/name:x``, not its long form."""
    prefix = "tag:yaml.org,2002:"
    return f"'!!{tag[len(prefix) :]}'" if tag.startswith(prefix) else f"'{tag}'"


_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SHORT_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "v": "\x0b",
    "f": "\x0c",
    "e": "\x1b",
    "N": "\x85",
}


def _unescape(escape: re.Match[str]) -> str:
    code = escape.group()[1:]
    return chr(int(code[1:], 16)) if len(code) > 1 else _SHORT_ESCAPES.get(code, code)


class _Builder:
    """Turns composed YAML nodes into ``Node`` trees, collecting problems."""

    def __init__(self, path: Path, budget: int, text: str = "") -> None:
        self.path = path
        self.budget = budget
        # Control characters can only be written as escapes in quoted text,
        # so a file without a backslash needs no search for them.
        self.escaped = text if "\\" in text else None
        self.problems: list[Problem] = []
        self.refused = False
        self.top: YamlNode | None = None

    def problem(self, mark_node: YamlNode, code: str, message: str) -> None:
        mark = mark_node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def build(self, node: YamlNode, depth: int) -> Node | None:
        if self.refused or self._refuses(node, depth):
            return None
        mark = node.start_mark
        if node.tag == _STR and isinstance(node, ScalarNode):  # most values: text
            if self.escaped is not None and node.style == '"':
                self._control_characters(node)
            end_line = node.end_mark.line + 1
            return Node(node.value, mark.line + 1, mark.column + 1, node.style, end_line)
        result = Node(None, mark.line + 1, mark.column + 1, end_line=node.end_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, result)
        if node.tag not in _COLLECTION_TAGS:
            self.problem(
                node, codes.YAML_REFUSED, f"YAML tag {_shown_tag(node.tag)} is not allowed"
            )
            return None
        if isinstance(node, SequenceNode):
            result.value = items = []
            for item_node in node.value:
                item = self._text(item_node, depth) or self.build(item_node, depth + 1)
                if item is not None:
                    items.append(item)
            return result
        if isinstance(node, MappingNode):  # the only other kind of node
            self._mapping(node, result, depth)
        return result

    def _refuses(self, node: YamlNode, depth: int) -> bool:
        """Count ``node`` against the budget; True (with its problem) when it
        is past the budget of values or nested past MAX_DEPTH."""
        self.budget -= 1
        if depth == 1:
            self.top = node
        if self.budget < 0:
            self.refused = True
            self.budget = 0
            where = self.top if self.top is not None else node
            self.problem(
                where,
                codes.YAML_REFUSED,
                "aliases (*name) here expand to too many values; refusing to read the file",
            )
            return True
        if depth > MAX_DEPTH:
            self.refused = True
            self.budget = 0
            self.problem(
                node, codes.YAML_REFUSED, f"values nested more than {MAX_DEPTH} levels deep"
            )
            return True
        return False

    def _scalar(self, node: ScalarNode, result: Node) -> Node | None:
        result.style = node.style
        if node.tag == _STR:
            result.value = node.value
            return result
        if node.tag not in _SCALAR_TAGS:
            self.problem(
                node, codes.YAML_REFUSED, f"YAML tag {_shown_tag(node.tag)} is not allowed"
            )
            return None
        result.raw = node.value
        try:
            result.value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):
            result.value = node.value
        return result

    def _text(self, node: YamlNode, depth: int) -> Node | None:
        """What ``build(node, depth + 1)`` gives for a text scalar that needs
        no check, made without its checks; None for any other node. Most
        values are such text, so this is worth its special case."""
        if (
            node.tag != _STR
            or not isinstance(node, ScalarNode)
            or not 0 < depth < MAX_DEPTH
            or self.budget <= 0  # a refused build leaves no budget
        ):
            return None
        self.budget -= 1
        if self.escaped is not None and node.style == '"':
            self._control_characters(node)
        mark = node.start_mark
        return Node(node.value, mark.line + 1, mark.column + 1, node.style, node.end_mark.line + 1)

    def _control_characters(self, node: ScalarNode) -> None:
        """Report the first character of a quoted value that Anki cannot
        store or show, at the escape that wrote it."""
        found = CONTROL_CHARACTER.search(node.value)
        if found is None or self.escaped is None:
            return
        text, character = self.escaped, found.group()
        start, end = node.start_mark.index, node.end_mark.index
        index = next(
            (m.start() for m in _ESCAPE.finditer(text, start, end) if _unescape(m) == character),
            start,
        )
        line = node.start_mark.line + 1 + text.count("\n", start, index)
        column = index - text.rfind("\n", 0, index)
        self.problems.append(
            Problem(
                self.path,
                line,
                column,
                codes.CONTROL_CHARACTER,
                control_character_message(character),
            )
        )

    def _mapping(self, node: MappingNode, result: Node, depth: int) -> None:
        values: dict[str, Node] = {}
        keys: dict[str, tuple[int, int]] = {}
        result.keys = keys
        merged: dict[str, Node] = {}
        merged_at = (result.line, result.column)  # where the first '<<' is written
        for key_node, value_node in node.value:
            if key_node.tag == _STR and isinstance(key_node, ScalarNode):  # most keys
                key: str | None = key_node.value
            elif key_node.tag == _MERGE:
                if not merged:
                    merged_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self._merge(value_node, merged, depth)
                continue
            else:
                key = self._key(key_node)
            if key is None:
                continue
            if key in keys:
                first_line, first_col = keys[key]
                self.problem(
                    key_node,
                    codes.DUPLICATE_KEY,
                    f"duplicate key '{key}' (first at line {first_line}, column {first_col});"
                    " YAML would silently keep only the last one",
                )
                continue
            mark = key_node.start_mark
            keys[key] = (mark.line + 1, mark.column + 1)
            value = self._text(value_node, depth) or self.build(value_node, depth + 1)
            if value is not None:
                values[key] = value
        for key, value in merged.items():
            if key not in keys:
                values[key] = value
                keys[key] = merged_at  # the key is written here, by the merge
        result.value = values

    def _merge(self, value_node: YamlNode, merged: dict[str, Node], depth: int) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            built = self.build(source, depth + 1)
            if built is None:
                continue
            if not isinstance(built.value, dict):
                self.problem(source, codes.WRONG_TYPE, "a merge key '<<' needs a mapping")
                continue
            for key, value in built.value.items():
                merged.setdefault(key, value)

    def _key(self, key_node: YamlNode) -> str | None:
        if isinstance(key_node, ScalarNode) and key_node.tag == _STR:
            return str(key_node.value)
        raw = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
        self.problem(
            key_node,
            codes.WRONG_TYPE,
            f"key {raw!r} is not read as text by YAML; quote it if it is meant as a key",
        )
        return None
