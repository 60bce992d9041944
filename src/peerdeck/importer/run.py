"""The import, start to end: read, lay out, write the files, record the
lock, rename the project into place."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from ..project import DECK_FILE
from ..release.lockfile import LOCK_NAME
from . import project
from .collection import Collection, read_package
from .crowdanki import read_crowdanki
from .layout import Layout, lay_out
from .recorded import lock_text
from .writer import new_folder, write_file


@dataclass(frozen=True)
class Imported:
    """What an import wrote."""

    path: Path
    deck: str  # the root deck's name
    deck_id: str
    notes: int
    note_types: int
    media: int
    card_files: tuple[str, ...]
    notices: tuple[str, ...]  # what was not kept, for the author to check


def import_deck(source: Path, target: Path, timestamp: int) -> Imported:
    """Write the deck in ``source`` (an ``.apkg``, or a CrowdAnki export
    folder) as a new project in ``target``; ``timestamp`` stamps what Anki
    did not date. Raises ``ImportRefused``, having written nothing, when it
    cannot."""
    with new_folder(target) as folder, _read(source) as collection:
        layout = lay_out(collection)
        _write_project(folder, layout, collection)
        write_file(folder, LOCK_NAME, lock_text(folder, layout, timestamp).encode("utf-8"))
    return Imported(
        target,
        layout.root,
        layout.deck_id,
        len(collection.notes),
        len(layout.note_types),
        len(collection.media),
        tuple(file.name for file in layout.files),
        tuple(layout.notices),
    )


def _read(source: Path) -> AbstractContextManager[Collection]:
    """A folder is a CrowdAnki export, anything else a package."""
    if source.is_dir():
        return nullcontext(read_crowdanki(source))
    return read_package(source)


def _write_project(folder: Path, layout: Layout, collection: Collection) -> None:
    write_file(folder, DECK_FILE, project.deck_file(layout).encode("utf-8"))
    for key, note_type in layout.note_types.items():
        for relative, text in project.note_type_files(
            key, note_type, layout.note_type_ids, layout.markdown.get(key, frozenset())
        ):
            write_file(folder, relative, text.encode("utf-8"))
    for card_file in layout.files:
        write_file(folder, card_file.name, project.card_file(card_file, layout).encode("utf-8"))
    for media in collection.media:
        write_file(folder, f"{project.MEDIA_FOLDER}/{layout.media[media.name]}", media.read())
