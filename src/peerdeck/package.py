"""Write a validated deck as an ``.apkg``: the only module that touches genanki.

genanki writes the SQLite collection; we write the zip ourselves so that the
same deck and timestamp always give the same bytes (fixed entry order, times
and permissions, deflate), and we write it atomically: a temporary file
beside the target, renamed over it only when complete. A failed or
interrupted build leaves the previous package exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .ids import deck_id_for, guid_for_note
from .model import RETIRED_TAG, Deck
from .notetypes import CSS, NOTE_TYPES, NoteType, anki_fields, note_type

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackageInfo:
    """What was written."""

    path: Path
    notes: int
    cards: int
    media: int
    sha256: str


def write_package(
    deck: Deck, output: Path, timestamp: int, mods: Mapping[str, int] | None = None
) -> PackageInfo:
    """Write ``deck`` to ``output`` atomically; raise OSError if it cannot be
    written, leaving any existing file at ``output`` untouched.

    ``timestamp`` stamps the package's note types and ids; ``mods`` gives a
    note's modification time by note id (default ``timestamp``): Anki updates
    a learner's copy of a note only when this time is newer than theirs. The
    cards of notes tagged ``peerdeck::retired`` are shipped suspended."""
    with tempfile.TemporaryDirectory(prefix="peerdeck-") as work:
        database = Path(work) / "collection.anki2"
        cards = _write_collection(deck, database, timestamp, mods or {})
        with atomic(output) as stream:
            _write_zip(stream, database, deck)
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    return PackageInfo(output, len(deck.notes), cards, len(deck.media), digest)


def _write_collection(deck: Deck, database: Path, timestamp: int, mods: Mapping[str, int]) -> int:
    import genanki  # imported late: `check` never needs it

    models = {
        kind: _genanki_model(genanki, note_type(kind, deck.versions.get(kind, 1)))
        for kind in NOTE_TYPES
    }
    decks = {
        name: genanki.Deck(
            deck_id_for(name), name, deck.description_html if name == deck.name else ""
        )
        for name in deck.deck_names
    }
    cards = 0
    for position, note in enumerate(deck.notes, start=1):
        anki_note = genanki.Note(
            model=models[note.kind],
            fields=anki_fields(note),
            tags=list(note.tags),
            guid=guid_for_note(deck.id, note.id),
            due=position,  # new cards are introduced in source order
        )
        cards += len(anki_note.cards)
        decks[note.deck].add_note(anki_note)
    connection = sqlite3.connect(database)
    try:
        with warnings.catch_warnings():
            # genanki warns about HTML it does not recognise; fields are our own
            # rendered HTML, checked before they get here.
            warnings.filterwarnings("ignore", message="^Field contained the following invalid")
            package = genanki.Package(list(decks.values()))
            package.write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        guids = {note.id: guid_for_note(deck.id, note.id) for note in deck.notes}
        connection.executemany(
            "UPDATE notes SET mod = ? WHERE guid = ?",
            [(mod, guids[note_id]) for note_id, mod in sorted(mods.items()) if note_id in guids],
        )
        retired = [(guids[note.id],) for note in deck.notes if RETIRED_TAG in note.tags]
        connection.executemany(
            "UPDATE cards SET queue = -1 WHERE nid = (SELECT id FROM notes WHERE guid = ?)",
            retired,
        )
        connection.commit()
    finally:
        connection.close()
    return cards


def _genanki_model(genanki: Any, note_type: NoteType) -> Any:
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=CSS,
        model_type=genanki.Model.CLOZE if note_type.is_cloze else genanki.Model.FRONT_BACK,
    )


def _write_zip(stream: IO[bytes], database: Path, deck: Deck) -> None:
    media_map = {str(index): media.name for index, media in enumerate(deck.media)}
    with zipfile.ZipFile(stream, "w") as archive:
        _add(archive, "collection.anki2", database.read_bytes())
        _add(archive, "media", json.dumps(media_map, sort_keys=True).encode())
        for index, media in enumerate(deck.media):
            _add(archive, str(index), media.path.read_bytes())


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever system builds it
    info.external_attr = 0o100644 << 16
    archive.writestr(info, data, compresslevel=6)


@contextlib.contextmanager
def atomic(target: Path) -> Iterator[IO[bytes]]:
    """A file that replaces ``target`` only if the block completes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
