"""Two notes of one type have the same first field.

Anki's duplicate check compares the first field of notes of the same note
type, with HTML stripped (image file names kept). Anki marks such notes as
duplicates in the browser and when a learner edits them, although peerdeck
ships both. The first field is `front` (basic, reversed, type-in), `text`
(cloze) or `question` (multiple-choice).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ...model import Note, TypeKey
from ...problems import Severity
from ..rule import Context, Finding
from ..text import first_field, html_of

CODE = "PD101"
NAME = "duplicate-first-field"
SEVERITY = Severity.WARNING

# Anki's duplicate check strips a field with regular expressions of its own
# (rslib text.rs: a tag is '<' to the next '>', an image is kept as its file
# name), not as a browser reads it; these follow them, so that the rule flags
# what Anki flags rather than what a card shows.
_TAG = re.compile(r"<[^>]*>")
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)[^>]*>""", re.IGNORECASE)


def duplicate_key(note: Note) -> str:
    """The first field as Anki's duplicate check sees it: tags stripped,
    image file names kept, entities decoded; white space inside is kept, as
    Anki keeps it."""
    shown = _IMG.sub(lambda match: f" {match.group(1)} ", html_of(note, first_field(note)))
    return html.unescape(_TAG.sub("", shown)).strip()


def check(context: Context) -> Iterator[Finding]:
    first: dict[tuple[TypeKey, str], Note] = {}
    for note in context.notes():
        key = (note.kind, duplicate_key(note))
        earlier = first.setdefault(key, note)
        if earlier is note:
            continue
        where = earlier.field_locations.get(first_field(earlier), earlier.location)
        yield context.in_field(
            note,
            first_field(note),
            f"'{first_field(note)}' is the same as note '{earlier.id}'"
            f" ({where.path.name}:{where.line}); Anki flags {note.kind} notes with equal"
            " first fields as duplicates: reword one, or merge them",
        )
