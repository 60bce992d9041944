"""Anki's card template language, read as Anki reads it: the one home of
``{{Field}}``, ``{{#Field}}...{{/Field}}``, ``{{^Field}}...{{/Field}}`` and
filters such as ``{{cloze:Text}}`` or ``{{type:Back}}``.

Validation asks which fields a template names and where; packaging and
validation ask which cards a note gets. Both follow Anki's own rules
(rslib's ``template.rs``): a card is made for a template when its question
would show at least one non-empty field outside a false ``{{#...}}``
section, plain text and ``{{^...}}`` sections not counting, nor a ``type:``
field; a cloze note gets one card per deletion number in its cloze fields,
the fields the first template's question passes through ``cloze:``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from .cloze import cloze_numbers
from .model import NoteType

# Fields every template may name besides the note type's own.
SPECIAL_FIELDS = frozenset(
    {"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"}
)
# Anki's test for an empty field: only white space, <br> and empty <div>s.
_EMPTY_FIELD = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
_HANDLEBAR = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


class TemplateError(ValueError):
    """A template Anki cannot read; ``offset`` is where, in its text."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass(frozen=True)
class Part:
    """One piece of a parsed template: text, a field (``replace``), or a
    section shown when a field is filled (``if``) or empty (``unless``)."""

    kind: str  # "text", "replace", "if" or "unless"
    name: str  # the field (for text: the text itself)
    offset: int  # where the piece starts in the template
    filters: tuple[str, ...] = ()
    children: tuple[Part, ...] = ()


# Old templates may switch to <%Field%> for the rest of the template, which
# Anki reads as {{Field}} (each delimiter as long as the one it stands for).
_ALT_DELIMITERS = "{{=<% %>=}}"


@cache  # a deck's templates are few, its notes many
def parse(text: str) -> tuple[Part, ...]:
    """The template's parts; raises ``TemplateError`` for an unclosed
    ``{{``, a section never closed or closed out of order. Offsets are in
    ``text`` as written, the legacy ``<%Field%>`` syntax included."""
    stripped = text.lstrip()
    if stripped.startswith(_ALT_DELIMITERS):
        skipped = len(text) - len(stripped) + len(_ALT_DELIMITERS)
        standard = text[skipped:].replace("<%", "{{").replace("%>", "}}")
        try:
            return tuple(_shifted(part, skipped) for part in _parse(standard))
        except TemplateError as exc:
            raise TemplateError(exc.offset + skipped, exc.message) from None
    return _parse(text)


def _shifted(part: Part, by: int) -> Part:
    children = tuple(_shifted(child, by) for child in part.children)
    return Part(part.kind, part.name, part.offset + by, part.filters, children)


def _parse(text: str) -> tuple[Part, ...]:
    stack: list[tuple[Part, list[Part]]] = []
    parts: list[Part] = []
    position = 0
    for match in _HANDLEBAR.finditer(text):
        if match.start() > position:
            parts.append(Part("text", text[position : match.start()], position))
        position = match.end()
        inner = match.group(1).strip()
        head, rest = inner[:1], inner[1:].strip()
        if head in ("#", "^"):
            stack.append((Part("if" if head == "#" else "unless", rest, match.start()), parts))
            parts = []
        elif head == "/":
            if not stack or stack[-1][0].name != rest:
                expected = f"; expected '{{{{/{stack[-1][0].name}}}}}'" if stack else ""
                raise TemplateError(
                    match.start(), f"'{{{{/{rest}}}}}' closes no open section{expected}"
                )
            opened, outer = stack.pop()
            outer.append(Part(opened.kind, opened.name, opened.offset, children=tuple(parts)))
            parts = outer
        elif not inner.startswith(("!", "=")):  # comments and delimiter changes: no field
            *filters, name = (piece.strip() for piece in inner.split(":"))
            parts.append(Part("replace", name, match.start(), tuple(reversed(filters))))
    tail = text.find("{{", position)
    if tail >= 0:
        raise TemplateError(tail, "'{{' is never closed with '}}'")
    if stack:
        opened = stack[-1][0]
        raise TemplateError(
            opened.offset,
            f"section '{{{{#{opened.name}}}}}' is never closed with '{{{{/{opened.name}}}}}'",
        )
    if position < len(text):
        parts.append(Part("text", text[position:], position))
    return tuple(parts)


def references(parts: Sequence[Part]) -> Iterator[Part]:
    """Every field reference and section, nested ones included."""
    for part in parts:
        if part.kind != "text":
            yield part
            yield from references(part.children)


def renders(parts: Sequence[Part], filled: frozenset[str] | set[str]) -> bool:
    """Whether a question of these parts shows something when exactly the
    fields ``filled`` are non-empty (Anki's ``renders_with_fields``)."""
    for part in parts:
        if part.kind == "replace" and "type" not in part.filters and part.name in filled:
            return True
        if part.kind == "if" and part.name in filled and renders(part.children, filled):
            return True
    return False


def field_is_empty(html: str) -> bool:
    return _EMPTY_FIELD.match(html) is not None


@cache
def cloze_fields(note_type: NoteType) -> tuple[str, ...]:
    """The fields a cloze type's cards come from, in the type's order."""
    if not note_type.templates:
        return ()
    try:
        parts = parse(note_type.templates[0].front)
    except TemplateError:
        return ()
    named = {part.name for part in references(parts) if "cloze" in part.filters}
    return tuple(name for name in note_type.fields if name in named)


def card_ordinals(note_type: NoteType, fields: Sequence[str]) -> list[int]:
    """The cards Anki makes for a note with these field values (in the
    type's order): template ordinals, or cloze numbers less one."""
    values = dict(zip(note_type.fields, fields, strict=False))
    if note_type.is_cloze:
        text = "\n".join(values.get(name, "") for name in cloze_fields(note_type))
        return sorted(number - 1 for number in cloze_numbers(text)) or [0]
    filled = frozenset(name for name, value in values.items() if not field_is_empty(value))
    ordinals = []
    for ordinal, template in enumerate(note_type.templates):
        try:
            if renders(parse(template.front), filled):
                ordinals.append(ordinal)
        except TemplateError:
            continue
    return ordinals
