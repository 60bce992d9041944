"""A cloze note's numbers skip one (c1, c3).

Anki makes one card per cloze number and does not mind gaps, so a skipped
number is almost always a typo: two deletions meant as separate cards that
share a number, or a number mistyped.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from ...cloze import opened as opened_deletions
from ...limits import LISTED_IN_MESSAGE
from ...model import NoteKind
from ...problems import Severity
from ..rule import Context, Finding
from ..text import text_of

CODE = "PD102"
NAME = "cloze-number-gap"
SEVERITY = Severity.WARNING


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes(NoteKind.CLOZE):
        text = text_of(note, "text")
        opened = opened_deletions(text)
        numbers = sorted({number for number, _ in opened})
        if not numbers or numbers[-1] == len(numbers):  # c1 to cN, none skipped
            continue
        missing = list(islice(_missing(numbers), LISTED_IN_MESSAGE))
        after = min((offset for number, offset in opened if number > missing[0]), default=None)
        skipped = _listed([f"c{number}" for number in missing], numbers[-1] - len(numbers))
        has = _listed([f"c{number}" for number in numbers[:LISTED_IN_MESSAGE]], len(numbers))
        yield context.in_field(
            note,
            "text",
            f"cloze numbers skip {skipped} (the note has {has}); number the deletions c1, c2, ...",
            after,
        )


def _missing(numbers: list[int]) -> Iterator[int]:
    """The numbers from 1 to the largest of ``numbers`` (sorted, unique,
    from 1) that are not among them, without listing the others."""
    previous = 0
    for number in numbers:
        yield from range(previous + 1, number)
        previous = number


def _listed(shown: list[str], total: int) -> str:
    more = total - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
