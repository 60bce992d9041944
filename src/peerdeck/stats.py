"""What a deck holds: notes and cards by deck, note type and tag, and lint
findings by rule. Pure functions from the model to text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .anki_template import card_ordinals
from .cloze import cloze_numbers
from .lint import BY_CODE
from .model import Deck, Note, NoteKind
from .notetypes import anki_fields, type_of
from .problems import Problem

FORMATS = ("table", "json")


@dataclass
class Count:
    notes: int = 0
    cards: int = 0

    def add(self, cards: int) -> None:
        self.notes += 1
        self.cards += cards


@dataclass
class Stats:
    name: str
    total: Count = field(default_factory=Count)
    decks: dict[str, Count] = field(default_factory=dict)
    types: dict[str, Count] = field(default_factory=dict)
    tags: dict[str, Count] = field(default_factory=dict)
    lint: dict[str, int] = field(default_factory=dict)


def cards_of(note: Note, deck: Deck) -> int:
    """How many cards Anki makes from ``note``."""
    if not isinstance(note.kind, NoteKind):
        return len(card_ordinals(type_of(deck, note.kind), anki_fields(note)))
    if note.kind is NoteKind.CLOZE:
        text = note.fields.get("text", "")
        return len(cloze_numbers(text if isinstance(text, str) else ""))
    return 2 if note.kind is NoteKind.REVERSED else 1


def collect(deck: Deck, problems: Iterable[Problem]) -> Stats:
    stats = Stats(deck.name)
    for note in deck.notes:
        cards = cards_of(note, deck)
        stats.total.add(cards)
        stats.decks.setdefault(note.deck, Count()).add(cards)
        stats.types.setdefault(str(note.kind), Count()).add(cards)
        for tag in note.tags:
            stats.tags.setdefault(tag, Count()).add(cards)
    stats.lint = dict(sorted(Counter(p.code for p in problems if p.code in BY_CODE).items()))
    stats.decks, stats.tags = dict(sorted(stats.decks.items())), dict(sorted(stats.tags.items()))
    order = [*(kind.value for kind in NoteKind), *sorted(deck.custom_types)]  # built-ins first
    stats.types = {kind: stats.types[kind] for kind in order if kind in stats.types}
    return stats


def as_json(stats: Stats) -> str:
    def counts(table: dict[str, Count]) -> dict[str, dict[str, int]]:
        return {key: {"notes": c.notes, "cards": c.cards} for key, c in table.items()}

    document = {
        "deck": stats.name,
        "notes": stats.total.notes,
        "cards": stats.total.cards,
        "decks": counts(stats.decks),
        "types": counts(stats.types),
        "tags": counts(stats.tags),
        "lint": stats.lint,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def as_table(stats: Stats) -> str:
    parts = [f"{stats.name}: {stats.total.notes} notes, {stats.total.cards} cards"]
    for title, table in (("deck", stats.decks), ("type", stats.types), ("tag", stats.tags)):
        rows = [(key, str(c.notes), str(c.cards)) for key, c in table.items()]
        parts.append(_table((title, "notes", "cards"), rows))
    findings = [(f"{code} {BY_CODE[code].name}", str(n)) for code, n in stats.lint.items()]
    parts.append(_table(("lint", "problems"), findings or [("no problems", "0")]))
    return "\n\n".join(parts)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned first column, numbers right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
