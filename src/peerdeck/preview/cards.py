"""Every card of a note, both sides, as Anki renders them.

Generic over note types: a note type is its fields, its templates and
whether it is a cloze type, so peerdeck's built-in types and any other
render the same way. Which cards a note has follows Anki's card generation:
a standard note type makes a card for each template whose front shows a
filled field; a cloze type makes one per deletion number in any field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..notetypes import NoteType
from . import reveal
from .template import Context, TemplateError, field_is_empty, render, renders_with

# Anki numbers cloze cards up to 500.
_MAX_CLOZE_ORD = 499


@dataclass(frozen=True)
class Card:
    """One card: its ordinal (template index, or cloze number - 1), the
    template's name, and its sides as Anki's ``card.question()`` and
    ``card.answer()`` give them without the stylesheet (sounds as
    ``[sound:...]``). ``error`` is Anki's complaint when a template cannot
    render; both sides then say it."""

    ordinal: int
    name: str
    question: str
    answer: str
    error: str | None = None


@dataclass(frozen=True)
class Placement:
    """Where the card is and what it carries: Anki's special fields."""

    deck: str
    tags: Sequence[str]


def card_ordinals(note_type: NoteType, values: Sequence[str]) -> list[int]:
    fields = dict(zip(note_type.fields, values, strict=False))
    if note_type.is_cloze:
        numbers: set[int] = set()
        for value in values:
            numbers |= reveal.numbers(value)
        return sorted({min(number - 1, _MAX_CLOZE_ORD) for number in numbers})
    nonempty = frozenset(name for name, value in fields.items() if not field_is_empty(value))
    ordinals = []
    for ordinal, template in enumerate(note_type.templates):
        try:
            if renders_with(template.front, nonempty):
                ordinals.append(ordinal)
        except TemplateError:
            ordinals.append(ordinal)  # shown with its error
    return ordinals


def render_cards(note_type: NoteType, values: Sequence[str], placement: Placement) -> list[Card]:
    """The note's cards in ordinal order."""
    return [
        render_card(note_type, values, ordinal, placement)
        for ordinal in card_ordinals(note_type, values)
    ]


def render_card(
    note_type: NoteType, values: Sequence[str], ordinal: int, placement: Placement
) -> Card:
    template = note_type.templates[0 if note_type.is_cloze else ordinal]
    name = f"Cloze {ordinal + 1}" if note_type.is_cloze else template.name
    fields = _fields(note_type, values, ordinal, template.name, placement)
    try:
        question = render(template.front, Context.create(fields, ordinal))
        answer = render(template.back, Context.create(fields, ordinal, question))
    except TemplateError as error:
        return Card(ordinal, name, str(error), str(error), str(error))
    return Card(ordinal, name, question, answer)


def _fields(
    note_type: NoteType, values: Sequence[str], ordinal: int, card: str, placement: Placement
) -> dict[str, str]:
    """The note's fields, then Anki's special fields where no field has
    their name. ``CardID`` is unknown before import: it is empty here."""
    fields = dict(zip(note_type.fields, values, strict=False))
    special = {
        "Tags": " ".join(sorted(placement.tags, key=str.casefold)),  # as Anki stores them
        "Type": note_type.name,
        "Subdeck": placement.deck.rsplit("::", 1)[-1],
        "Deck": placement.deck,
        "CardFlag": "flag0",
        "Card": card,
        "CardID": "",
        f"c{ordinal + 1}": "1",
    }
    for name, value in special.items():
        fields.setdefault(name, value)
    return fields
