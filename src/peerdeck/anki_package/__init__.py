"""Reading Anki packages (``.apkg``) that someone else wrote, safely.

    with open_package(path) as package:
        note_types = list(package.note_types())
        decks = list(package.decks())
        for note in package.notes():
            ...

Every format Anki has written is read, the newest collection a package
holds first: ``collection.anki21b`` (zstd-compressed, schema 18),
``collection.anki21``, then ``collection.anki2`` (refused when it is only
the placeholder Anki adds for old versions). Nothing in a package is
trusted: the zip is checked against ``limits`` before any entry is read,
entries are read with a cap, the database is opened read-only and only its
tables are read. Every failure is a ``PackageError`` carrying a problem
code (PD025 not a package, PD060 over a limit, PD061 a damaged or
unsupported zip, PD062 a collection unlike Anki's, PD063 a format
peerdeck cannot read), and the temporary folder is gone when the block ends.
"""

from __future__ import annotations

from ..errors import PackageError
from .model import Deck, MediaFile, Note, NoteType
from .reader import AnkiPackage, open_package

__all__ = [
    "AnkiPackage",
    "Deck",
    "MediaFile",
    "Note",
    "NoteType",
    "PackageError",
    "open_package",
]
