"""Write a validated deck as an ``.apkg``: the only module that touches genanki.

genanki writes the SQLite collection; we write the zip with fixed entry
order, times and permissions and one deflate level, so that the same deck and
timestamp always give the same bytes, and we write it atomically with the
lock (see ``outputs``): a failed or interrupted build leaves the previous
package and lock exactly as they were.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .anki_template import card_ordinals
from .cloze import genanki_ordinals
from .ids import deck_id_for, guid_for_note
from .model import RETIRED_TAG, Deck, Note, TypeKey
from .notetypes import NOTE_TYPES, NoteType, anki_fields, type_of
from .outputs import replaced_together, scratch_folder

# Level 5 searches a quarter as far as zlib's default 6: on a collection of
# 10,000 to 50,000 notes it deflates two to three times faster, for a
# package 5% larger.
ZIP_LEVEL = 5
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Known:
    """What was computed per note id before packaging; the rest is computed."""

    guids: Mapping[str, str]
    fields: Mapping[str, list[str]]


@dataclass(frozen=True)
class PackageInfo:
    """What was written."""

    path: Path
    notes: int
    cards: int
    media: int
    sha256: str


def write_package(
    deck: Deck,
    output: Path,
    timestamp: int,
    mods: Mapping[str, int] | None = None,
    *,
    guids: Mapping[str, str] | None = None,
    fields: Mapping[str, list[str]] | None = None,
    together: Mapping[Path, bytes] | None = None,
) -> PackageInfo:
    """Write ``deck`` to ``output`` atomically, with the files of
    ``together`` (the lock, say): all are replaced, or none. Raise
    ``WriteFailed`` (an OSError) naming the file that cannot be written,
    leaving every existing file untouched.

    ``timestamp`` stamps the package's note types and ids; ``mods`` gives a
    note's modification time by note id (default ``timestamp``): Anki updates
    a learner's copy of a note only when this time is newer than theirs. The
    cards of notes tagged ``peerdeck::retired`` are shipped suspended.
    ``guids`` and ``fields``, by note id, are what the caller has already
    computed (``guid_for_note`` and ``anki_fields``), so it is not done twice."""
    known = Known(guids or {}, fields or {})
    with scratch_folder() as work:
        database = work / "collection.anki2"
        cards = _write_collection(deck, database, timestamp, mods or {}, known)
        with replaced_together(output, together or {}) as stream:
            _write_zip(stream, database, deck)
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    return PackageInfo(output, len(deck.notes), cards, len(deck.media), digest)


def _write_collection(
    deck: Deck, database: Path, timestamp: int, mods: Mapping[str, int], known: Known
) -> int:
    import genanki  # imported late: `check` never needs it

    kinds = [*NOTE_TYPES, *deck.custom_types]
    types = {kind: type_of(deck, kind) for kind in kinds}
    models = {kind: _genanki_model(genanki, note_type) for kind, note_type in types.items()}
    described = {name: subdeck.html for name, subdeck in deck.subdecks.items()}
    described[deck.name] = deck.description_html
    decks = {
        name: genanki.Deck(deck_id_for(name), name, described.get(name, ""))
        for name in deck.deck_names
    }
    placed: dict[str, list[tuple[int, Note]]] = {name: [] for name in decks}
    for position, note in enumerate(deck.notes, start=1):  # due: source order
        decks[note.deck].add_model(models[note.kind])
        placed[note.deck].append((position, note))
    ids = itertools.count(timestamp * 1000)
    connection = sqlite3.connect(database)
    try:
        # A scratch file, zipped once complete: no need to make each of its
        # transactions durable (the package itself is synced before renaming).
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")
        # genanki writes the schema and the collection row with the decks and
        # note types; the rows of notes and cards are ours (see _rows).
        package = genanki.Package(list(decks.values()))
        package.write_to_db(connection.cursor(), timestamp, ids)
        cards: list[tuple[Any, ...]] = []
        notes = _rows(deck, decks, placed, models, types, timestamp, mods, known, ids, cards)
        connection.executemany(f"INSERT INTO notes VALUES({_marks(11)})", notes)
        connection.executemany(f"INSERT INTO cards VALUES({_marks(18)})", cards)
        connection.commit()
    finally:
        connection.close()
    return len(cards)


def _rows(
    deck: Deck,
    decks: Mapping[str, Any],
    placed: Mapping[str, list[tuple[int, Note]]],
    models: Mapping[TypeKey, Any],
    types: Mapping[TypeKey, NoteType],
    timestamp: int,
    mods: Mapping[str, int],
    known: Known,
    ids: Iterator[int],
    cards: list[tuple[Any, ...]],
) -> Iterator[tuple[Any, ...]]:
    """The rows genanki's ``Note.write_to_db`` would insert, column for column
    and in the same order (decks in turn, each note followed by its cards,
    ids from one counter), without building a genanki ``Note`` per note,
    which costs more than everything else in the write. Yields the notes'
    rows one by one, so they are never all held at once, and adds each
    note's cards to ``cards``."""
    required = {
        kind: model._req
        for kind, model in models.items()
        if model.model_type == model.FRONT_BACK and not types[kind].custom
    }
    for name, entries in placed.items():
        deck_id = decks[name].deck_id
        for position, note in entries:
            fields = known.fields.get(note.id) or anki_fields(note)
            note_id = next(ids)
            mid = models[note.kind].model_id
            tags = " " + " ".join(note.tags) + " "
            modified = mods.get(note.id, timestamp)
            guid = known.guids.get(note.id) or guid_for_note(deck.id, note.id)
            yield (note_id, guid, mid, modified, -1, tags, "\x1f".join(fields), fields[0], 0, 0, "")
            queue = -1 if RETIRED_TAG in note.tags else 0
            kind_type = types[note.kind]
            ordinals = (
                card_ordinals(kind_type, fields)
                if kind_type.custom
                else _card_ordinals(fields, required.get(note.kind))
            )
            for ordinal in ordinals:
                cards.append(
                    (next(ids), note_id, deck_id, ordinal, timestamp, -1, 0, queue, position)
                    + (0,) * 8
                    + ("",)
                )


