"""The card format, declared once.

The validator reads these declarations, the README documents them and the
JSON Schema export is generated from them, so the three never disagree.
Each key's kind is an object that gives its own JSON Schema.
"""

from __future__ import annotations

import abc
import re
from dataclasses import dataclass
from typing import Any, Final

from .model import NoteKind

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG = re.compile(r'^[^\s"]+$')  # also an ECMA-262 pattern, for the JSON Schema
RESERVED_TAG_PREFIX = "peerdeck::"  # tags peerdeck sets itself, such as peerdeck::retired
URL = re.compile(r"^https?://[^\s/]+\S*$")
DEFAULT_KIND = NoteKind.BASIC
MATH_MODES = ("anki", "dollars")
FIELD_FORMATS = ("markdown", "html")
MIN_CHOICES, MAX_CHOICES = 2, 6  # a multiple-choice note's options


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its name, what its value must be, and its
    documentation for authors."""

    name: str
    kind: Kind
    doc: str
    required: bool = False


Schema = dict[str, Any]  # a JSON Schema, as json.dumps writes it


@dataclass(frozen=True)
class Known:
    """What a JSON Schema names that the declarations do not hold: the lint
    rules' codes and limits, and the note types a note may name."""

    rule_codes: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    note_types: tuple[str, ...] = ()


class Kind(abc.ABC):
    """What a key's value must be, as an object: the JSON Schema export asks
    it for its schema (a kind cannot be declared without one), and
    validation tells values apart by it (a list of choices, not text)."""

    @abc.abstractmethod
    def json_schema(self, key: Key, known: Known) -> Schema:
        """The JSON Schema of the value of ``key``, a key of this kind."""


class _Text(Kind):
    """Markdown: an optional field may be left empty, a required one must say something."""

    def json_schema(self, key: Key, known: Known) -> Schema:
        return not_blank() if key.required else {"type": ["string", "null"]}


class _Plain(Kind):
    """Text that must say something: a name, a deck path, a file name."""

    def json_schema(self, key: Key, known: Known) -> Schema:
        return not_blank()


@dataclass(frozen=True)
class Pattern(Kind):
    """Text matching ``pattern`` (also an ECMA-262 pattern)."""

    pattern: re.Pattern[str]

    def json_schema(self, key: Key, known: Known) -> Schema:
        return {"type": "string", "pattern": self.pattern.pattern}


@dataclass(frozen=True)
class OneOf(Kind):
    values: tuple[str, ...]

    def json_schema(self, key: Key, known: Known) -> Schema:
        return {"enum": list(self.values)}


class _NoteTypeName(Kind):
    def json_schema(self, key: Key, known: Known) -> Schema:
        return {"enum": list(known.note_types)}


class _Tags(Kind):
    """A tag, or a list of them."""

    def json_schema(self, key: Key, known: Known) -> Schema:
        tag = {"type": "string", "pattern": TAG.pattern}
        return {"anyOf": [tag, {"type": "array", "items": tag}]}


class _Choices(Kind):
    def json_schema(self, key: Key, known: Known) -> Schema:
        return {
            "type": "array",
            "items": not_blank(),
            "minItems": MIN_CHOICES,
            "maxItems": MAX_CHOICES,
            "uniqueItems": True,
        }


@dataclass(frozen=True)
class Nested(Kind):
    """A mapping with exactly ``keys``."""

    keys: tuple[Key, ...]

    def json_schema(self, key: Key, known: Known) -> Schema:
        return object_schema(self.keys, known)


@dataclass(frozen=True)
class Keyed(Kind):
    """A mapping from names (slugs, when ``slugs``) to mappings with exactly
    ``keys``: sources by key, subdecks by name."""

    keys: tuple[Key, ...]
    slugs: bool = True

    def json_schema(self, key: Key, known: Known) -> Schema:
        names = {"pattern": SLUG.pattern} if self.slugs else not_blank()
        return {
            "type": "object",
            "propertyNames": names,
            "additionalProperties": object_schema(self.keys, known),
        }


@dataclass(frozen=True)
class ListOf(Kind):
    """A list of mappings with exactly ``keys``, at least ``least`` of them."""

    keys: tuple[Key, ...]
    least: int = 0

    def json_schema(self, key: Key, known: Known) -> Schema:
        items = {"type": "array", "items": object_schema(self.keys, known)}
        return {**items, "minItems": self.least} if self.least else items


