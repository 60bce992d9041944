"""The format of a project's own note types: the folders
``note-types/<key>/``, each with ``note-type.yaml`` (declared here, key by
key, as ``schema.py`` declares deck.yaml and the card files), one HTML file
per template side, and ``style.css``."""

from __future__ import annotations

from .schema import ANKI_ID, FIELD_FORMATS, STRING, Key, ListOf, OneOf

NOTE_TYPE_KINDS = ("standard", "cloze")

NOTE_TYPES_DIR = "note-types"
NOTE_TYPE_FILE = "note-type.yaml"
STYLE_FILE = "style.css"

NOTE_TYPE_FIELD_KEYS: tuple[Key, ...] = (
    Key("name", STRING, "The field's name, exactly as Anki shows it.", required=True),
    Key("id", ANKI_ID, "Anki's id of the field, to keep."),
    Key(
        "format",
        OneOf(FIELD_FORMATS),
        "markdown (default) or html: raw HTML, shipped exactly as written.",
    ),
)

NOTE_TYPE_TEMPLATE_KEYS: tuple[Key, ...] = (
    Key("name", STRING, "The template's name, exactly as Anki shows it.", required=True),
    Key("id", ANKI_ID, "Anki's id of the template, to keep."),
    Key("front", STRING, "The file of the question's HTML, in this folder.", required=True),
    Key("back", STRING, "The file of the answer's HTML, in this folder.", required=True),
)

NOTE_TYPE_KEYS: tuple[Key, ...] = (
    Key("name", STRING, "The note type's name, as Anki shows it.", required=True),
    Key("kind", OneOf(NOTE_TYPE_KINDS), "standard (default) or cloze."),
    Key(
        "id",
        ANKI_ID,
        "The Anki note type id to keep (an imported type's); else one is derived"
        " from the deck id and the folder's name.",
    ),
    Key(
        "sort-field",
        STRING,
        "The field Anki sorts and checks duplicates by (default: the first).",
    ),
    Key("fields", ListOf(NOTE_TYPE_FIELD_KEYS, least=1), "The fields, in order.", required=True),
    Key(
        "templates",
        ListOf(NOTE_TYPE_TEMPLATE_KEYS, least=1),
        "The card templates, in order.",
        required=True,
    ),
)
