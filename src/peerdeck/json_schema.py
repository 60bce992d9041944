"""The card format as JSON Schema (draft 2020-12), for editors.

Generated from the declarations in ``schema.py``, never written by hand: an
editor with yaml-language-server then completes keys, shows their
documentation and flags most mistakes while the author types. ``check``
stays the authority (positions, cross-file ids, cloze syntax, media).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import lint, schema
from .model import NoteKind, NoteType
from .note_type_schema import NOTE_TYPE_KEYS
from .schema import Key, Known, Schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_KINDS = [kind.value for kind in NoteKind]
# What the declarations name but do not hold: the rules, their limits, the note types.
KNOWN = Known(tuple(sorted(lint.BY_CODE)), tuple(sorted(lint.LIMITS)), tuple(_KINDS))


def card_schema(custom: Mapping[str, NoteType] | None = None) -> Schema:
    """A card file: its keys, and notes whose fields follow their type,
    which defaults to the file's ``type``, itself defaulting to basic.
    ``custom``: the project's own note types, by key, which notes may name."""
    custom = custom or {}
    kinds = [*_KINDS, *sorted(custom)]
    per_file_type: list[Schema] = [
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": _notes_of(kind),
        }
        for kind in kinds
    ]
    default: Schema = {"if": {"required": ["type"]}, "else": _notes_of(schema.DEFAULT_KIND)}
    defs: Schema = {_note_def(kind): _note(kind) for kind in NoteKind}
    defs.update({_note_def(key): _custom_note(custom[key]) for key in sorted(custom)})
    defs["typed-note"] = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": kinds}},
        "allOf": [
            {
                "if": {"properties": {"type": {"const": kind}}},
                "then": {"$ref": f"#/$defs/{_note_def(kind)}"},
            }
            for kind in kinds
        ],
    }
    for kind in kinds:
        defs[f"note-in-{kind}-file"] = {
            "if": {"required": ["type"]},
            "then": {"$ref": "#/$defs/typed-note"},
            "else": {"$ref": f"#/$defs/{_note_def(kind)}"},
        }
    file_schema = object_schema(schema.FILE_KEYS)
    file_schema["properties"]["type"]["enum"] = kinds
    return {
        "$schema": DIALECT,
        "title": "peerdeck card file",
        **file_schema,
        "allOf": [*per_file_type, default],
        "$defs": defs,
    }


def _note_def(kind: str) -> str:
    """The name of the definition of ``kind``'s notes: a project's own type
    is marked, so that its key (``typed``, say) never names another one."""
    return f"{kind}-note" if kind in _KINDS else f"custom-{kind}-note"


def _custom_note(note_type: NoteType) -> Schema:
    """A note of the project's own type: its fields under ``fields``, the
    first one required."""
    note = object_schema(schema.CUSTOM_NOTE_KEYS)
    first = note_type.fields[0]
    fields: Schema = {
        "type": "object",
        "properties": {
            name: schema.not_blank() if name == first else {"type": ["string", "null"]}
            for name in note_type.fields
        },
        "required": [first],
        "additionalProperties": False,
    }
    note["properties"]["fields"].update(fields)
    note["properties"]["type"]["enum"] = [note_type.key]
    note["required"] = [*note["required"], "fields"]
    return note


def deck_schema(custom: Mapping[str, NoteType] | None = None) -> Schema:
    """deck.yaml; ``custom``: the project's own note types, which
    ``note_types`` may give versions to."""
    deck = object_schema(schema.DECK_KEYS)
    versions = deck["properties"]["note_types"]["propertyNames"]
    versions["enum"] = [*versions["enum"], *sorted(custom or {})]
    return {"$schema": DIALECT, "title": "peerdeck deck.yaml", **deck}


def note_type_schema(custom: Mapping[str, NoteType] | None = None) -> Schema:
    """A note type's ``note-type.yaml`` (the same whatever the project)."""
    declared = object_schema(NOTE_TYPE_KEYS)
    return {"$schema": DIALECT, "title": "peerdeck note-type.yaml", **declared}


SCHEMAS = {"card": card_schema, "deck": deck_schema, "note-type": note_type_schema}


def _notes_of(kind: str) -> Schema:
    return {"properties": {"notes": {"items": {"$ref": f"#/$defs/note-in-{kind}-file"}}}}


def _note(kind: NoteKind) -> Schema:
    return object_schema(schema.NOTE_KEYS + schema.FIELD_KEYS[kind])


def object_schema(keys: tuple[Key, ...]) -> Schema:
    """A mapping with exactly these keys, the required ones required."""
    return schema.object_schema(keys, KNOWN)
