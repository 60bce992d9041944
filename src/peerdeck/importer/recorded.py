"""The lock of an imported project: what its first build will record,
planned by the build's own planner from the notes as the project declares
them, with each note's GUID and time as the package had them.

The project is not read back to plan it: every field is raw HTML, so a
note ships exactly its fields, and the model the build makes of the
files is made here from the same values (a test builds every imported
project with ``--locked``, which fails if the two ever differ). Checking
a 50,000-note project would take longer than the whole import.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import model
from ..ids import custom_note_type_id
from ..release.lockfile import LOCK_NAME, Lock, dumps
from ..release.plan import plan
from .layout import Layout, PlacedNote
from .project import padded

# Where a planning problem would point: planning a first release finds none.
_NOWHERE = model.Location(Path(LOCK_NAME), 1, 1)


def lock_text(folder: Path, layout: Layout, timestamp: int) -> str:
    """The text of ``peerdeck.lock`` for the project written in ``folder``."""
    types = {key: _note_type(key, layout) for key in layout.note_types}
    notes = tuple(
        _note(placed, "::".join(filter(None, (layout.root, file.deck))), types[placed.type_key])
        for file in layout.files
        for placed in file.notes
    )
    deck = model.Deck(
        id=layout.deck_id, name=layout.root, root=folder, notes=notes, custom_types=types
    )
    release = plan(deck, None, folder / LOCK_NAME, timestamp)
    originals = {placed.id: placed.note for file in layout.files for placed in file.notes}
    locked_notes = {
        note_id: entry._replace(
            guid=originals[note_id].guid, mod=originals[note_id].mod or entry.mod
        )
        for note_id, entry in release.lock.notes.items()
    }
    type_mods = {note_type.id: note_type.mod for note_type in layout.note_types.values()}
    locked_types = {
        key: replace(entry, mod=type_mods.get(entry.id) or entry.mod)
        for key, entry in release.lock.note_types.items()
    }
    lock: Lock = replace(release.lock, notes=locked_notes, note_types=locked_types)
    return dumps(lock)


def _note_type(key: str, layout: Layout) -> model.NoteType:
    """The note type as the build reads it from ``note-types/<key>/``."""
    source = layout.note_types[key]
    ids = source.template_ids + (None,) * len(source.templates)
    return model.NoteType(
        id=source.id if layout.note_type_ids else custom_note_type_id(layout.deck_id, key),
        name=source.name,
        fields=source.fields,
        templates=tuple(
            model.Template(t.name, t.front, t.back, template_id)
            for t, template_id in zip(source.templates, ids, strict=False)
        ),
        is_cloze=source.cloze,
        css=source.css,
        key=key,
        field_ids=tuple(source.field_ids + (None,) * (len(source.fields) - len(source.field_ids))),
        html_fields=frozenset(source.fields) - layout.markdown.get(key, frozenset()),
        sort_field=source.sort_field if 0 < source.sort_field < len(source.fields) else 0,
        custom=True,
    )


def _note(placed: PlacedNote, deck: str, note_type: model.NoteType) -> model.Note:
    names = note_type.fields
    fields = dict(zip(names, padded(placed.fields, len(names)), strict=True))
    return model.Note(
        id=placed.id,
        kind=placed.type_key,
        fields=fields,
        html=fields,
        deck=deck,
        tags=tuple(sorted(set(placed.tags))),
        location=_NOWHERE,
        field_locations={},
    )
