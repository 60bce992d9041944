"""Every code ``check`` can report, by name, each with its meaning in a line.

Code makes problems with these names, never with a bare ``"PDxxx"``; the
README's table "What check reports" documents each one for authors (a test
keeps the two in step). The lint rules declare their own codes, PD100 to
PD199, on their rule classes (``lint/rules/``). Imports nothing: every layer
may use it.
"""

from __future__ import annotations

from typing import Final

# code -> the short title used in documentation, in the order declared below.
CODES: dict[str, str] = {}


def _code(code: str, meaning: str) -> str:
    CODES[code] = meaning
    return code


UNREADABLE_FILE: Final = _code(
    "PD001", "file cannot be read (not UTF-8, unreadable, too large, or not a regular file)"
)
YAML_SYNTAX: Final = _code("PD002", "YAML syntax error")
DUPLICATE_KEY: Final = _code("PD003", "duplicate mapping key")
UNKNOWN_KEY: Final = _code("PD004", "unknown key")
WRONG_TYPE: Final = _code("PD005", "wrong type")
MISSING_KEY: Final = _code("PD006", "missing required key")
MALFORMED_ID: Final = _code("PD007", "malformed id")
DUPLICATE_ID: Final = _code("PD008", "duplicate note id")
MALFORMED_TAG: Final = _code("PD009", "malformed tag")
MALFORMED_CLOZE: Final = _code("PD010", "malformed cloze")
CLOZE_OUTSIDE_CLOZE: Final = _code("PD011", "cloze syntax outside a cloze note")
ANSWER_NOT_A_CHOICE: Final = _code("PD012", "multiple-choice answer not among its choices")
UNKNOWN_SOURCE: Final = _code("PD013", "unknown source reference")
MEDIA_PROBLEM: Final = _code("PD014", "media file problem")
NO_NOTES: Final = _code("PD015", "project has no notes")
YAML_REFUSED: Final = _code("PD016", "YAML feature refused (alias bomb, too deep, Python tags)")
BAD_VALUE: Final = _code("PD017", "bad value")
CANNOT_WRITE: Final = _code("PD018", "output cannot be written")
LOCK_UNREADABLE: Final = _code("PD019", "lock file cannot be read")
LOCK_BEHIND: Final = _code("PD020", "lock file does not record this release")
NOTE_REMOVED: Final = _code("PD021", "released note removed without being retired")
RETIRED_ID_MISUSED: Final = _code(
    "PD022", "retired id misused, or a note moved to another note type"
)
NOTE_TYPE_RENAMED: Final = _code(
    "PD023", "note type changed its field or template names without a new version"
)
DECK_ID_CHANGED: Final = _code("PD024", "deck id differs from the one the lock was written for")
QUOTE_NOT_FOUND: Final = _code("PD030", "quote not found in its source's file")
SOURCE_FILE_UNREADABLE: Final = _code("PD031", "source file missing or unreadable")
SOURCES_FOLDER_MISSING: Final = _code("PD032", "sources folder missing")
INPUT_UNREADABLE: Final = _code("PD025", "package or project to compare cannot be read")
CONTROL_CHARACTER: Final = _code("PD040", "control character that Anki cannot store or show")
DECK_NAMES_CLASH: Final = _code("PD041", "deck names that Anki takes for one another")
UNKNOWN_SUBDECK: Final = _code("PD042", "a description for a subdeck that holds no notes")
FOLDER_NOT_READ: Final = _code("PD050", "card folder not read (unreadable, or a link to a folder)")
OUTPUT_REFUSED: Final = _code(
    "PD051", "output would replace a file of the project, or is not a file"
)
CARD_FILES_TOO_LARGE: Final = _code("PD052", "card files too large together")
VERSION_OLDER: Final = _code(
    "PD080", "release version older than the last release the lock records"
)
SINCE_NOT_FOUND: Final = _code("PD081", "the previous release named by --since cannot be found")
NOTE_TYPE_FILE: Final = _code(
    "PD090", "note type folder or file problem (missing, unsafe, not a slug, a built-in's key)"
)
NOTE_TYPE_DECLARATION: Final = _code(
    "PD091", "note type declaration error (names, ids, sort field, clashes)"
)
TEMPLATE_PROBLEM: Final = _code(
    "PD092", "card template error (unknown field, unclosed section, no cloze field)"
)
NOTE_MAKES_NO_CARD: Final = _code(
    "PD093", "note makes no card (every template's front is empty for it)"
)
PACKAGE_OVER_LIMIT: Final = _code(
    "PD060", "package over a safety limit (zip bomb, oversized entry, runaway query)"
)
PACKAGE_ZIP_DAMAGED: Final = _code(
    "PD061", "package zip damaged or unsupported (encryption, method, unsafe names)"
)
PACKAGE_COLLECTION_DAMAGED: Final = _code(
    "PD062", "package collection unlike Anki's (views, computed columns, damaged data)"
)
PACKAGE_UNSUPPORTED: Final = _code(
    "PD063", "package format peerdeck cannot read (placeholder only, newer Anki)"
)
IMPORT_DESTINATION: Final = _code("PD064", "import destination exists or cannot be written")
IMPORT_NO_NOTES: Final = _code("PD065", "package to import holds no notes")
IMPORT_SEVERAL_ROOTS: Final = _code(
    "PD066", "package to import has notes in several top-level decks"
)
CROWDANKI_UNREADABLE: Final = _code("PD067", "CrowdAnki export folder cannot be read")
