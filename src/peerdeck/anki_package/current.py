"""Note types and decks in the current collection (``collection.anki21b``,
schema 18): one table each for note types, their fields, their templates
and decks, settings as protobuf messages (field numbers from Anki's
``notetypes.proto``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..notetypes import Template
from . import protobuf
from .database import Database
from .model import Deck, NoteType, damaged

TABLES = ("notetypes", "fields", "templates", "decks")
_KIND, _CSS = 1, 3  # Notetype.Config
_QUESTION, _ANSWER = 1, 2  # Notetype.Template.Config
_CLOZE = 1


def note_types(database: Database) -> Iterator[NoteType]:
    fields = _by_note_type(database, "SELECT ntid, name, NULL FROM fields ORDER BY ntid, ord")
    templates = _by_note_type(
        database, "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    )
    for type_id, name, config in database.rows(
        "SELECT id, name, config FROM notetypes ORDER BY id"
    ):
        what = "note type settings"
        settings = protobuf.message(_blob(config, what), what)
        yield NoteType(
            id=_integer(type_id, "notetypes.id"),
            name=_string(name, "notetypes.name"),
            cloze=protobuf.number(settings, _KIND, what) == _CLOZE,
            fields=tuple(field for field, _ in fields.get(type_id, [])),
            templates=tuple(_template(n, c) for n, c in templates.get(type_id, [])),
            css=protobuf.text(settings, _CSS, what),
        )


def decks(database: Database) -> Iterator[Deck]:
    for deck_id, name in database.rows("SELECT id, name FROM decks ORDER BY id"):
        # Anki stores a deck's levels separated by \x1f.
        yield Deck(_integer(deck_id, "decks.id"), _string(name, "decks.name").replace("\x1f", "::"))


def _by_note_type(database: Database, sql: str) -> dict[int, list[tuple[str, object]]]:
    found: dict[int, list[tuple[str, object]]] = {}
    for type_id, name, config in database.rows(sql):
        found.setdefault(type_id, []).append((_string(name, "a field or template name"), config))
    return found


def _template(name: str, config: object) -> Template:
    what = "card template settings"
    settings = protobuf.message(_blob(config, what), what)
    return Template(
        name, protobuf.text(settings, _QUESTION, what), protobuf.text(settings, _ANSWER, what)
    )


def _blob(value: object, what: str) -> bytes:
    if not isinstance(value, bytes):
        raise damaged(f"{what} are not a blob")
    return value


def _string(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise damaged(f"{what} is not text")
    return value


def _integer(value: object, what: str) -> int:
    if not isinstance(value, int):
        raise damaged(f"{what} is not an integer")
    return value
