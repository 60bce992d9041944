"""Each side of a diff read into a ``Snapshot``: notes and note types as
Anki stores them, from an ``.apkg`` or from a project built into a temporary
package, so a project and its own package always read the same.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import codes
from ..anki_package import Note, NoteType, PackageError, open_package
from ..errors import ProjectNotFound
from ..ids import guid_for_note
from ..model import Deck
from ..notetypes import Template
from ..outputs import scratch_folder
from ..pipeline import prepare, write_release
from ..problems import Problem, has_errors
from ..project import find_project
from ..settings import RunSettings
from ..source import SourceFile

# The time stamped on a project's temporary package; a snapshot holds no times.
SNAPSHOT_TIMESTAMP = 1_000_000_000


@dataclass(frozen=True)
class NoteTypeSnapshot:
    """A note type as a package stores it (peerdeck's own are in ``notetypes``)."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    css: str


@dataclass(frozen=True)
class NoteSnapshot:
    """A note as Anki stores it; ``deck`` is the deck of its first card and
    ``position`` its place in the package (source order for peerdeck's)."""

    guid: str
    note_type_id: int
    note_type: str
    fields: Mapping[str, str] = field(hash=False)
    tags: tuple[str, ...]
    deck: str
    position: int
    author_id: str | None = None


@dataclass(frozen=True)
class Snapshot:
    deck: str
    notes: tuple[NoteSnapshot, ...]
    note_types: tuple[NoteTypeSnapshot, ...]


@dataclass
class Side:
    """One input read: its snapshot, or the problems that stop it being read
    (and the project files read, to show the lines problems point at)."""

    path: Path
    snapshot: Snapshot | None
    problems: list[Problem] = field(default_factory=list)
    sources: dict[Path, SourceFile] = field(default_factory=dict)


def read(path: Path) -> Side:
    """Read ``path``: a deck project folder (or a folder with ``cards/``) or
    an ``.apkg`` file."""
    if path.is_dir():
        return _read_project(path)
    try:
        return Side(path, read_package(path))
    except PackageError as exc:
        return Side(path, None, [Problem(path, 1, 1, exc.code, exc.message)])


def _read_project(path: Path) -> Side:
    try:
        root = find_project(path)
    except ProjectNotFound as exc:
        return Side(path, None, [Problem(path, 1, 1, codes.INPUT_UNREADABLE, str(exc))])
    built = prepare(RunSettings(root, timestamp=SNAPSHOT_TIMESTAMP))
    loaded, release = built.loaded, built.release
    side = Side(path, None, loaded.problems, loaded.sources)
    if release is None or has_errors(loaded.problems):
        return side
    try:
        with scratch_folder() as work:
            package = write_release(release, work / "project.apkg").path
            guids = {note_id: note.guid for note_id, note in release.lock.notes.items()}
            side.snapshot = read_built(package, release.deck, guids)
    except (OSError, PackageError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        side.problems.append(
            Problem(root, 1, 1, codes.INPUT_UNREADABLE, f"cannot package the project: {reason}")
        )
    return side


def read_built(package: Path, deck: Deck, guids: Mapping[str, str]) -> Snapshot:
    """The snapshot of a package built from ``deck``, its notes named by their
    ids; ``guids`` are the GUIDs the lock records by note id (an imported
    note's is its learners', not one made from its id)."""
    snapshot = read_package(package)
    authors = {
        guids.get(note.id) or guid_for_note(deck.id, note.id): note.id for note in deck.notes
    }
    notes = tuple(
        dataclasses.replace(note, author_id=authors.get(note.guid)) for note in snapshot.notes
    )
    return dataclasses.replace(snapshot, deck=deck.name, notes=notes)


def read_package(path: Path) -> Snapshot:
    """The snapshot of an ``.apkg``; raise ``PackageError`` with a reason a
    person can act on when it cannot be read."""
    with open_package(path) as package:
        models = {model.id: model for model in package.note_types()}
        deck_names = {deck.id: deck.name for deck in package.decks()}
        notes = tuple(
            _note(note, position, models.get(note.note_type_id), deck_names)
            for position, note in enumerate(package.notes())
        )
    used = sorted({note.note_type_id for note in notes})
    note_types = tuple(_note_type(models[mid]) for mid in used if mid in models)
    return Snapshot(_root_name(notes), notes, note_types)


def _note(
    note: Note, position: int, model: NoteType | None, deck_names: Mapping[int, str]
) -> NoteSnapshot:
    names = list(model.fields) if model else []
    names += [f"Field {index}" for index in range(len(names) + 1, len(note.fields) + 1)]
    deck_id = note.deck_id
    return NoteSnapshot(
        guid=note.guid,
        note_type_id=note.note_type_id,
        note_type=model.name if model else str(note.note_type_id),
        fields=dict(zip(names, note.fields, strict=False)),
        tags=tuple(sorted(note.tags)),
        deck=deck_names.get(deck_id, str(deck_id)) if deck_id is not None else "",
        position=position,
    )


def _note_type(model: NoteType) -> NoteTypeSnapshot:
    return NoteTypeSnapshot(
        id=model.id,
        name=model.name,
        fields=model.fields,
        templates=model.templates,
        css=model.css,
    )


def _root_name(notes: tuple[NoteSnapshot, ...]) -> str:
    """The deck all notes share (``Root`` for ``Root::A`` and ``Root::B``),
    or the top-level decks when they share none."""
    paths = sorted({tuple(note.deck.split("::")) for note in notes if note.deck})
    if not paths:
        return ""
    # Sorted, the first and last paths differ soonest: their shared start is everyone's.
    first, last = paths[0], paths[-1]
    pairs = itertools.takewhile(lambda pair: pair[0] == pair[1], zip(first, last, strict=False))
    shared = [level for level, _ in pairs]
    return "::".join(shared) if shared else ", ".join(sorted({path[0] for path in paths}))
