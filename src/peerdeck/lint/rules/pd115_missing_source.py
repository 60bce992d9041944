"""A note cites no source.

Every claim a deck teaches should say where it comes from, so that a
reviewer can check it and a learner can read on. Add
`source: {ref: ..., quote: ...}`. Notes of a project's own note types
have no Source field to show one in, so the rule passes them by.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import NoteKind
from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD115"
NAME = "missing-source"
SEVERITY = Severity.WARNING


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes():
        if note.source is None and isinstance(note.kind, NoteKind):
            yield Finding(
                note.location,
                f"note '{note.id}' cites no source; add 'source' with 'ref' and 'quote'",
                note,
            )
