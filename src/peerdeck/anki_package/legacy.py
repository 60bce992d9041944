"""Note types and decks in the legacy collections (``collection.anki2`` and
``collection.anki21``): JSON objects in the ``col`` table's one row.

The JSON is someone else's: nesting too deep for the parser, numbers too
long to convert and values of the wrong type are each reported as a
damaged collection, never raised as Python's own errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..notetypes import Template
from .database import Database
from .model import Deck, NoteType, damaged


def note_types(database: Database) -> Iterator[NoteType]:
    models = _column(database, "models")
    for model in models.values():
        where = "a note type in col.models"
        fields = _ordered(_get(model, "flds", list, where), where)
        templates = _ordered(_get(model, "tmpls", list, where), where)
        yield NoteType(
            id=_get(model, "id", int, where),
            name=_get(model, "name", str, where),
            cloze=_get(model, "type", int, where, 0) == 1,
            fields=tuple(_get(f, "name", str, where) for f in fields),
            templates=tuple(
                Template(
                    _get(t, "name", str, where),
                    _get(t, "qfmt", str, where),
                    _get(t, "afmt", str, where),
                )
                for t in templates
            ),
            css=_get(model, "css", str, where, ""),
            sort_field=_get(model, "sortf", int, where, 0),
            field_ids=tuple(_optional_id(f, where) for f in fields),
            template_ids=tuple(_optional_id(t, where) for t in templates),
            mod=_get(model, "mod", int, where, 0),
        )


def decks(database: Database) -> Iterator[Deck]:
    for deck in _column(database, "decks").values():
        where = "a deck in col.decks"
        yield Deck(
            _get(deck, "id", int, where),
            _get(deck, "name", str, where),
            _get(deck, "desc", str, where, ""),
            bool(deck.get("md")),
        )


def _column(database: Database, name: str) -> dict[str, Any]:
    row = database.one(f"SELECT {name} FROM col")
    where = f"col.{name}"
    if row is None:
        raise damaged("the col table is empty")
    if not isinstance(row[0], str):
        raise damaged(f"{where} is not text")
    try:
        value = json.loads(row[0])
    except RecursionError:
        raise damaged(f"{where} is JSON nested too deeply") from None
    except ValueError as exc:
        raise damaged(f"{where} is not JSON ({exc})") from None
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise damaged(f"{where} is not an object of objects")
    return value


def _ordered(items: list[Any], where: str) -> list[dict[str, Any]]:
    """Fields or templates in their ``ord`` order."""
    if not all(isinstance(item, dict) for item in items):
        raise damaged(f"{where} lists something other than objects")
    return sorted(items, key=lambda item: _get(item, "ord", int, where))


def _optional_id(item: dict[str, Any], where: str) -> int | None:
    """A field's or template's id: Anki 23.10 on writes one, null or none before."""
    return None if item.get("id") is None else int(_get(item, "id", int, where))


def _get(item: dict[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = item.get(key, default)
    if kind is int and isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)  # some writers quote ids
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise damaged(f"{where} has no {kind.__name__} {key!r}")
    return value
