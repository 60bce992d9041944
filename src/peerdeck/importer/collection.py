"""What an import reads, whatever it reads it from: note types, decks,
notes and media as plain values, the same for an ``.apkg`` in any of
Anki's formats and for a CrowdAnki export folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..anki_package import Deck, Note, NoteType, PackageError, open_package
from ..errors import ImportRefused


@dataclass(frozen=True)
class Media:
    """A media file: its name in the collection, and how to read its bytes
    (one at a time, while the input is open)."""

    name: str
    read: Callable[[], bytes]


@dataclass(frozen=True)
class Collection:
    note_types: tuple[NoteType, ...]
    decks: tuple[Deck, ...]
    notes: tuple[Note, ...]  # in the order they were added
    media: tuple[Media, ...]
    # Whether note type ids are Anki's (CrowdAnki keeps none: they are made).
    note_type_ids: bool = True


@contextmanager
def read_package(path: Path) -> Iterator[Collection]:
    """The collection in the ``.apkg`` at ``path``, open until the block
    ends; a package that cannot be read safely raises ``ImportRefused``."""
    try:
        with open_package(path) as package:
            collection = Collection(
                tuple(package.note_types()),
                tuple(package.decks()),
                tuple(package.notes()),
                tuple(
                    Media(file.name, partial(package.read_media, file)) for file in package.media()
                ),
            )
            yield collection
    except PackageError as exc:
        raise ImportRefused(exc.code, exc.message) from None
