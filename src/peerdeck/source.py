"""Read YAML files into value trees that remember where every value came from.

PyYAML's libyaml composer (``CSafeLoader``) builds a node graph that carries
line and column marks; we turn that graph into ``Node`` objects ourselves
instead of calling the constructor, which would throw the marks away and
silently keep the last of two duplicate keys. Doing the construction here also
lets us refuse what a card file never needs: Python object tags, alias
expansion bombs and absurd nesting.
"""

from __future__ import annotations

import bisect
import gc
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from . import codes
from .errors import UnsafeFile
from .limits import YAML_DEPTH, YAML_FILE_BYTES, YAML_LEAST_VALUES
from .problems import Problem
from .safefile import read_file

_SNIPPET = re.compile(r"[^\s\\\"']+")  # a run of text to look for in the source
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
_NO_KEYS: dict[str, tuple[int, int]] = {}  # shared by every non-mapping; never written
_COLLECTION_TAGS = {_SEQ, _MAP}
_CONSTRUCTOR = yaml.SafeLoader("")


class Node:
    """A value read from YAML, with its 1-based position.

    ``value`` is a plain scalar, a ``list[Node]`` or a ``dict[str, Node]``.
    For mappings, ``keys`` holds where each key was written, so an unknown
    key is reported at the key rather than at its value.

    A plain class rather than a dataclass: one is made per value read, and a
    dataclass would call a factory for ``keys`` each time.
    """

    __slots__ = ("column", "end_line", "keys", "line", "raw", "style", "value")

    def __init__(
        self,
        value: Any,
        line: int,
        column: int,
        style: str | None = None,
        end_line: int = 0,
        raw: str | None = None,  # how a non-text scalar was written (``yes``, ``42``)
        keys: dict[str, tuple[int, int]] = _NO_KEYS,
    ) -> None:
        self.value = value
        self.line = line
        self.column = column
        self.style = style
        self.end_line = end_line
        self.raw = raw
        self.keys = keys

    def __repr__(self) -> str:
        return f"Node({self.value!r}, line={self.line}, column={self.column})"


class SourceFile:
    """One file's text, kept to show the offending line and to place offsets.
    Its lines are split on first use: most files of a valid project never
    need them."""

    __slots__ = ("_found", "_lines", "path", "text")

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self._lines: list[str] | None = None
        # Per value and word: where it occurs in the value and in the file,
        # found once, so that placing many problems in one long value stays
        # linear (see _find_in_source).
        self._found: dict[tuple[int, int, int, str], tuple[list[int], list[tuple[int, int]]]] = {}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceFile):
            return NotImplemented
        return (self.path, self.text) == (other.path, other.text)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r}, {len(self.text)} characters)"

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def position_in(self, node: Node, offset: int) -> tuple[int, int]:
        """Where character ``offset`` of a string value stands in the file.

        Exact for one-line plain and quoted scalars (escapes aside) and for
        literal blocks; other styles fall back to the value's start.
        """
        text = node.value if isinstance(node.value, str) else ""
        if node.style is None and node.end_line == node.line:
            return node.line, node.column + offset
        if node.style == "|":
            breaks, _ = self._occurrences(node, text, "\n")
            row = bisect.bisect_right(breaks, offset)  # line breaks before the offset
            within = offset - (breaks[row - 1] if row else 0)
            line = node.line + 1 + row
            return line, _indent_of_block(self.lines, node.line) + within + 1
        return self._find_in_source(node, text, offset)

    def _find_in_source(self, node: Node, text: str, offset: int) -> tuple[int, int]:
        """Escapes and folded line breaks make value offsets differ from
        source offsets: find the words at ``offset`` in the source instead,
        counting earlier occurrences so the right one is chosen."""
        snippet = _SNIPPET.match(text, offset)
        if snippet is None:
            return node.line, node.column
        ends, places = self._occurrences(node, text, snippet.group())
        nth = bisect.bisect_right(ends, offset)  # occurrences that end before it
        return places[nth] if nth < len(places) else (node.line, node.column)

    def _occurrences(
        self, node: Node, text: str, word: str
    ) -> tuple[list[int], list[tuple[int, int]]]:
        """Where ``word`` ends each time it occurs in the value ``text`` (for
        a line break: where the line after it starts), and where it starts
        in the file within the value's lines, from its first column on."""
        key = (node.line, node.column, node.end_line, word)
        found = self._found.get(key)
        if found is None:
            ends, position = [], text.find(word)
            while position >= 0:
                ends.append(position + len(word))
                position = text.find(word, position + len(word))
            places = []
            for row, line in enumerate(self.lines[node.line - 1 : node.end_line]):
                position = line.find(word, node.column - 1 if row == 0 else 0)
                while position >= 0:
                    places.append((node.line + row, position + 1))
                    position = line.find(word, position + len(word))
            found = self._found[key] = (ends, places)
        return found


