"""What a package holds, as plain values, whichever format it was read from."""

from __future__ import annotations

from dataclasses import dataclass

from .. import codes
from ..errors import PackageError
from ..notetypes import Template


def damaged(reason: str) -> PackageError:
    """The error for a collection whose contents are not what Anki writes."""
    return PackageError(codes.PACKAGE_COLLECTION_DAMAGED, f"the collection is damaged: {reason}")


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]  # in order
    templates: tuple[Template, ...]  # in order: name, front (question), back (answer)
    css: str


@dataclass(frozen=True)
class Deck:
    id: int
    name: str  # levels joined with "::", as Anki shows them


@dataclass(frozen=True)
class Note:
    """A note in package order; ``deck_id`` is the deck of its first card
    (None for a note without cards)."""

    id: int
    guid: str
    note_type_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck_id: int | None


@dataclass(frozen=True)
class MediaFile:
    """A media file: its name in the collection and the zip entry holding
    it (stored zstd-compressed in the current format)."""

    name: str
    entry: str
    size: int | None  # None when the package does not record it
    sha1: bytes | None
