"""The card format as JSON Schema (draft 2020-12), for editors.

Generated from the declarations in ``schema.py``, never written by hand: an
editor with yaml-language-server then completes keys, shows their
documentation and flags most mistakes while the author types. ``check``
stays the authority (positions, cross-file ids, cloze syntax, media).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import lint, schema
from .model import NoteKind, NoteType
from .schema import Key

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NOT_BLANK = r"\S"
_KINDS = [kind.value for kind in NoteKind]

Schema = dict[str, Any]


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
            name: _not_blank() if name == first else {"type": ["string", "null"]}
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


SCHEMAS = {"card": card_schema, "deck": deck_schema}


def _notes_of(kind: str) -> Schema:
    return {"properties": {"notes": {"items": {"$ref": f"#/$defs/note-in-{kind}-file"}}}}


def _note(kind: NoteKind) -> Schema:
    return object_schema(schema.NOTE_KEYS + schema.FIELD_KEYS[kind])


def object_schema(keys: tuple[Key, ...]) -> Schema:
    """A mapping with exactly these keys, the required ones required."""
    return {
        "type": "object",
        "properties": {key.name: {**value_schema(key), "description": key.doc} for key in keys},
        "required": [key.name for key in keys if key.required],
        "additionalProperties": False,
    }


def value_schema(key: Key) -> Schema:
    """What the key's value must be. Raises on a kind without a schema, so
    that declaring a new kind breaks the export's tests until it has one."""
    kind = key.kind
    if kind == "text":
        # Optional fields may be left empty; required ones must say something.
        return _not_blank() if key.required else {"type": ["string", "null"]}
    if kind in ("string", "deck-path"):
        return _not_blank()
    if kind == "slug":
        return {"type": "string", "pattern": schema.SLUG.pattern}
    if kind == "url":
        return {"type": "string", "pattern": schema.URL.pattern}
    if kind == "note-type":
        return {"enum": _KINDS}  # and the project's own, in card_schema
    if kind == "custom-fields":
        return {"type": "object"}  # its fields: by the note's type, in card_schema
    if kind == "math-mode":
        return {"enum": list(schema.MATH_MODES)}
    if kind == "tags":
        tag = {"type": "string", "pattern": schema.TAG.pattern}
        return {"anyOf": [tag, {"type": "array", "items": tag}]}
    if kind == "choices":
        return {
            "type": "array",
            "items": _not_blank(),
            "minItems": schema.MIN_CHOICES,
            "maxItems": schema.MAX_CHOICES,
            "uniqueItems": True,
        }
    if kind == "sources":
        return {
            "type": "object",
            "propertyNames": {"pattern": schema.SLUG.pattern},
            "additionalProperties": object_schema(schema.SOURCE_KEYS),
        }
    if kind == "source-ref":
        return object_schema(schema.SOURCE_REF_KEYS)
    if kind == "notes":
        return {"type": "array"}  # items: by the file's type, in card_schema
    if kind == "lint-config":
        return object_schema(schema.LINT_KEYS)
    if kind == "note-lint":
        return object_schema(schema.NOTE_LINT_KEYS)
    if kind == "rule-codes":
        code = {"enum": sorted(lint.BY_CODE)}
        return {"anyOf": [code, {"type": "array", "items": code}]}
    if kind == "severities":
        return {
            "type": "object",
            "propertyNames": {"enum": sorted(lint.BY_CODE)},
            "additionalProperties": {"enum": ["error", "warning"]},
        }
    if kind == "limits":
        return {
            "type": "object",
            "propertyNames": {"enum": sorted(lint.LIMITS)},
            "additionalProperties": {"type": "integer", "minimum": 1},
        }
    if kind == "retired":
        return {"type": "array", "items": object_schema(schema.RETIRED_KEYS)}
    if kind == "note-type-versions":
        return {
            "type": "object",
            "propertyNames": {"enum": _KINDS},
            "additionalProperties": {"type": "integer", "minimum": 1},
        }
    raise ValueError(f"key '{key.name}' has kind {kind!r}, which has no JSON Schema")


def _not_blank() -> Schema:
    return {"type": "string", "pattern": _NOT_BLANK}