@dataclass(frozen=True)
class _Any(Kind):
    """A list or a mapping whose items the export declares where it knows
    them (a card file's notes by their type, a note's fields by its type)."""

    type: str

    def json_schema(self, key: Key, known: Known) -> Schema:
        return {"type": self.type}


class _RuleCodes(Kind):
    """A lint rule's code, or a list of them."""

    def json_schema(self, key: Key, known: Known) -> Schema:
        code = {"enum": list(known.rule_codes)}
        return {"anyOf": [code, {"type": "array", "items": code}]}


@dataclass(frozen=True, eq=False)
class _NumberedBy(Kind):
    """A mapping from lint rules' codes, lint limits or note types to values."""

    names: str  # "rule_codes", "limits" or "note_types": which of ``Known``
    value: Schema

    def json_schema(self, key: Key, known: Known) -> Schema:
        return {
            "type": "object",
            "propertyNames": {"enum": list(getattr(known, self.names))},
            "additionalProperties": dict(self.value),
        }


class _AnkiId(Kind):
    def json_schema(self, key: Key, known: Known) -> Schema:
        return {"type": "integer", "not": {"const": 0}}


TEXT: Final = _Text()
STRING: Final = _Plain()
DECK_PATH: Final = _Plain()
SLUG_TEXT: Final = Pattern(SLUG)
URL_TEXT: Final = Pattern(URL)
MATH_MODE: Final = OneOf(MATH_MODES)
NOTE_TYPE: Final = _NoteTypeName()
TAGS: Final = _Tags()
CHOICES: Final = _Choices()
NOTES: Final = _Any("array")
RULE_CODES: Final = _RuleCodes()
SEVERITIES: Final = _NumberedBy("rule_codes", {"enum": ["error", "warning"]})
LIMITS: Final = _NumberedBy("limits", {"type": "integer", "minimum": 1})
VERSIONS: Final = _NumberedBy("note_types", {"type": "integer", "minimum": 1})
ANKI_ID: Final = _AnkiId()
CUSTOM_FIELDS: Final = _Any("object")


def object_schema(keys: tuple[Key, ...], known: Known) -> Schema:
    """A mapping with exactly these keys, the required ones required."""
    return {
        "type": "object",
        "properties": {
            key.name: {**key.kind.json_schema(key, known), "description": key.doc} for key in keys
        },
        "required": [key.name for key in keys if key.required],
        "additionalProperties": False,
    }


def not_blank() -> Schema:
    return {"type": "string", "pattern": r"\S"}


RETIRED_KEYS: tuple[Key, ...] = (
    Key("id", SLUG_TEXT, "The id of a note that was released and is now withdrawn.", required=True),
    Key("reason", STRING, "Why, in a sentence; learners who have the note see it.", True),
)

SOURCE_KEYS: tuple[Key, ...] = (
    Key("title", STRING, "The document's title, shown on the back of its cards.", required=True),
    Key("file", STRING, "The document's file name, for checking quotes against it."),
    Key("url", URL_TEXT, "Where a learner can read the document."),
)

LINT_KEYS: tuple[Key, ...] = (
    Key("select", RULE_CODES, "Run only these rules (default: every rule)."),
    Key("ignore", RULE_CODES, "Never run these rules."),
    Key("severity", SEVERITIES, "A rule's code to 'error' or 'warning', overriding its default."),
    Key("limits", LIMITS, "A limit's name to a whole number, overriding its default."),
)

NOTE_LINT_KEYS: tuple[Key, ...] = (
    Key("ignore", RULE_CODES, "The rules this note is exempt from.", required=True),
    Key("reason", STRING, "Why the note is right as it is.", required=True),
)

SOURCE_REF_KEYS: tuple[Key, ...] = (
    Key("ref", SLUG_TEXT, "A key of deck.yaml's sources.", required=True),
    Key("quote", STRING, "The words of the source that support the note."),
)

DESCRIPTION_FORMAT: Final = OneOf(FIELD_FORMATS)
DESCRIPTION_FORMAT_DOC = "'markdown' (default) or 'html': HTML ships the description as written."
SUBDECK_KEYS: tuple[Key, ...] = (
    Key("description", TEXT, "Shown on the subdeck's overview screen in Anki.", required=True),
    Key("description_format", DESCRIPTION_FORMAT, DESCRIPTION_FORMAT_DOC),
)

