"""A cloze note has so many deletions that its cards give each other away.

Each card of a cloze note shows every other deletion: with many of them the
text is a list with one gap, answered from the pattern rather than memory,
and one forgotten item fails the whole set over and over. The limit is
`cloze-deletions`. Split the list into smaller groups.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...cloze import deletions
from ...model import NoteKind
from ...problems import Severity
from ..rule import Context, Finding
from ..text import text_of

CODE = "PD114"
NAME = "cloze-overload"
SEVERITY = Severity.WARNING
LIMITS = {"cloze-deletions": 5}


def check(context: Context) -> Iterator[Finding]:
    limit = context.limit("cloze-deletions")
    for note in context.notes(NoteKind.CLOZE):
        found = deletions(text_of(note, "text"))
        numbers = sorted({deletion.number for deletion in found})
        if len(numbers) > limit:
            beyond = next(d.start for d in found if d.number == numbers[limit])
            yield context.in_field(
                note,
                "text",
                f"{len(numbers)} cloze numbers, over {limit}: each card shows the others;"
                " split the note into smaller groups",
                beyond,
            )
