"""What changed between two releases of a deck, for release notes.

Each side is read into a ``Snapshot`` (notes and note types as Anki stores
them), from an ``.apkg`` or from a project built into a temporary package,
so a project and its own package always read the same. Notes are matched by
GUID, as Anki's importer matches them. ``compare`` returns the ``Changes``;
``release_notes`` turns them into text, Markdown or JSON.

What Anki does with each kind of change decides how release notes must word
it (measured with the ``anki`` package): edits update notes in place; a new
subdeck does not move existing cards; importing never deletes a note; a
newly retired note's existing cards stay unsuspended; a note whose note type
changed, or whose note type's field or template names changed, is not
updated at all.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import codes
from .anki_package import Note, NoteType, PackageError, open_package
from .errors import ProjectNotFound
from .ids import guid_for_note
from .lock import Release
from .model import RETIRED_TAG
from .notetypes import Template
from .outputs import scratch_folder
from .package import write_package
from .pipeline import prepare
from .problems import Problem, has_errors
from .project import find_project
from .settings import RunSettings
from .source import SourceFile
from .word_diff import Segment, plain, word_diff

# The time stamped on a project's temporary package; a snapshot holds no times.
SNAPSHOT_TIMESTAMP = 1_000_000_000
EXCERPT_LENGTH = 40


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
    deck = release.deck
    try:
        with scratch_folder() as work:
            snapshot = read_package(package_project(release, work))
    except (OSError, PackageError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        side.problems.append(
            Problem(root, 1, 1, codes.INPUT_UNREADABLE, f"cannot package the project: {reason}")
        )
        return side
    authors = {guid_for_note(deck.id, note.id): note.id for note in deck.notes}
    notes = tuple(
        dataclasses.replace(note, author_id=authors.get(note.guid)) for note in snapshot.notes
    )
    side.snapshot = dataclasses.replace(snapshot, deck=deck.name, notes=notes)
    return side


def package_project(release: Release, folder: Path) -> Path:
    """The package a project's snapshot is read from: what ``build`` would
    ship, retired notes' notices included, leaving the project's lock alone."""
    target = folder / "project.apkg"
    return write_package(release.deck, target, release.timestamp, release.mods).path


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


# --- comparing ---------------------------------------------------------------


@dataclass(frozen=True)
class NoteRef:
    """A note as release notes name it: by its author id when known,
    otherwise by the start of its first field."""

    guid: str
    author_id: str | None
    excerpt: str
    deck: str
    note_type: str

    @property
    def label(self) -> str:
        return self.author_id or self.excerpt


@dataclass(frozen=True)
class FieldEdit:
    name: str
    old: str  # the field's text, HTML stripped
    new: str
    words: tuple[Segment, ...]


@dataclass(frozen=True)
class NoteEdit:
    note: NoteRef
    fields: tuple[FieldEdit, ...]
    old_note_type: str | None = None  # set when the note changed note type


@dataclass(frozen=True)
class NoteMove:
    note: NoteRef
    old_deck: str


@dataclass(frozen=True)
class TagChange:
    note: NoteRef
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class NoteTypeChange:
    """A note type new in NEW ("new"), gone from it ("unused"), or changed
    under the same id ("changed")."""

    id: int
    name: str
    status: str
    old_name: str | None = None
    old_fields: tuple[str, ...] = ()
    new_fields: tuple[str, ...] = ()
    old_templates: tuple[str, ...] = ()
    new_templates: tuple[str, ...] = ()
    edited_templates: tuple[str, ...] = ()
    css_changed: bool = False

    @property
    def renames_fields_or_templates(self) -> bool:
        """Anki then copies the note type as "Name+" and updates none of its notes."""
        return self.status == "changed" and (
            self.old_fields != self.new_fields or self.old_templates != self.new_templates
        )


@dataclass(frozen=True)
class Changes:
    old_deck: str
    new_deck: str
    added: tuple[NoteRef, ...] = ()
    changed: tuple[NoteEdit, ...] = ()
    retired: tuple[NoteRef, ...] = ()
    removed: tuple[NoteRef, ...] = ()
    moved: tuple[NoteMove, ...] = ()
    tags: tuple[TagChange, ...] = ()
    note_types: tuple[NoteTypeChange, ...] = ()

    @property
    def empty(self) -> bool:
        sections = (self.added, self.changed, self.retired, self.removed, self.moved, self.tags)
        return not any(sections) and not self.note_types


def compare(old: Snapshot, new: Snapshot) -> Changes:
    """Everything a learner importing ``new`` over ``old`` should be told,
    each list in deck order, then package order."""
    before = {note.guid: note for note in old.notes}
    after = {note.guid: note for note in new.notes}
    added, changed, retired, moved, tags = [], [], [], [], []
    for note in _in_deck_order(new.notes):
        previous = before.get(note.guid)
        ref = _ref(note, previous)
        if previous is None:
            added.append(ref)
        elif RETIRED_TAG in note.tags and RETIRED_TAG not in previous.tags:
            retired.append(ref)
        else:
            edit = _edit(ref, previous, note)
            if edit is not None:
                changed.append(edit)
            if previous.deck != note.deck:
                moved.append(NoteMove(ref, previous.deck))
            if previous.tags != note.tags:
                tags.append(_tag_change(ref, previous.tags, note.tags))
    removed = [_ref(n, None) for n in _in_deck_order(old.notes) if n.guid not in after]
    return Changes(
        old.deck,
        new.deck,
        tuple(added),
        tuple(changed),
        tuple(retired),
        tuple(removed),
        tuple(moved),
        tuple(tags),
        _note_type_changes(old.note_types, new.note_types),
    )


def _in_deck_order(notes: tuple[NoteSnapshot, ...]) -> list[NoteSnapshot]:
    return sorted(notes, key=lambda note: (note.deck, note.position))


def _ref(note: NoteSnapshot, other: NoteSnapshot | None) -> NoteRef:
    first = plain(next(iter(note.fields.values()), ""))
    excerpt = first if len(first) <= EXCERPT_LENGTH else first[: EXCERPT_LENGTH - 1] + "…"
    author_id = note.author_id or (other.author_id if other else None)
    return NoteRef(note.guid, author_id, excerpt, note.deck, note.note_type)


def _edit(ref: NoteRef, old: NoteSnapshot, new: NoteSnapshot) -> NoteEdit | None:
    names = list(new.fields) + [name for name in old.fields if name not in new.fields]
    edits = []
    for name in names:
        before, after = old.fields.get(name, ""), new.fields.get(name, "")
        if before != after:
            a, b = plain(before), plain(after)
            edits.append(FieldEdit(name, a, b, word_diff(a, b)))
    retyped = old.note_type if old.note_type_id != new.note_type_id else None
    if not edits and retyped is None:
        return None
    return NoteEdit(ref, tuple(edits), retyped)


def _tag_change(ref: NoteRef, old: tuple[str, ...], new: tuple[str, ...]) -> TagChange:
    added = tuple(tag for tag in new if tag not in old)
    return TagChange(ref, added, tuple(tag for tag in old if tag not in new))


def _note_type_changes(
    old: tuple[NoteTypeSnapshot, ...], new: tuple[NoteTypeSnapshot, ...]
) -> tuple[NoteTypeChange, ...]:
    before = {t.id: t for t in old}
    after = {t.id: t for t in new}
    changes = []
    for type_id in sorted(before.keys() | after.keys()):
        a, b = before.get(type_id), after.get(type_id)
        if a is None and b is not None:
            changes.append(NoteTypeChange(type_id, b.name, "new"))
        elif b is None and a is not None:
            changes.append(NoteTypeChange(type_id, a.name, "unused"))
        elif a is not None and b is not None and a != b:
            changes.append(_note_type_change(a, b))
    return tuple(changes)


def _note_type_change(a: NoteTypeSnapshot, b: NoteTypeSnapshot) -> NoteTypeChange:
    old_templates = {t.name: t for t in a.templates}
    edited = tuple(
        t.name for t in b.templates if t.name in old_templates and old_templates[t.name] != t
    )
    return NoteTypeChange(
        id=b.id,
        name=b.name,
        status="changed",
        old_name=a.name if a.name != b.name else None,
        old_fields=a.fields,
        new_fields=b.fields,
        old_templates=tuple(t.name for t in a.templates),
        new_templates=tuple(t.name for t in b.templates),
        edited_templates=edited,
        css_changed=a.css != b.css,
    )
