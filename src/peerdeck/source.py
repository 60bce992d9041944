"""A file's text, how it was decoded, and where its values stand in it.

``Node`` is a value read from YAML with its position; ``SourceFile`` keeps a
file's text to show the offending line and to place an offset inside a value
(``yaml_tree`` builds the nodes). Nothing here imports above ``problems``.
"""

from __future__ import annotations

import bisect
import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import codes
from .errors import UnsafeFile
from .limits import YAML_FILE_BYTES
from .problems import Problem
from .safefile import read_file

_SNIPPET = re.compile(r"[^\s\\\"']+")  # a run of text to look for in the source
_NO_KEYS: dict[str, tuple[int, int]] = {}  # shared by every non-mapping; never written


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

    def position_of(self, offset: int) -> tuple[int, int]:
        """(line, column) of character ``offset`` of the whole text."""
        text = self.text
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1

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


def read_text(path: Path, inside: Path | None) -> tuple[str | None, str | None, list[Problem]]:
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


# Characters a value may not hold: Anki separates a note's fields with
# U+001F, and other control characters are invisible or break its storage.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def control_character_message(character: str) -> str:
    """Why ``character``, written as an escape, cannot ship."""
    name = unicodedata.name(character, "a control character")
    if character == "\x1f":
        why = "Anki separates a note's fields with it, and would refuse the whole package"
    else:
        why = "Anki cannot store or show it"
    return f"the text holds {name} (U+{ord(character):04X}), written as an escape: {why}"
