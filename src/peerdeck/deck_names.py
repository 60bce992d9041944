"""Subdeck names that Anki would take for one another.

Anki compares deck names ignoring letter case and after Unicode
normalisation: of "Topic" and "topic", or "Café" written precomposed and
with a combining accent, it keeps one deck and renames the other ("topic_"),
so the notes of one file land in a deck the author never named.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from . import codes
from .model import Location, Note
from .problems import Problem
from .source import SourceFile

_DECK_KEY = re.compile(r"^deck:", re.MULTILINE)


def comparable(name: str) -> str:
    """The form in which Anki compares deck names."""
    return unicodedata.normalize("NFC", name).casefold()


def clashes(notes: Iterable[Note], sources: dict[Path, SourceFile]) -> list[Problem]:
    """A problem for each deck name (or parent of one) that differs from an
    earlier one only by letter case or Unicode normalisation, at the card
    file's ``deck`` key."""
    seen: dict[str, tuple[str, Location]] = {}
    done: set[str] = set()
    problems = []
    for note in notes:
        if note.deck in done:
            continue
        done.add(note.deck)
        parts = note.deck.split("::")
        for level in range(1, len(parts) + 1):
            name = "::".join(parts[:level])
            first = seen.setdefault(comparable(name), (name, note.location))
            if first[0] == name:
                continue
            where = _deck_key(note.location, sources)
            problems.append(
                Problem(
                    where.path,
                    where.line,
                    where.column,
                    codes.DECK_NAMES_CLASH,
                    _message(name, first),
                )
            )
            break  # its subdecks differ from the earlier ones' anyway
    return problems


def _message(name: str, first: tuple[str, Location]) -> str:
    earlier, at = first
    same_letters = unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", earlier)
    how = "one is written with combining accents" if same_letters else "they differ in letter case"
    return (
        f"deck {name!r} and {earlier!r} (used at {at.path.as_posix()}:{at.line}) are one name"
        f" to Anki ({how}), which would rename one of them: write the name the same way"
        " everywhere"
    )


def _deck_key(at: Location, sources: dict[Path, SourceFile]) -> Location:
    """The card file's top-level ``deck`` key, where the name is written."""
    source = sources.get(at.path)
    found = _DECK_KEY.search(source.text) if source is not None else None
    if source is None or found is None:
        return at
    return Location(at.path, source.text.count("\n", 0, found.start()) + 1, 1)
