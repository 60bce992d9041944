"""A cloze note's numbers skip one (c1, c3).

Anki makes one card per cloze number and does not mind gaps, so a skipped
number is almost always a typo: two deletions meant as separate cards that
share a number, or a number mistyped.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import NoteKind
from ...problems import Severity
from ...validate import CLOZE_OPEN
from ..rule import Context, Finding
from ..text import text_of

CODE = "PD102"
NAME = "cloze-number-gap"
SEVERITY = Severity.WARNING


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes(NoteKind.CLOZE):
        text = text_of(note, "text")
        opened = [(int(match.group(1)), match.start()) for match in CLOZE_OPEN.finditer(text)]
        numbers = sorted({number for number, _ in opened})
        missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers)) if numbers else []
        if not missing:
            continue
        after = min((offset for number, offset in opened if number > missing[0]), default=None)
        skipped = ", ".join(f"c{number}" for number in missing)
        yield context.in_field(
            note,
            "text",
            f"cloze numbers skip {skipped} (the note has"
            f" {', '.join(f'c{n}' for n in numbers)}); number the deletions c1, c2, ...",
            after,
        )
