"""A basic answer is an enumeration.

Lists are hard to recall as one answer and get reviewed as a whole when one
item is forgotten. Flags a back that is a Markdown or HTML list, or a series
of three or more short items ("a, b and c"). Make it a cloze note with one
deletion per item (c1, c2, ...), so each item is its own card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...html_tokens import Tag, tokens
from ...model import NoteKind
from ...problems import Severity
from ..rule import Context, Finding
from ..text import html_of, visible, words

CODE = "PD110"
NAME = "enumeration-answer"
SEVERITY = Severity.WARNING

_SEPARATOR = re.compile(r"\s*[,;]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
MAX_ITEM_WORDS = 3


def items(html: str) -> int:
    """How many items the answer enumerates (1 when it is no enumeration)."""
    listed = sum(
        isinstance(tag, Tag) and not tag.closing and tag.name == "li" for tag in tokens(html)
    )
    if listed >= 2:
        return listed
    parts = [part for part in _SEPARATOR.split(visible(html).rstrip(".")) if part.strip()]
    commas = len(re.findall(r"[,;]", visible(html)))
    if len(parts) >= 3 and commas >= 1 and all(len(words(p)) <= MAX_ITEM_WORDS for p in parts):
        return len(parts)
    return 1


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes(NoteKind.BASIC, NoteKind.TYPE_IN):
        count = items(html_of(note, "back"))
        if count > 1:
            yield context.in_field(
                note,
                "back",
                f"'back' lists {count} items; make it a cloze note with one deletion per item",
            )
