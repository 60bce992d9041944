"""Opening a package: its zip checked, its newest collection extracted to
a private temporary folder and opened safely, and the folder removed when
the package is closed, whatever happened in between."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import codes, limits
from ..errors import PackageError
from ..outputs import scratch_folder
from . import current, entries, legacy, protobuf
from .database import Database
from .model import Deck, MediaFile, Note, NoteType, damaged

# Newest first, with whether the entry is zstd-compressed. Anki's current
# export also holds a collection.anki2 whose only note asks to update Anki.
COLLECTIONS = (
    ("collection.anki21b", True),
    ("collection.anki21", False),
    ("collection.anki2", False),
)
PLACEHOLDER = "Please update to the latest Anki version"
LATEST_VERSION = 3  # PackageMetadata.Version.VERSION_LATEST
# The col table's ver: what Anki writes in each kind of collection entry.
SCHEMA_LEGACY, SCHEMA_CURRENT = 11, 18
_NEW_CARD = 0  # cards.type of a card never studied: its due is its position


class AnkiPackage:
    """An open package; read it with ``note_types``, ``decks``, ``notes``
    and ``media``. Each raises ``PackageError`` on what it cannot read."""

    def __init__(self, archive: zipfile.ZipFile, database: Database, collection: str) -> None:
        self.archive = archive
        self.database = database
        self.collection = collection  # the zip entry the notes come from
        self.current = collection == COLLECTIONS[0][0]
        self._reader = current if self.current else legacy

    def note_types(self) -> Iterator[NoteType]:
        with self.database.errors():
            yield from self._reader.note_types(self.database)

    def decks(self) -> Iterator[Deck]:
        with self.database.errors():
            yield from self._reader.decks(self.database)

    def notes(self) -> Iterator[Note]:
        """Notes in the order they were added (by id)."""
        first_decks: dict[int, int] = {}
        positions: dict[int, int] = {}
        spread: set[int] = set()  # notes with cards in more than one deck
        # A card in a filtered deck keeps its home deck and due in odid, odue.
        cards = self.database.rows(
            "SELECT nid, CASE WHEN odid THEN odid ELSE did END, type,"
            " CASE WHEN odid THEN odue ELSE due END FROM cards ORDER BY nid, ord"
        )
        for note_id, deck_id, kind, due in _counted(cards, limits.COLLECTION_CARDS, "cards"):
            if first_decks.setdefault(note_id, deck_id) != deck_id:
                spread.add(note_id)
            if kind == _NEW_CARD and isinstance(due, int):
                positions[note_id] = min(due, positions.get(note_id, due))
        rows = self.database.rows("SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id")
        for note_id, guid, type_id, mod, tags, fields in _counted(
            rows, limits.COLLECTION_NOTES, "notes"
        ):
            values = (note_id, guid, type_id, mod, tags, fields)
            if [type(v) for v in values] != [int, str, int, int, str, str]:
                raise damaged(f"note {note_id!r} has a value of the wrong type")
            yield Note(
                note_id,
                guid,
                type_id,
                tuple(fields.split("\x1f")),
                tuple(tags.split()),
                first_decks.get(note_id),
                mod,
                positions.get(note_id),
                note_id in spread,
            )

    def media(self) -> tuple[MediaFile, ...]:
        """The media files the package says it holds, each name checked."""
        if "media" not in self.archive.namelist():
            return ()
        data = entries.read_bytes(self.archive, "media", self.current, limits.PACKAGE_INDEX_BYTES)
        files = _current_media(data) if self.current else _legacy_media(data)
        names = set(self.archive.namelist())
        for file in files:
            if "/" in file.name or entries.unsafe_name(file.name):
                raise PackageError(
                    codes.PACKAGE_ZIP_DAMAGED, f"media file {file.name!r} has an unsafe name"
                )
            if file.entry not in names:
                raise PackageError(
                    codes.PACKAGE_ZIP_DAMAGED, f"media file {file.name!r} is missing from the zip"
                )
        return files

    def read_media(self, file: MediaFile) -> bytes:
        """A media file's bytes, capped at the limit for one entry."""
        return entries.read_bytes(
            self.archive, file.entry, self.current, limits.PACKAGE_ENTRY_BYTES
        )