def _indent_of_block(lines: list[str], header_line: int) -> int:
    for index in range(header_line, len(lines)):  # no copy of the rest
        raw = lines[index]
        if raw.strip():
            return len(raw) - len(raw.lstrip(" "))
    return 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, as a ``with`` block or a decorator.
    A check or build allocates many small objects that live until it ends,
    and few cycles: the collector's passes over them would triple the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_yaml(
    path: Path, inside: Path | None = None
) -> tuple[SourceFile | None, Node | None, list[Problem]]:
    """Read one YAML file (which must lie in the resolved folder ``inside``,
    when given). Returns its text, its value tree (None for an empty
    document) and the problems found; the tree is None on any syntax
    problem."""
    text, shown, problems = _read_text(path, inside)
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
    too_deep = _too_deep(path, text)
    if too_deep is not None:
        return too_deep
    return yaml.compose(text, Loader=Loader)


def _too_deep(path: Path, text: str) -> Problem | None:
    """Refuse nesting deeper than MAX_DEPTH before libyaml's composer, which
    recurses in C and crashes the process on tens of thousands of levels.
    Parser events come without recursion, but cost time, so they are only
    walked for a file whose brackets or line lengths allow deep nesting."""
    widest = max(map(len, text.splitlines()), default=0)
    if text.count("[") + text.count("{") + widest < 1_000:
        return None
    if _depth_bound(text) <= MAX_DEPTH:
        return None
    try:
        return _first_too_deep(path, yaml.parse(text, Loader=Loader))
    except yaml.YAMLError:
        pass
    # libyaml may refuse nesting past a limit of its own (1,000 levels in the
    # libyaml some PyYAML wheels bundle) while it scans ahead for a key, before
    # it yields the events that reach ours. PyYAML's own parser has no such
    # limit and stops at ours, so every libyaml reports the same place.
    try:
        return _first_too_deep(path, yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return None  # a syntax error, which composing reports


def _first_too_deep(path: Path, events: Iterable[yaml.Event]) -> Problem | None:
    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                message = f"values nested more than {MAX_DEPTH} levels deep"
                return Problem(path, line, column, codes.YAML_REFUSED, message)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


# The patterns on whole lines start at the line break before them (the text
# is given one in front), which the regex engine finds faster than '^'.
# The indentation and indicators ('- ', '? ', ': ') that open a line:
_LINE_PREFIX = re.compile(r"\n(?:---|\.\.\.)?[ \t]*(?:[-?:](?:[ \t]+|(?=\n)))*")
# A line whose first bracket opens a flow collection where a value starts:
# after the indentation, sequence dashes and a plain key.
_FLOW_START = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[\w-]+:[ \t]+)?[\[{]")
_QUOTED = r"""(?:'[^'\n]*(?:''[^'\n]*)*'|"[^"\\\n]*(?:\\.[^"\\\n]*)*")"""
_PLAIN_KEY = r"""[^\s\[\]{}'"#!,:][^\[\]{}'"#!,:\n]*"""
_FLOW_ITEM = rf"""(?:[ \t]*(?:{_PLAIN_KEY}:[ \t]+)?{_QUOTED}[ \t]*|[^\[\]{{}}'"#!,\n]*)"""
# The usual lines with brackets: a quoted value (its brackets are text) or
# one flat flow collection of plain and quoted items, where a value starts.
_PLAIN_LINE = re.compile(
    rf"""\n[ \t]*(?:-[ \t]+)*(?:[\w-]+:[ \t]+)?"""
    rf"""(?:{_QUOTED}|[\[{{]{_FLOW_ITEM}(?:,{_FLOW_ITEM})*[\]}}])(?:[ \t]+#.*)?[ \t]*(?=\n)"""
)
_FLOW_TOKEN = re.compile(rf"""[\[{{]|[\]}}]|{_QUOTED}|['"#!]""")
_OPENER_LINE = re.compile(r"\n([^\n\[{]*[\[{].*)")


def _depth_bound(text: str) -> int:
    """A cheap upper bound on how deeply ``text`` nests its collections, or
    MAX_DEPTH + 1 when it cannot tell; exact parsing is left for then.

    Block collections deepen only with indentation, at most two levels per
    column of the widest line prefix (a mapping and the sequence written
    under its key at the same indentation), plus one for a mapping that
    starts past the prefix, after an anchor or tag ('- &a key: value'): all
    it holds on its line are scalars and flow collections, and what it holds
    on later lines is indented past it. Flow collections are bounded line
    by line; a line whose brackets cannot be read without a parser
    (a collection left open, a comment or tag inside one, a quote not
    opening a quoted value) gives up."""
    lines = f"\n{text}\n".replace("\r\n", "\n")
    if re.search("[\r\x85\u2028\u2029]", lines):  # line breaks other than \n
        return MAX_DEPTH + 1
    widest_prefix = max(map(len, _LINE_PREFIX.findall(lines))) - 1
    flow = 1  # for the flat collections of _PLAIN_LINE
    for line in _OPENER_LINE.findall(_PLAIN_LINE.sub("", lines)):
        depth = _flow_depth(line)
        if depth is None:
            return MAX_DEPTH + 1
        flow = max(flow, depth)
    return 2 * (widest_prefix + 1) + 1 + flow


def _flow_depth(line: str) -> int | None:
    """How deeply flow collections nest on one line that starts outside any
    (brackets inside quoted values aside), or None when unsure."""
    first = min(i for i in (line.find("["), line.find("{")) if i >= 0)
    before = line[:first]
    if not re.search(r"['\"]", before) and re.search(r"(?:^|\s)#", before):
        return 0  # the brackets are in a comment
    if _FLOW_START.fullmatch(line, 0, first + 1) is None:
        # Plain text with brackets in it: exact when no quote, comment or
        # tag can hide one, and all of them close again.
        return None if re.search(r"['\"#!]", line) else _bracket_depth(line[first:])
    depth = deepest = 0
    for token in _FLOW_TOKEN.finditer(line, first):
        found = token.group()
        if found in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif found in ("]", "}"):
            depth -= 1
            if depth == 0:  # after the collection, a comment at most
                rest = line[token.end() :]
                return deepest if not rest.strip() or re.match(r"\s+#", rest) else None
        elif len(found) == 1 or not _opens_value(line, token.start()):
            return None  # an unclosed quote, a comment, a tag, a quote in plain text
    return None  # left open at the end of the line


def _opens_value(line: str, position: int) -> bool:
    """True when a quote at ``position`` in flow context starts a quoted value."""
    end = position  # the end of what precedes it, spaces skipped (no slice: linear)
    while end > 0 and line[end - 1].isspace():
        end -= 1
    last = line[end - 1 : end]
    return last in ("[", "{", ",") or (last == ":" and end != position)


def _bracket_depth(text: str) -> int | None:
    depth = deepest = 0
    for char in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest if depth == 0 else None


def _reader_problem(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    position = exc.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    name = f"U+{ord(character):04X}"
    message = f"control character {name} is not allowed in YAML text"
    return Problem(path, line, column, codes.UNREADABLE_FILE, message)


def _read_text(path: Path, inside: Path | None) -> tuple[str | None, str | None, list[Problem]]:
    """The file's text (None when unusable), the text to show in problem
    excerpts, and the problems."""
    try:
        data = read_file(path, YAML_FILE_BYTES, inside)
    except UnsafeFile as exc:
        return None, None, [Problem(path, 1, 1, codes.UNREADABLE_FILE, f"file {exc}")]
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return (
            None,
            None,
            [Problem(path, 1, 1, codes.UNREADABLE_FILE, f"cannot read file: {reason}")],
        )
    try:
        text = data.decode("utf-8-sig")
        return text, text, []
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        byte = data[exc.start : exc.start + 1].hex()
        message = f"file is not UTF-8 text (byte 0x{byte} cannot be decoded)"
        shown = data.decode("utf-8", "replace")
        return None, shown, [Problem(path, line, column, codes.UNREADABLE_FILE, message)]


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


# Characters a value may not hold: Anki separates a note's fields with
# U+001F, and other control characters are invisible or break its storage.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
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


def control_character_message(character: str) -> str:
    """Why ``character``, written as an escape, cannot ship."""
    name = unicodedata.name(character, "a control character")
    if character == "\x1f":
        why = "Anki separates a note's fields with it, and would refuse the whole package"
    else:
        why = "Anki cannot store or show it"
    return f"the text holds {name} (U+{ord(character):04X}), written as an escape: {why}"


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
        if self.refused:
            return None
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
            return None
        if depth > MAX_DEPTH:
            self.refused = True
            self.budget = 0
            self.problem(
                node, codes.YAML_REFUSED, f"values nested more than {MAX_DEPTH} levels deep"
            )
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
