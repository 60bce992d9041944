"""The ``cloze`` filter as Anki renders it: a port of ``rslib/src/cloze.rs``.

Deletions are read as Anki's tokenizer reads them (``{{c1,2::`` opens one
for several cards, ``}}`` closes the innermost, at most ten are open at once,
the first ``::`` inside starts a hint), and each card shows its own
deletions as ``[...]`` (or the hint) on the question and highlighted on the
answer, the others as plain text. Image occlusion is not supported: peerdeck
does not write it. (``peerdeck.cloze`` checks cloze markup as an author
writes it; this module only shows it.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import strip_html_preserving_entities

_OPEN = re.compile(r"\{\{c([0-9,]*)::")
_MARKER = re.compile(r"\{\{c[0-9,]*::|\}\}")
# MathJax delimiters: inside them, the cloze filter removes tags.
_MATHJAX = re.compile(r"(\\[(\[])(.*?)(\\[\])])", re.DOTALL | re.IGNORECASE)
_MAX_OPEN = 10


@dataclass
class Deletion:
    ordinals: tuple[int, ...]
    nodes: list[str | Deletion] = field(default_factory=list)
    hint: str | None = None

    def shown_hint(self) -> str:
        return "..." if self.hint is None else self.hint

    def clozed_text(self) -> str:
        return "".join(n if isinstance(n, str) else n.clozed_text() for n in self.nodes)


def _ordinals(digits: str) -> tuple[int, ...] | None:
    numbers = {int(part) for part in digits.split(",") if part.isdigit() and int(part) < 65536}
    return tuple(sorted(numbers)) or None


# A token of cloze text: a deletion's numbers where it opens, None where one
# closes, and the text between.
Token = tuple[int, ...] | None | str


def _tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        found = _next_marker(text, position)
        if found is None:
            tokens.append(text[position:])
            break
        start, end, ordinals = found
        if start > position:
            tokens.append(text[position:start])
        tokens.append(ordinals)
        position = end
    return tokens


def _next_marker(text: str, position: int) -> tuple[int, int, tuple[int, ...] | None] | None:
    for match in _MARKER.finditer(text, position):
        if match.group() == "}}":
            return match.start(), match.end(), None
        opened = _OPEN.match(text, match.start())
        ordinals = _ordinals(opened.group(1)) if opened else None
        if ordinals is not None:
            return match.start(), match.end(), ordinals
    return None


def parse(text: str) -> list[str | Deletion]:
    open_deletions: list[Deletion] = []
    output: list[str | Deletion] = []
    for value in _tokens(text):
        if isinstance(value, tuple):
            if len(open_deletions) < _MAX_OPEN:
                open_deletions.append(Deletion(value))
        elif isinstance(value, str):
            if open_deletions:
                current = open_deletions[-1]
                if not value.startswith("image-occlusion:") and "::" in value:
                    value, current.hint = value.split("::", 1)
                current.nodes.append(value)
            else:
                output.append(value)
        elif open_deletions:
            closed = open_deletions.pop()
            (open_deletions[-1].nodes if open_deletions else output).append(closed)
        else:
            output.append("}}")
    return output


def _attribute(text: str) -> str:
    """htmlescape's ``encode_attribute``: ASCII other than letters and digits
    as entities."""
    named = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
    return "".join(
        named.get(c) or (f"&#x{ord(c):X};" if c.isascii() and not c.isalnum() else c) for c in text
    )


def _reveal(deletion: Deletion, ordinal: int, question: bool, found: list[bool]) -> str:
    active = ordinal in deletion.ordinals
    found[0] |= active
    numbers = ",".join(map(str, deletion.ordinals))
    inner = "".join(
        node if isinstance(node, str) else _reveal(node, ordinal, question, found)
        for node in deletion.nodes
    )
    if question and active:
        return (
            f'<span class="cloze" data-cloze="{_attribute(inner)}" data-ordinal="{numbers}">'
            f"[{deletion.shown_hint()}]</span>"
        )
    if active:
        return f'<span class="cloze" data-ordinal="{numbers}">{inner}</span>'
    return f'<span class="cloze-inactive" data-ordinal="{numbers}">{inner}</span>'


def reveal_cloze_text(text: str, ordinal: int, question: bool) -> str:
    found = [False]
    shown = "".join(
        node if isinstance(node, str) else _reveal(node, ordinal, question, found)
        for node in parse(text)
    )
    return shown if found[0] else ""


def cloze_filter(text: str, ordinal: int, question: bool) -> str:
    shown = reveal_cloze_text(text, ordinal, question)
    return _MATHJAX.sub(
        lambda m: m.group(1) + strip_html_preserving_entities(m.group(2)) + m.group(3), shown
    )


def _collect(nodes: list[str | Deletion], ordinal: int, question: bool, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, Deletion):
            if ordinal in node.ordinals:
                out.append(node.shown_hint() if question else node.clozed_text())
            _collect(node.nodes, ordinal, question, out)


def cloze_only_filter(text: str, ordinal: int, question: bool) -> str:
    out: list[str] = []
    _collect(parse(text), ordinal, question, out)
    return ", ".join(out)


def text_for_typing(text: str, ordinal: int) -> str:
    """The answer a ``{{type:cloze:...}}`` box expects for this card."""
    out: list[str] = []
    _collect(parse(text), ordinal, False, out)
    if not out:
        return ""
    return out[0] if min(out) == max(out) else ", ".join(out)


def numbers(text: str) -> set[int]:
    """The card numbers the deletions in ``text`` make (0 makes none)."""
    found: set[int] = set()

    def walk(nodes: list[str | Deletion]) -> None:
        for node in nodes:
            if isinstance(node, Deletion):
                found.update(n for n in node.ordinals if n)
                walk(node.nodes)

    walk(parse(text))
    return found
