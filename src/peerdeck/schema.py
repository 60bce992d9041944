"""The card format, declared once.

The validator reads these declarations, the README documents them and the
JSON Schema export is generated from them, so the three never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import NoteKind

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG = re.compile(r'^[^\s"]+$')  # also an ECMA-262 pattern, for the JSON Schema
RESERVED_TAG_PREFIX = "peerdeck::"  # tags peerdeck sets itself, such as peerdeck::retired
URL = re.compile(r"^https?://[^\s/]+\S*$")
DEFAULT_KIND = NoteKind.BASIC
MATH_MODES = ("anki", "dollars")


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its name, what its value must be, and its
    documentation for authors."""

    name: str
    kind: str
    doc: str
    required: bool = False


# Value kinds: "text" (a string, Markdown), "string" (plain text), "slug",
# "tags" (list of tags), "choices" (list of 2 to 6 strings), "deck-path",
# "note-type", "url", "note-type-versions" (note type to a whole number from
# 1), and the nested "sources", "retired", "source-ref" and "notes"; for
# lint, "lint-config" (LINT_KEYS) and "note-lint" (NOTE_LINT_KEYS).
DECK_KEYS: tuple[Key, ...] = (
    Key("name", "string", "The root deck's name, as learners see it in Anki.", required=True),
    Key(
        "id",
        "slug",
        "The deck's namespace: with each note id it makes the notes' GUIDs."
        " Never change it once the deck is published.",
        required=True,
    ),
    Key("description", "text", "Markdown shown on the deck's overview screen in Anki."),
    Key("tags", "tags", "Tags added to every note of the deck."),
    Key("sources", "sources", "Cited documents: a mapping from a key to title, file, url."),
    Key(
        "retired",
        "retired",
        "Notes withdrawn from the deck, each with its id and a reason. They keep"
        " shipping, tagged peerdeck::retired with their cards suspended.",
    ),
    Key(
        "note_types",
        "note-type-versions",
        "A version per note type, e.g. {cloze: 2}. Bump it to ship changed fields"
        " or templates under a new note type id.",
    ),
    Key(
        "sources_dir",
        "string",
        "The folder of the sources' files, relative to this file: quotes are checked against them.",
    ),
    Key("lint", "lint-config", "Lint settings: select, ignore, severity, limits."),
    Key(
        "math",
        "math-mode",
        "Math delimiters: 'anki' (default: only \\(...\\) and \\[...\\], as Anki reads"
        " them) or 'dollars' (also $...$ and $$...$$, with Pandoc's rules).",
    ),
)

RETIRED_KEYS: tuple[Key, ...] = (
    Key("id", "slug", "The id of a note that was released and is now withdrawn.", required=True),
    Key("reason", "string", "Why, in a sentence; learners who have the note see it.", True),
)

SOURCE_KEYS: tuple[Key, ...] = (
    Key("title", "string", "The document's title, shown on the back of its cards.", required=True),
    Key("file", "string", "The document's file name, for checking quotes against it."),
    Key("url", "url", "Where a learner can read the document."),
)

FILE_KEYS: tuple[Key, ...] = (
    Key("deck", "deck-path", "Subdeck under the root deck for this file's notes; '::' nests."),
    Key("tags", "tags", "Tags added to every note of this file."),
    Key("type", "note-type", "The note type of this file's notes unless a note says otherwise."),
    Key("notes", "notes", "The notes, in the order learners meet them.", required=True),
)

NOTE_KEYS: tuple[Key, ...] = (
    Key(
        "id",
        "slug",
        "The note's identity for ever, unique in the project; its GUID comes from it.",
        required=True,
    ),
    Key("type", "note-type", "basic (default), reversed, type-in, cloze or multiple-choice."),
    Key("tags", "tags", "Tags for this note, added to the deck's and the file's."),
    Key("source", "source-ref", "Where the note's claim comes from: ref and quote."),
    Key("note", "string", "A remark for authors; never shipped."),
    Key("lint", "note-lint", "Lint rules this note is exempt from: ignore, with a reason."),
)

