"""Cloze markup, ``{{cN::answer::hint}}``: the one place that reads it.

Anki makes one card per deletion number of a cloze note's text. Validation
asks what is malformed, lint what each card shows, packaging and the lock
which numbers there are: all of them read the text here, so that they agree
with each other and with Anki's own parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import mathtext
from .html_tokens import VOID_ELEMENTS, Tag, tokens
from .limits import MAX_CLOZE_NUMBER

# Where a deletion starts, with its number's digits.
CLOZE_OPEN = re.compile(r"\{\{c([0-9]+)::")
# A deletion numbered with digits other than 0-9, which Anki does not read.
_OTHER_DIGITS = re.compile(r"\{\{c\d+::")
_BRACES = re.compile(r"\{\{|\}\}")
_MATH_BRACES = re.compile(r"\{\{(?=c[0-9]+::)|\}\}")  # as Anki's cloze parser reads them
_TEX_BRACE = re.compile(r"\\.|[{}]", re.DOTALL)
# A deletion with no deletion inside it: number, answer, optional hint.
_INNERMOST = re.compile(
    r"\{\{c([0-9]+)::((?:(?!\{\{|\}\}|::).)*)(?:::((?:(?!\{\{|\}\}).)*))?\}\}", re.DOTALL
)
# genanki's pattern for the deletions that make cards (nested ones are not seen).
_GENANKI_DELETION = re.compile(r"{{c([0-9]+)::.+?}}", re.DOTALL)


def cloze_number(digits: str) -> int | None:
    """The number of a deletion, or None when Anki cannot number a card so."""
    if len(digits) > len(str(MAX_CLOZE_NUMBER)) or int(digits) > MAX_CLOZE_NUMBER:
        return None
    return int(digits)


def cloze_numbers(text: str) -> set[int]:
    """The numbers of the deletions opened in ``text``: one card each."""
    numbers = map(cloze_number, CLOZE_OPEN.findall(text))
    return {number for number in numbers if number is not None}


def opened(text: str) -> list[tuple[int, int]]:
    """(number, offset) of each deletion opened in ``text``, in order."""
    return [(int(match.group(1)), match.start()) for match in CLOZE_OPEN.finditer(text)]


def first_deletion(text: str) -> int | None:
    """The offset of the first deletion in ``text``, or None."""
    match = CLOZE_OPEN.search(text)
    return match.start() if match else None


def genanki_ordinals(text: str) -> set[int]:
    """The card ordinals (number - 1) genanki gives a cloze text."""
    return {int(number) - 1 for number in _GENANKI_DELETION.findall(text) if int(number) > 0}


def deletion(number: int, answer: str) -> str:
    """The markup of deletion ``number`` hiding ``answer``."""
    return f"{{{{c{number}::{answer}}}}}"


@dataclass(frozen=True)
class Deletion:
    """One ``{{cN::answer::hint}}`` of a cloze text, at offset ``start``."""

    number: int
    start: int
    end: int
    answer: str
    hint: str


def deletions(text: str) -> list[Deletion]:
    """The deletions of a valid cloze text (nested ones included)."""
    found = []
    for match in CLOZE_OPEN.finditer(text):
        depth, position = 1, match.end()
        for brace in _BRACES.finditer(text, match.end()):
            depth += 1 if brace.group() == "{{" else -1
            if depth == 0:
                position = brace.start()
                break
        answer, _, hint = text[match.end() : position].partition("::")
        found.append(Deletion(int(match.group(1)), match.start(), position + 2, answer, hint))
    return found


def card_text(text: str, number: int) -> str:
    """What card ``number`` of a cloze text shows before the answer: its own
    deletions hidden (their hints shown), every other deletion revealed."""

    def replace(match: re.Match[str]) -> str:
        own = match.group(1) == str(number)
        return f"[{match.group(3) or '...'}]" if own else match.group(2)

    previous = None
    while previous != text:  # innermost deletions first, for nested ones
        previous, text = text, _INNERMOST.sub(replace, text)
    return text


def keeps_markup(html: str) -> bool:
    """True when every deletion's HTML opens and closes its own tags, so that
    Anki can hide it without tearing an element apart."""
    if "<" not in html:
        return True  # no element to tear
    starts: list[int] = []
    for brace in _BRACES.finditer(html):
        if brace.group() == "{{":
            starts.append(brace.end())
        elif starts and not _balanced(html[starts.pop() : brace.start()]):
            return False
    return True


def _balanced(fragment: str) -> bool:
    stack: list[str] = []
    for tag in tokens(fragment):
        if not isinstance(tag, Tag) or tag.name in VOID_ELEMENTS or tag.self_closing:
            continue
        if not tag.closing:
            stack.append(tag.name)
        elif not stack or stack.pop() != tag.name:
            return False
    return not stack


@dataclass
class Scan:
    """What reading a cloze text found: its deletion numbers, and each
    malformed piece as (offset, message); offset None means the whole text."""

    numbers: set[int] = field(default_factory=set)
    problems: list[tuple[int | None, str]] = field(default_factory=list)


def scan(text: str, dollars: bool = False) -> Scan:
    """Read a cloze text as Anki does, noting every malformed deletion;
    ``dollars`` when ``$...$`` is math."""
    found = Scan()
    starts: list[tuple[int, int | None]] = []  # '{{' offsets; content offset if a deletion
    malformed = False
    math = mathtext.spans(text, dollars) if "\\" in text or "$" in text else None
    for brace in _cloze_braces(text, math) if math else _BRACES.finditer(text):
        start = brace.start()
        if math and brace.group() == "}}" and any(m.start < start < m.end for m in math):
            if not starts:
                continue  # TeX's own braces, outside any deletion
            content = starts[-1][1]
            if content is not None and _closes_early(text, content, start):
                found.problems.append((start, _CLOSES_MATH))
                continue
        if brace.group() == "{{":
            match = CLOZE_OPEN.match(text, start)
            number = cloze_number(match.group(1)) if match else None
            if match is None or number is None:
                malformed = True
                found.problems.append((start, _not_a_deletion(text, start, match)))
                starts.append((start, None))  # its '}}' belongs to it
                continue
            if number == 0:
                found.problems.append((start, "cloze numbers start at c1, not c0"))
            found.numbers.add(number)
            starts.append((start, match.end()))
        elif not starts:
            found.problems.append((start, "'}}' closes no cloze deletion"))
        else:
            begin, content = starts.pop()
            if content is not None and not text[content:start].split("::")[0].strip():
                found.problems.append((begin, "empty cloze deletion: nothing to recall"))
    found.problems += [(begin, "cloze deletion is never closed with '}}'") for begin, _ in starts]
    if not found.numbers and not malformed:
        found.problems.append(
            (None, "a cloze note needs at least one deletion like '{{c1::answer}}'")
        )
    return found


_NO_DELETION = "a cloze note needs at least one deletion like '{{c1::answer}}'"
# Markdown emphasis whose HTML tags would straddle a deletion's edge.
MARKUP_CROSSES = (
    "Markdown formatting crosses the edge of a cloze deletion;"
    " keep **...** or *...* wholly inside or wholly outside '{{c1::...}}'"
)
_CLOSES_MATH = (
    "'}}' inside math ends the cloze deletion here in Anki, cutting the"
    " math short; write '} }' (a space between the braces, which TeX ignores)"
)


def _not_a_deletion(text: str, start: int, match: re.Match[str] | None) -> str:
    if match is not None:
        return (
            f"cloze number c{match.group(1)[:10]}{'...' if len(match.group(1)) > 10 else ''}"
            f" is too large: Anki numbers a note's cards up to c{MAX_CLOZE_NUMBER}"
        )
    if _OTHER_DIGITS.match(text, start):
        return "cloze numbers are written with the digits 0-9; Anki does not read this one"
    return "'{{' does not start a cloze deletion; write '{{c1::answer}}'"


def _cloze_braces(text: str, math: list[mathtext.Span]) -> list[re.Match[str]]:
    """Each '{{' and '}}' of a cloze text with ``math`` in it. In math only
    deletions' own markers count: '{{' and '}}' are also TeX."""
    braces: list[re.Match[str]] = []
    last = 0
    for span in math:
        braces += _BRACES.finditer(text, last, span.start)
        braces += _MATH_BRACES.finditer(text, span.start, span.end)
        last = span.end
    braces += _BRACES.finditer(text, last)
    return braces


def _closes_early(text: str, content: int, brace: int) -> bool:
    """True when the '}}' at ``brace`` closes a TeX brace opened inside the
    deletion whose text starts at ``content``: Anki ends the deletion there."""
    depth = 0
    for token in _TEX_BRACE.findall(text, content, brace):
        if token == "{":
            depth += 1
        elif token == "}" and depth:
            depth -= 1
    return depth > 0
