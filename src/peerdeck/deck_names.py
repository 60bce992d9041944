"""Subdeck names that Anki would take for one another.

Anki compares deck names ignoring letter case and after Unicode
normalisation: of "Topic" and "topic", or "Café" written precomposed and
with a combining accent, it keeps one deck and renames the other ("topic_"),
so the notes of one file land in a deck the author never named.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
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


def joined(name: str) -> str:
    """A deck path as card files' ``deck`` reads it: levels stripped of spaces."""
    return "::".join(part.strip() for part in name.split("::"))


def unknown_subdecks(
    described: Mapping[str, Location], notes: Iterable[Note], root: str
) -> list[Problem]:
    """A problem at each subdeck ``deck.yaml`` describes (by its name under
    ``root``) that no note is in, not even through a deeper subdeck: its
    description would ship an empty deck, or a misspelt name none at all."""
    names: set[str] = set()
    for deck in {note.deck for note in notes}:
        parts = deck.split("::")[len(root.split("::")) :]
        names.update("::".join(parts[: level + 1]) for level in range(len(parts)))
    problems = []
    for name, at in described.items():
        if joined(name) in names:
            continue
        same = [known for known in sorted(names) if comparable(known) == comparable(joined(name))]
        close = same or difflib.get_close_matches(joined(name), sorted(names), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        message = (
            f"no note is in subdeck {name!r}{hint}: describe a subdeck that a card file's"
            " 'deck' names, written the same way"
        )
        problems.append(Problem(at.path, at.line, at.column, codes.UNKNOWN_SUBDECK, message))
    return problems