DECK_KEYS: tuple[Key, ...] = (
    Key("name", STRING, "The root deck's name, as learners see it in Anki.", required=True),
    Key(
        "id",
        SLUG_TEXT,
        "The deck's namespace: with each note id it makes the notes' GUIDs."
        " Never change it once the deck is published.",
        required=True,
    ),
    Key("description", TEXT, "Shown on the deck's overview screen in Anki: Markdown, by default."),
    Key("description_format", DESCRIPTION_FORMAT, DESCRIPTION_FORMAT_DOC),
    Key(
        "subdecks",
        Keyed(SUBDECK_KEYS, slugs=False),
        "Subdecks by name under the root, as card files name them: each one's description.",
    ),
    Key("tags", TAGS, "Tags added to every note of the deck."),
    Key(
        "sources",
        Keyed(SOURCE_KEYS),
        "Cited documents: a mapping from a key to title, file, url.",
    ),
    Key(
        "retired",
        ListOf(RETIRED_KEYS),
        "Notes withdrawn from the deck, each with its id and a reason. They keep"
        " shipping, tagged peerdeck::retired with their cards suspended.",
    ),
    Key(
        "note_types",
        VERSIONS,
        "A version per note type, e.g. {cloze: 2}. Bump it to ship changed fields"
        " or templates under a new note type id.",
    ),
    Key(
        "sources_dir",
        STRING,
        "The folder of the sources' files, relative to this file: quotes are checked against them.",
    ),
    Key("lint", Nested(LINT_KEYS), "Lint settings: select, ignore, severity, limits."),
    Key(
        "math",
        MATH_MODE,
        "Math delimiters: 'anki' (default: only \\(...\\) and \\[...\\], as Anki reads"
        " them) or 'dollars' (also $...$ and $$...$$, with Pandoc's rules).",
    ),
)

FILE_KEYS: tuple[Key, ...] = (
    Key("deck", DECK_PATH, "Subdeck under the root deck for this file's notes; '::' nests."),
    Key("tags", TAGS, "Tags added to every note of this file."),
    Key("type", NOTE_TYPE, "The note type of this file's notes unless a note says otherwise."),
    Key("notes", NOTES, "The notes, in the order learners meet them.", required=True),
)

NOTE_KEYS: tuple[Key, ...] = (
    Key(
        "id",
        SLUG_TEXT,
        "The note's identity for ever, unique in the project; its GUID comes from it.",
        required=True,
    ),
    Key("type", NOTE_TYPE, "basic (default), reversed, type-in, cloze or multiple-choice."),
    Key("tags", TAGS, "Tags for this note, added to the deck's and the file's."),
    Key("source", Nested(SOURCE_REF_KEYS), "Where the note's claim comes from: ref and quote."),
    Key("note", STRING, "A remark for authors; never shipped."),
    Key(
        "lint",
        Nested(NOTE_LINT_KEYS),
        "Lint rules this note is exempt from: ignore, with a reason.",
    ),
)

FIELD_KEYS: dict[NoteKind, tuple[Key, ...]] = {
    NoteKind.BASIC: (
        Key("front", TEXT, "The question.", required=True),
        Key("back", TEXT, "The answer.", required=True),
    ),
    NoteKind.REVERSED: (
        Key("front", TEXT, "One side; its card asks for the back.", required=True),
        Key("back", TEXT, "The other side; its card asks for the front.", required=True),
    ),
    NoteKind.TYPE_IN: (
        Key("front", TEXT, "The question.", required=True),
        Key("back", TEXT, "The exact answer the learner types.", required=True),
    ),
    NoteKind.CLOZE: (
        Key("text", TEXT, "Text with deletions: {{c1::answer}} or {{c1::answer::hint}}.", True),
        Key("extra", TEXT, "More context, shown on the back."),
    ),
    NoteKind.MULTIPLE_CHOICE: (
        Key("question", TEXT, "The question.", required=True),
        Key("choices", CHOICES, "Two to six options, shown in this order.", required=True),
        Key("answer", TEXT, "The right option, written exactly as in choices.", required=True),
        Key("explanation", TEXT, "Why the answer is right, shown on the back."),
    ),
}

ALL_FIELD_NAMES: frozenset[str] = frozenset(
    key.name for keys in FIELD_KEYS.values() for key in keys
)

CUSTOM_NOTE_KEYS: tuple[Key, ...] = (
    *(key for key in NOTE_KEYS if key.name != "source"),
    Key("fields", CUSTOM_FIELDS, "The note's fields by their names in its note type."),
)