LINT_KEYS: tuple[Key, ...] = (
    Key("select", "rule-codes", "Run only these rules (default: every rule)."),
    Key("ignore", "rule-codes", "Never run these rules."),
    Key("severity", "severities", "A rule's code to 'error' or 'warning', overriding its default."),
    Key("limits", "limits", "A limit's name to a whole number, overriding its default."),
)

NOTE_LINT_KEYS: tuple[Key, ...] = (
    Key("ignore", "rule-codes", "The rules this note is exempt from.", required=True),
    Key("reason", "string", "Why the note is right as it is.", required=True),
)

SOURCE_REF_KEYS: tuple[Key, ...] = (
    Key("ref", "slug", "A key of deck.yaml's sources.", required=True),
    Key("quote", "string", "The words of the source that support the note."),
)

_FRONT_BACK = (
    Key("front", "text", "The question.", required=True),
    Key("back", "text", "The answer.", required=True),
)

FIELD_KEYS: dict[NoteKind, tuple[Key, ...]] = {
    NoteKind.BASIC: _FRONT_BACK,
    NoteKind.REVERSED: (
        Key("front", "text", "One side; its card asks for the back.", required=True),
        Key("back", "text", "The other side; its card asks for the front.", required=True),
    ),
    NoteKind.TYPE_IN: (
        Key("front", "text", "The question.", required=True),
        Key("back", "text", "The exact answer the learner types.", required=True),
    ),
    NoteKind.CLOZE: (
        Key("text", "text", "Text with deletions: {{c1::answer}} or {{c1::answer::hint}}.", True),
        Key("extra", "text", "More context, shown on the back."),
    ),
    NoteKind.MULTIPLE_CHOICE: (
        Key("question", "text", "The question.", required=True),
        Key("choices", "choices", "Two to six options, shown in this order.", required=True),
        Key("answer", "text", "The right option, written exactly as in choices.", required=True),
        Key("explanation", "text", "Why the answer is right, shown on the back."),
    ),
}

ALL_FIELD_NAMES: frozenset[str] = frozenset(
    key.name for keys in FIELD_KEYS.values() for key in keys
)
MIN_CHOICES, MAX_CHOICES = 2, 6

# --- The project's own note types: note-types/<key>/note-type.yaml ------------
NOTE_TYPES_DIR = "note-types"
NOTE_TYPE_FILE = "note-type.yaml"
STYLE_FILE = "style.css"
NOTE_TYPE_KINDS = ("standard", "cloze")
FIELD_FORMATS = ("markdown", "html")

NOTE_TYPE_KEYS: tuple[Key, ...] = (
    Key("name", "string", "The note type's name, as Anki shows it.", required=True),
    Key("kind", "note-type-kind", "standard (default) or cloze."),
    Key(
        "id",
        "anki-id",
        "The Anki note type id to keep (an imported type's); else one is derived"
        " from the deck id and the folder's name.",
    ),
    Key(
        "sort-field",
        "string",
        "The field Anki sorts and checks duplicates by (default: the first).",
    ),
    Key("fields", "note-type-fields", "The fields, in order.", required=True),
    Key("templates", "note-type-templates", "The card templates, in order.", required=True),
)

NOTE_TYPE_FIELD_KEYS: tuple[Key, ...] = (
    Key("name", "string", "The field's name, exactly as Anki shows it.", required=True),
    Key("id", "anki-id", "Anki's id of the field, to keep."),
    Key(
        "format",
        "field-format",
        "markdown (default) or html: raw HTML, shipped exactly as written.",
    ),
)

NOTE_TYPE_TEMPLATE_KEYS: tuple[Key, ...] = (
    Key("name", "string", "The template's name, exactly as Anki shows it.", required=True),
    Key("id", "anki-id", "Anki's id of the template, to keep."),
    Key("front", "string", "The file of the question's HTML, in this folder.", required=True),
    Key("back", "string", "The file of the answer's HTML, in this folder.", required=True),
)

CUSTOM_NOTE_KEYS: tuple[Key, ...] = (
    *(key for key in NOTE_KEYS if key.name not in ("source",)),
    Key("fields", "custom-fields", "The note's fields by their names in its note type."),
)
