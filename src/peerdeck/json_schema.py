"""The card format as JSON Schema (draft 2020-12), for editors.

Generated from the declarations in ``schema.py``, never written by hand: an
editor with yaml-language-server then completes keys, shows their
documentation and flags most mistakes while the author types. ``check``
stays the authority (positions, cross-file ids, cloze syntax, media).
"""

from __future__ import annotations

from typing import Any

from . import lint, schema
from .model import NoteKind
from .schema import Key

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NOT_BLANK = r"\S"
_KINDS = [kind.value for kind in NoteKind]

Schema = dict[str, Any]


def card_schema() -> Schema:
    """A card file: its keys, and notes whose fields follow their type,
    which defaults to the file's ``type``, itself defaulting to basic."""
    per_file_type: list[Schema] = [
        {
            "if": {"properties": {"type": {"const": kind.value}}, "required": ["type"]},
            "then": _notes_of(kind),
        }
        for kind in NoteKind
    ]
    default: Schema = {"if": {"required": ["type"]}, "else": _notes_of(schema.DEFAULT_KIND)}
    defs: Schema = {f"{kind.value}-note": _note(kind) for kind in NoteKind}
    defs["typed-note"] = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": value_schema(_type_key())},
        "allOf": [
            {
                "if": {"properties": {"type": {"const": kind.value}}},
                "then": {"$ref": f"#/$defs/{kind.value}-note"},
            }
            for kind in NoteKind
        ],
    }
    for kind in NoteKind:
        defs[f"note-in-{kind.value}-file"] = {
            "if": {"required": ["type"]},
            "then": {"$ref": "#/$defs/typed-note"},
            "else": {"$ref": f"#/$defs/{kind.value}-note"},
        }
    return {
        "$schema": DIALECT,
        "title": "peerdeck card file",
        **object_schema(schema.FILE_KEYS),
        "allOf": [*per_file_type, default],
        "$defs": defs,
    }


def deck_schema() -> Schema:
    return {"$schema": DIALECT, "title": "peerdeck deck.yaml", **object_schema(schema.DECK_KEYS)}


SCHEMAS = {"card": card_schema, "deck": deck_schema}


def _notes_of(kind: NoteKind) -> Schema:
    return {"properties": {"notes": {"items": {"$ref": f"#/$defs/note-in-{kind.value}-file"}}}}


def _note(kind: NoteKind) -> Schema:
    return object_schema(schema.NOTE_KEYS + schema.FIELD_KEYS[kind])


def _type_key() -> Key:
    return next(key for key in schema.NOTE_KEYS if key.name == "type")


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
        return {"enum": _KINDS}
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