def _counted(rows: Iterator[tuple[Any, ...]], limit: int, what: str) -> Iterator[tuple[Any, ...]]:
    for count, row in enumerate(rows, 1):
        if count > limit:
            raise PackageError(
                codes.PACKAGE_OVER_LIMIT, f"too large to read safely: over {limit:,} {what}"
            )
        yield row


@contextmanager
def open_package(path: Path) -> Iterator[AnkiPackage]:
    """The package at ``path``, open until the block ends; ``PackageError``
    says why it cannot be."""
    with entries.open_zip(path) as archive:
        name, zstd = _collection_entry(archive)
        with scratch_folder() as work:
            target = work / "collection.db"
            entries.extract(archive, name, target, zstd, limits.COLLECTION_BYTES)
            database = Database(target, name)
            try:
                package = AnkiPackage(archive, database, name)
                _check(package)
                yield package
            finally:
                database.close()


def _collection_entry(archive: zipfile.ZipFile) -> tuple[str, bool]:
    names = set(archive.namelist())
    if "meta" in names:
        meta = entries.read_bytes(archive, "meta", False, limits.PACKAGE_INDEX_BYTES)
        version = protobuf.number(protobuf.message(meta, "package version"), 1, "package version")
        if version > LATEST_VERSION:
            raise PackageError(
                codes.PACKAGE_UNSUPPORTED,
                f"written by a newer Anki (package version {version}) than peerdeck reads",
            )
    for name, zstd in COLLECTIONS:
        if name in names:
            return name, zstd
    raise PackageError(
        codes.INPUT_UNREADABLE,
        "not an Anki package (.apkg): the zip holds no collection.anki2",
    )


def _check(package: AnkiPackage) -> None:
    database = package.database
    database.require_tables("col", "notes", "cards", *(current.TABLES if package.current else ()))
    _check_schema(package)
    if package.collection != "collection.anki2":
        return
    first = list(database.rows("SELECT flds FROM notes LIMIT 2"))
    if len(first) == 1 and str(first[0][0]).startswith(PLACEHOLDER):
        raise PackageError(
            codes.PACKAGE_UNSUPPORTED,
            "holds only the placeholder collection Anki adds for old versions"
            f' ("{PLACEHOLDER}"): the real collection.anki21b is missing',
        )


def _check_schema(package: AnkiPackage) -> None:
    """The collection's schema version is the one its entry's format has:
    another is a layout peerdeck has not seen, whatever its tables look like."""
    row = package.database.one("SELECT ver FROM col")
    if row is None:
        return  # reported as an empty col table when read
    expected = SCHEMA_CURRENT if package.current else SCHEMA_LEGACY
    if row[0] != expected:
        raise PackageError(
            "PD063",
            f"{package.collection} has schema version {row[0]!r}, which peerdeck does not"
            f" read (Anki writes {expected} there)",
        )


def _legacy_media(data: bytes) -> tuple[MediaFile, ...]:
    try:
        found = json.loads(data)
    except (RecursionError, ValueError):
        found = None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        raise PackageError(
            codes.PACKAGE_ZIP_DAMAGED, "the media list is not a JSON object of names"
        )
    return tuple(MediaFile(name, entry, None, None) for entry, name in found.items())


def _current_media(data: bytes) -> tuple[MediaFile, ...]:
    what = "media list"
    files = []
    for index, (number, value) in enumerate(protobuf.fields(data, what)):
        if number != 1 or not isinstance(value, bytes):
            raise PackageError(codes.PACKAGE_ZIP_DAMAGED, "the media list is damaged")
        entry = protobuf.message(value, what)
        sha1 = entry.get(3, [b""])[-1]
        files.append(
            MediaFile(
                protobuf.text(entry, 1, what),
                str(index),
                protobuf.number(entry, 2, what),
                sha1 if isinstance(sha1, bytes) else None,
            )
        )
    return tuple(files)
