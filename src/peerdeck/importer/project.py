"""The files of an imported project, as text: ``deck.yaml``, the card
files and each note type's folder (the format of ``note-types/<key>/``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..anki_package import NoteType
from . import names
from .layout import CardFile, Described, Layout
from .yaml_text import dump

NOTE_TYPES_FOLDER = "note-types"
MEDIA_FOLDER = "media"


def deck_file(layout: Layout) -> str:
    deck: dict[str, Any] = {"name": layout.root, "id": layout.deck_id}
    if layout.description is not None:
        deck.update(_description(layout.description))
    if layout.subdecks:
        deck["subdecks"] = {
            name: _description(described) for name, described in sorted(layout.subdecks.items())
        }
    return dump(deck)


def _description(described: Described) -> dict[str, str]:
    written = {"description": described.text}
    if described.html:
        written["description_format"] = "html"  # Markdown would not leave it byte for byte
    return written


def card_file(card_file: CardFile, layout: Layout) -> str:
    """A card file: its subdeck, then each note with its type, fields and tags."""
    content: dict[str, Any] = {}
    if card_file.deck:
        content["deck"] = card_file.deck
    notes = []
    for placed in card_file.notes:
        field_names = layout.note_types[placed.type_key].fields
        note: dict[str, Any] = {"id": placed.id, "type": placed.type_key}
        note["fields"] = dict(
            zip(field_names, padded(placed.fields, len(field_names)), strict=True)
        )
        if placed.tags:
            note["tags"] = list(placed.tags)
        notes.append(note)
    content["notes"] = notes
    return dump(content)


def padded(values: tuple[str, ...], count: int) -> tuple[str, ...]:
    """A note's fields, one per field of its type (Anki pads and cuts so too)."""
    return (values + ("",) * count)[:count]


def note_type_files(
    key: str, note_type: NoteType, keep_id: bool, markdown: frozenset[str] = frozenset()
) -> Iterator[tuple[str, str]]:
    """(path in the project, text) of the files of one note type's folder."""
    folder = f"{NOTE_TYPES_FOLDER}/{key}"
    sides = names.UniqueNames()
    templates = []
    for index, template in enumerate(note_type.templates):
        stem = sides.claim(names.slug(template.name, "card"))
        entry: dict[str, Any] = {"name": template.name}
        template_id = _at(note_type.template_ids, index)
        if template_id is not None:
            entry["id"] = template_id
        entry["front"], entry["back"] = f"{stem}.front.html", f"{stem}.back.html"
        templates.append(entry)
        yield f"{folder}/{entry['front']}", template.front
        yield f"{folder}/{entry['back']}", template.back
    fields = []
    for index, name in enumerate(note_type.fields):
        field: dict[str, Any] = {"name": name}
        field_id = _at(note_type.field_ids, index)
        if field_id is not None:
            field["id"] = field_id
        if name not in markdown:
            field["format"] = "html"  # Markdown would not leave it byte for byte
        fields.append(field)
    declared: dict[str, Any] = {
        "name": note_type.name,
        "kind": "cloze" if note_type.cloze else "standard",
    }
    if keep_id:
        declared["id"] = note_type.id
    if 0 < note_type.sort_field < len(note_type.fields):
        declared["sort-field"] = note_type.fields[note_type.sort_field]
    declared["fields"] = fields
    declared["templates"] = templates
    yield f"{folder}/note-type.yaml", dump(declared)
    if note_type.css:
        yield f"{folder}/style.css", note_type.css


def _at(values: tuple[int | None, ...], index: int) -> int | None:
    return values[index] if index < len(values) else None
