"""A note's deck is nested deeper than `deck-depth` levels.

Deep deck trees are hard to browse in Anki and usually mirror a folder
structure that tags express better. Levels are counted from the root deck
(`Peer Support::Confidentiality` is 2). Empty levels (`A::::B`) are already
an error of `check` (PD017).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Location
from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD106"
NAME = "deck-too-deep"
SEVERITY = Severity.WARNING
LIMITS = {"deck-depth": 4}

_DECK_KEY = re.compile(r"^deck\s*:\s*")


def check(context: Context) -> Iterator[Finding]:
    limit = context.limit("deck-depth")
    seen = set()
    for note in context.notes():
        depth = note.deck.count("::") + 1
        path = note.location.path
        if depth <= limit or (path, note.deck) in seen:
            continue
        seen.add((path, note.deck))
        yield Finding(
            _deck_key(context, note.location),
            f"deck '{note.deck}' is {depth} levels deep, more than {limit};"
            " use tags for finer topics",
        )


def _deck_key(context: Context, fallback: Location) -> Location:
    """Where the card file's top-level ``deck:`` value starts."""
    source = context.sources.get(fallback.path)
    for number, line in enumerate(source.lines if source else (), start=1):
        match = _DECK_KEY.match(line)
        if match:
            return Location(fallback.path, number, match.end() + 1)
    return fallback