def _card_ordinals(fields: list[str], required: list[list[Any]] | None) -> Iterable[int]:
    """Which cards a note gets, as genanki decides: a front/back template
    makes a card when its required fields are filled; a cloze text makes one
    card per deletion number, in the order of genanki's set of numbers."""
    if required is not None:
        op = {"any": any, "all": all}
        return [
            ordinal
            for ordinal, mode, field_ordinals in required
            if op[mode](fields[index] for index in field_ordinals)
        ]
    # The text of peerdeck's cloze type is its first field, the one its
    # template clozes.
    return genanki_ordinals(fields[0])


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _genanki_model(genanki: Any, note_type: NoteType) -> Any:
    """genanki's model for ``note_type``. Field and template ids to keep go
    into the note type's JSON as Anki writes them ("id" in each entry of
    ``flds`` and ``tmpls``), which genanki passes through."""
    fields: list[dict[str, Any]] = [{"name": name} for name in note_type.fields]
    for entry, field_id in zip(fields, note_type.field_ids, strict=False):
        if field_id is not None:
            entry["id"] = field_id
    templates: list[dict[str, Any]] = []
    for t in note_type.templates:
        templates.append({"name": t.name, "qfmt": t.front, "afmt": t.back})
        if t.id is not None:
            templates[-1]["id"] = t.id
    extra = {"sort_field_index": note_type.sort_field} if note_type.sort_field else {}
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=fields,
        templates=templates,
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.is_cloze else genanki.Model.FRONT_BACK,
        **extra,
    )


def _write_zip(stream: IO[bytes], database: Path, deck: Deck) -> None:
    media_map = {str(index): media.name for index, media in enumerate(deck.media)}
    entries = [
        ("collection.anki2", database.read_bytes()),
        ("media", json.dumps(media_map, sort_keys=True).encode()),
    ]
    entries += [(str(index), media.data) for index, media in enumerate(deck.media)]
    with zipfile.ZipFile(stream, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, data, compresslevel=ZIP_LEVEL)
