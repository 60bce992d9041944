"""Field text as the rules see it: visible words, tags, and positions."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from functools import lru_cache

from .. import mathtext
from ..html_tokens import RAW_TEXT, Tag, tokens
from ..model import Location, Note, NoteKind
from ..source import Node, SourceFile

# Characters that take no room on the card: zero-width ones and the soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
_QUOTES = ('"', "'")

STOPWORDS = frozenset(
    str.split(
        "a an the and or but nor of to in on at by for with from into onto about as than "
        "then so if is are was were be been being am do does did doing have has had "
        "having it its this that these those there here what which who whom whose when "
        "where why how i you he she we they me him her us them my your his our their not "
        "no yes can could should would will shall may might must one ones some any all "
        "each more most other such own same very just also only s t"
    )
)


@lru_cache(maxsize=1 << 16)  # several rules look at the same fields
def visible(field_html: str) -> str:
    """The text a learner sees in a field: no tags, comments or styles,
    entities decoded, white space collapsed."""
    text = _without_markup(field_html) if "<" in field_html else field_html
    return " ".join(_INVISIBLE.sub("", html.unescape(text)).split())


def _without_markup(field_html: str) -> str:
    """The text between tags and comments, and not inside ``<style>`` or
    ``<script>``, each tag a space."""
    pieces, last, hidden = [], 0, False
    for token in tokens(field_html):
        if not hidden:
            pieces.append(field_html[last : token.start])
        pieces.append(" ")
        last = token.end
        hidden = isinstance(token, Tag) and not token.closing and token.name in RAW_TEXT
    if not hidden:
        pieces.append(field_html[last:])
    return "".join(pieces)


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """Lowercase words of plain text; hyphens and apostrophes stay inside.
    Each word is interned: a deck repeats a small vocabulary, and the cache
    would otherwise hold a copy of every word of every field."""
    return tuple(map(sys.intern, _WORD.findall(text.lower())))


def content_words(text: str) -> set[str]:
    """Words that carry meaning: no stop words, plural 's' dropped."""
    found = set()
    for word in words(text):
        if word in STOPWORDS:
            continue
        found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


def without_code(markdown: str) -> str:
    """Markdown with code spans and math blanked out (same length), since
    HTML written in backticks is shown as text, not interpreted, and '<' in
    math (``\\(a<b\\)``) is a comparison, which ships as '&lt;'."""
    blanked = _CODE_SPAN.sub(lambda match: " " * len(match.group()), markdown)
    if "\\" not in blanked:
        return blanked
    for span in mathtext.spans(blanked):
        blanked = blanked[: span.start] + " " * (span.end - span.start) + blanked[span.end :]
    return blanked


def html_of(note: Note, name: str) -> str:
    value = note.html.get(name, "")
    return value if isinstance(value, str) else ""


def text_of(note: Note, name: str) -> str:
    value = note.fields.get(name, "")
    return value if isinstance(value, str) else ""


def prompts(note: Note) -> Iterator[tuple[str, str]]:
    """(question field, answer field) for each card of a note that asks a
    question and wants a written answer; cloze notes have none."""
    if note.kind in (NoteKind.BASIC, NoteKind.TYPE_IN):
        yield "front", "back"
    elif note.kind is NoteKind.REVERSED:
        yield "front", "back"
        yield "back", "front"
    elif note.kind is NoteKind.MULTIPLE_CHOICE:
        yield "question", "answer"


_FIRST_FIELDS = {NoteKind.CLOZE: "text", NoteKind.MULTIPLE_CHOICE: "question"}


def first_field(note: Note) -> str:
    """The field Anki's duplicate check compares: the note type's first."""
    if not isinstance(note.kind, NoteKind):  # a custom type: its first field comes first
        return next(iter(note.fields), "")
    return _FIRST_FIELDS.get(note.kind, "front")


def position(source: SourceFile | None, at: Location, value: str, offset: int) -> Location:
    """Where character ``offset`` of the string ``value``, written at ``at``,
    stands in its file: exact for values on one line, found by searching the
    source for the words there otherwise (see ``SourceFile.position_in``)."""
    if source is None:
        return at
    line = source.line_text(at.line)
    start = at.column - 1
    opener = line[start : start + 1]
    quoted = opener in _QUOTES
    body = start + 1 if quoted else start
    if opener not in ("|", ">") and _written_at(line, body, value):
        return Location(at.path, at.line, body + offset + 1)
    style = opener if quoted or opener in ("|", ">") else None
    node = Node(value, at.line, at.column, style=style, end_line=len(source.lines))
    line_number, column = source.position_in(node, offset)
    return Location(at.path, line_number, column)


@lru_cache(maxsize=256)
def _written_at(line: str, start: int, value: str) -> bool:
    """True when ``value`` is written as it is from ``start`` on ``line``;
    remembered, since many findings in one long value ask again."""
    return line.startswith(value, start)
