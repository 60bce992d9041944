"""Reading a CrowdAnki export folder: ``deck.json`` (the deck tree, its
notes and note types) and ``media/``.

CrowdAnki leaves out note type ids (it names note types by a uuid of its
own) and note times, so an imported project gets new note type ids; GUIDs,
fields, field and template ids, tags and the deck tree are kept. The JSON
is someone else's: every value is checked, the files are read with caps,
and only files inside the folder are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from .. import codes, limits
from ..anki_package import Deck, Note, NoteType
from ..anki_package.entries import unsafe_name
from ..errors import ImportRefused, UnsafeFile
from ..notetypes import Template
from ..safefile import read_file
from .collection import Collection, Media

DECK_JSON = "deck.json"
MEDIA_FOLDER = "media"


def read_crowdanki(folder: Path) -> Collection:
    inside = folder.resolve()
    try:
        data = read_file(folder / DECK_JSON, limits.CROWDANKI_DECK_BYTES, inside)
        top = json.loads(data)
        # \ud800 escapes make strings no file can hold: refuse them here.
        json.dumps(top, ensure_ascii=False).encode("utf-8")
    except FileNotFoundError:
        raise _refused(f"the folder has no {DECK_JSON}: not a CrowdAnki export") from None
    except UnsafeFile as exc:
        raise _refused(f"{DECK_JSON} {exc}") from None
    except OSError as exc:
        raise _refused(f"{DECK_JSON} cannot be read: {exc.strerror or exc}") from None
    except RecursionError:
        raise _refused(f"{DECK_JSON} is JSON nested too deeply") from None
    except UnicodeEncodeError:
        raise _refused(f"{DECK_JSON} holds text that is not valid Unicode") from None
    except ValueError as exc:
        raise _refused(f"{DECK_JSON} is not JSON ({exc})") from None
    reader = _Reader()
    reader.deck(_object(top, "the deck"), "")
    return Collection(
        tuple(reader.note_types.values()),
        tuple(reader.decks),
        tuple(reader.notes),
        tuple(Media(name, partial(_media, inside, name)) for name in sorted(reader.media)),
        note_type_ids=False,
    )


class _Reader:
    def __init__(self) -> None:
        self.note_types: dict[str, NoteType] = {}
        self.decks: list[Deck] = []
        self.notes: list[Note] = []
        self.media: set[str] = set()
        self.guids: set[str] = set()

    def deck(self, deck: dict[str, Any], parent: str) -> None:
        name = _text(deck, "name", "a deck")
        full = f"{parent}::{name}" if parent else name
        deck_id = len(self.decks) + 1
        self.decks.append(Deck(deck_id, full, _text(deck, "desc", "a deck", "")))
        for model in _list(deck, "note_models", "a deck"):
            self._note_type(_object(model, "a note model"))
        for name in _list(deck, "media_files", "a deck"):
            if not isinstance(name, str) or "/" in name or unsafe_name(name):
                raise _refused(f"media file {name!r} has an unsafe name")
            self.media.add(name)
        for note in _list(deck, "notes", "a deck"):
            self._note(_object(note, "a note"), deck_id)
        for child in _list(deck, "children", "a deck"):
            self.deck(_object(child, "a deck"), full)

    def _note_type(self, model: dict[str, Any]) -> None:
        uuid = _text(model, "crowdanki_uuid", "a note model")
        fields = sorted(_objects(model, "flds"), key=lambda f: _number(f, "ord", "a field"))
        templates = sorted(_objects(model, "tmpls"), key=lambda t: _number(t, "ord", "a template"))
        self.note_types.setdefault(
            uuid,
            NoteType(
                id=len(self.note_types) + 1,  # CrowdAnki keeps no id: a new one is made
                name=_text(model, "name", "a note model"),
                cloze=model.get("type") == 1,
                fields=tuple(_text(f, "name", "a field") for f in fields),
                templates=tuple(
                    Template(
                        _text(t, "name", "a template"),
                        _text(t, "qfmt", "a template"),
                        _text(t, "afmt", "a template"),
                    )
                    for t in templates
                ),
                css=_text(model, "css", "a note model", ""),
                sort_field=_number(model, "sortf", "a note model", 0),
                field_ids=tuple(_id(f) for f in fields),
                template_ids=tuple(_id(t) for t in templates),
            ),
        )

    def _note(self, note: dict[str, Any], deck_id: int) -> None:
        uuid = _text(note, "note_model_uuid", "a note")
        note_type = self.note_types.get(uuid)
        if note_type is None:
            raise _refused(f"a note has note model {uuid!r}, which deck.json does not hold")
        fields = _list(note, "fields", "a note")
        tags = _list(note, "tags", "a note")
        if not all(isinstance(value, str) for value in [*fields, *tags]):
            raise _refused("a note has a field or tag that is not text")
        guid = _text(note, "guid", "a note")
        if guid in self.guids:
            return  # CrowdAnki lists a note under each deck holding one of its cards
        self.guids.add(guid)
        if len(self.notes) >= limits.COLLECTION_NOTES:
            raise ImportRefused(codes.PACKAGE_OVER_LIMIT, f"over {limits.COLLECTION_NOTES:,} notes")
        self.notes.append(
            Note(
                id=len(self.notes) + 1,
                guid=guid,
                note_type_id=note_type.id,
                fields=tuple(fields),
                tags=tuple(tags),
                deck_id=deck_id,
            )
        )


def _media(inside: Path, name: str) -> bytes:
    try:
        return read_file(inside / MEDIA_FOLDER / name, limits.MEDIA_FILE_BYTES, inside)
    except UnsafeFile as exc:
        raise _refused(f"media file {name!r} {exc}") from None
    except OSError as exc:
        raise _refused(f"media file {name!r} cannot be read: {exc.strerror or exc}") from None


def _refused(reason: str) -> ImportRefused:
    return ImportRefused(
        codes.CROWDANKI_UNREADABLE, f"not a CrowdAnki export peerdeck can read: {reason}"
    )


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refused(f"{what} is not a JSON object")
    return value


def _objects(item: dict[str, Any], key: str) -> Iterator[dict[str, Any]]:
    for value in _list(item, key, "a note model"):
        yield _object(value, f"an entry of {key!r}")


def _list(item: dict[str, Any], key: str, what: str) -> list[Any]:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise _refused(f"{what} has {key!r} that is not a list")
    return value


def _text(item: dict[str, Any], key: str, what: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str):
        raise _refused(f"{what} has no text {key!r}")
    return value


def _number(item: dict[str, Any], key: str, what: str, default: int | None = None) -> int:
    value = item.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _refused(f"{what} has no whole number {key!r}")
    return value


def _id(item: dict[str, Any]) -> int | None:
    value = item.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None
