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

from dataclasses import dataclass

from ..model import RETIRED_TAG
from .snapshot import NoteSnapshot, NoteTypeSnapshot, Snapshot
from .word_diff import Segment, plain, word_diff

EXCERPT_LENGTH = 40


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
