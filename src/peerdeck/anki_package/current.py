"""Note types and decks in the current collection (``collection.anki21b``,
schema 18): one table each for note types, their fields, their templates
and decks, settings as protobuf messages (field numbers from Anki's
``notetypes.proto`` and ``decks.proto``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..notetypes import Template
from . import protobuf
from .database import Database
from .model import Deck, NoteType, damaged

TABLES = ("notetypes", "fields", "templates", "decks")
_KIND, _SORT_FIELD, _CSS = 1, 2, 3  # Notetype.Config
_QUESTION, _ANSWER, _TEMPLATE_ID = 1, 2, 8  # Notetype.Template.Config
_FIELD_ID = 9  # Notetype.Field.Config
_NORMAL_DECK, _DESCRIPTION, _MARKDOWN = 1, 4, 5  # Deck.KindContainer, Deck.Normal
_CLOZE = 1


def note_types(database: Database) -> Iterator[NoteType]:
    fields = _by_note_type(database, "SELECT ntid, name, config FROM fields ORDER BY ntid, ord")
    templates = _by_note_type(
        database, "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    )
    for type_id, name, config, mod in database.rows(
        "SELECT id, name, config, mtime_secs FROM notetypes ORDER BY id"
    ):
        what = "note type settings"
        settings = protobuf.message(_blob(config, what), what)
        own_fields = fields.get(type_id, [])
        own_templates = [_template(n, c) for n, c in templates.get(type_id, [])]
        yield NoteType(
            id=_integer(type_id, "notetypes.id"),
            name=_string(name, "notetypes.name"),
            cloze=protobuf.number(settings, _KIND, what) == _CLOZE,
            fields=tuple(field for field, _ in own_fields),
            templates=tuple(template for template, _ in own_templates),
            css=protobuf.text(settings, _CSS, what),
            sort_field=protobuf.number(settings, _SORT_FIELD, what),
            field_ids=tuple(_field_id(config) for _, config in own_fields),
            template_ids=tuple(template_id for _, template_id in own_templates),
            mod=_integer(mod, "notetypes.mtime_secs"),
        )


def decks(database: Database) -> Iterator[Deck]:
    for deck_id, name, kind in database.rows("SELECT id, name, kind FROM decks ORDER BY id"):
        # Anki stores a deck's levels separated by \x1f.
        description, markdown = _description(kind)
        yield Deck(
            _integer(deck_id, "decks.id"),
            _string(name, "decks.name").replace("\x1f", "::"),
            description,
            markdown,
        )


def _description(kind: object) -> tuple[str, bool]:
    """A deck's description, and whether Anki reads it as Markdown."""
    what = "deck settings"
    container = protobuf.message(_blob(kind, what), what)
    normal = container.get(_NORMAL_DECK, [b""])[-1]
    if not isinstance(normal, bytes):
        raise damaged(f"{what} are not a message")
    settings = protobuf.message(normal, what)
    return (
        protobuf.text(settings, _DESCRIPTION, what),
        protobuf.number(settings, _MARKDOWN, what) != 0,
    )


def _by_note_type(database: Database, sql: str) -> dict[int, list[tuple[str, object]]]:
    found: dict[int, list[tuple[str, object]]] = {}
    for type_id, name, config in database.rows(sql):
        found.setdefault(type_id, []).append((_string(name, "a field or template name"), config))
    return found


def _field_id(config: object) -> int | None:
    what = "field settings"
    return protobuf.signed(protobuf.message(_blob(config, what), what), _FIELD_ID, what)


def _template(name: str, config: object) -> tuple[Template, int | None]:
    what = "card template settings"
    settings = protobuf.message(_blob(config, what), what)
    template = Template(
        name, protobuf.text(settings, _QUESTION, what), protobuf.text(settings, _ANSWER, what)
    )
    return template, protobuf.signed(settings, _TEMPLATE_ID, what)


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
