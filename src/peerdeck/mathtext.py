"""The one home of math in field text: where it starts and ends, and what ships.

Anki typesets math with MathJax, and only between ``\\(...\\)`` (inline) and
``\\[...\\]`` (display). MathJax finds the end of an expression as its
``FindTeX`` does: the first closing delimiter outside braces, skipping
control characters (``\\x``), so ``\\(\\{1,2\\}\\)`` ends at the last
``\\)``. With ``math: dollars`` in deck.yaml, ``$...$`` and ``$$...$$`` are
math too, under Pandoc's rules: an opening ``$`` has a non-space character
right after it, a closing one a non-space character right before it and no
digit right after it (``$5 and $6`` stays text); ``\\$`` is a dollar; no
expression runs into a code span. They ship as Anki's delimiters.

Math ships byte for byte, as Anki's editor stores it: nothing inside is
Markdown, and only ``&``, ``<`` and ``>`` are written as entities, which the
card's page turns back into the characters MathJax reads. A newline inside
an expression breaks it in Anki, so lines are joined with a space.
Code spans (backticks) hold no math.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLOSERS = {"\\(": "\\)", "\\[": "\\]"}
# What scanning field text stops at: a code span's backticks, a math opener,
# an escaped character, a dollar.
_START = re.compile(r"`+|\\[(\[]|\\.|\$\$?", re.DOTALL)
# MathJax's end pattern (FindTeX.endPattern): the closer, a control
# character, or a brace.
_END = {
    closer: re.compile(re.escape(closer) + r"|\\(?:[a-zA-Z]|.)|[{}]") for closer in ("\\)", "\\]")
}
_BACKTICKS = re.compile(r"`+")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
_SPACE = frozenset(" \t\r\n\f\v")


@dataclass(frozen=True, slots=True)
class Span:
    """One expression in field text: ``text[start:end]`` with its
    delimiters, and the inside's offsets."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    display: bool

    def shipped(self, text: str) -> str:
        """The expression as Anki stores it, in Anki's delimiters."""
        inner = _LINE_BREAK.sub(" ", text[self.inner_start : self.inner_end])
        inner = inner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f"\\[{inner}\\]" if self.display else f"\\({inner}\\)"


def find_end(text: str, pos: int, closer: str) -> int | None:
    """Where ``closer`` ends the expression whose inside starts at ``pos``
    (the closer's offset), as MathJax finds it; None when it never does."""
    braces = 0
    for match in _END[closer].finditer(text, pos):
        token = match.group()
        if token == closer and braces == 0:
            return match.start()
        if token == "{":
            braces += 1
        elif token == "}" and braces:
            braces -= 1
    return None


def match_at(text: str, pos: int, dollars: bool) -> Span | None:
    """The expression that starts at ``pos``, if one does."""
    if text.startswith(("\\(", "\\["), pos):
        closer = CLOSERS[text[pos : pos + 2]]
        end = find_end(text, pos + 2, closer)
        if end is None:
            return None
        return Span(pos, end + 2, pos + 2, end, closer == "\\]")
    if dollars and text.startswith("$", pos):
        return _dollar_at(text, pos)
    return None


def _dollar_at(text: str, pos: int) -> Span | None:
    if text.startswith("$$", pos):
        end = text.find("$$", pos + 2)
        while end >= 0 and _escaped(text, end):  # '\$$': a dollar, then the closer
            end = text.find("$$", end + 1)
        if end < 0 or not text[pos + 2 : end].strip():
            return None
        return Span(pos, end + 2, pos + 2, end, True)
    if pos + 1 >= len(text) or text[pos + 1] in _SPACE:
        return None
    index = pos + 1
    code = text.find("`", pos)  # no math runs into a code span
    while True:
        index = text.find("$", index + 1)
        if index < 0 or 0 <= code < index:
            return None
        before, after = text[index - 1], text[index + 1 : index + 2]
        if not _escaped(text, index) and before not in _SPACE and not after.isdigit():
            return Span(pos, index + 1, pos + 1, index, False)


def _escaped(text: str, index: int) -> bool:
    """True when an odd number of backslashes stand right before ``index``."""
    count = 0
    while index > count and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def spans(text: str, dollars: bool = False) -> list[Span]:
    """Every expression in ``text``, in order; code spans hold none."""
    return [found for found in scan(text, dollars) if isinstance(found, Span)]


def scan(text: str, dollars: bool = False) -> list[Span | tuple[str, int]]:
    """Expressions, and delimiters that pair with nothing (``(delimiter,
    offset)``: an opener never closed, a closer never opened), in order,
    outside code spans."""
    found: list[Span | tuple[str, int]] = []
    pos = 0
    while (start := _START.search(text, pos)) is not None:
        token = start.group()
        pos = start.end()
        if token[0] == "`":
            close = _closing_backticks(text, pos, len(token))
            pos = close if close is not None else pos
        elif token in ("\\)", "\\]"):
            found.append((token, start.start()))
        elif token in CLOSERS or (dollars and token[0] == "$"):
            span = match_at(text, start.start(), dollars)
            if span is not None:
                found.append(span)
                pos = span.end
            elif token != "$":  # a lone '$' is a dollar: "$5 and $6"
                found.append((token, start.start()))
    return found


def _closing_backticks(text: str, pos: int, length: int) -> int | None:
    for run in _BACKTICKS.finditer(text, pos):
        if len(run.group()) == length:
            return run.end()
    return None


def join_lines(text: str, dollars: bool = False) -> str:
    """``text`` with each expression's line breaks joined by a space, so
    that Markdown reads an expression as part of one line."""
    if "\n" not in text:
        return text
    pieces, last = [], 0
    for span in spans(text, dollars):
        inner = text[span.start : span.end]
        if "\n" in inner:
            pieces += [text[last : span.start], _LINE_BREAK.sub(" ", inner)]
            last = span.end
    return "".join(pieces) + text[last:] if pieces else text
