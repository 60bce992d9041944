"""What a lint rule is, what it finds, and what it is given to look at.

A rule is a module: its docstring is its documentation, and it declares
``CODE`` (PD1xx), ``NAME`` (kebab-case), ``SEVERITY``, ``LIMITS`` (the
numbers authors may tune, with their defaults) and ``check(context)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..model import Deck, Location, Note, NoteKind
from ..problems import Severity
from ..source import SourceFile
from . import text


@dataclass(frozen=True)
class Finding:
    """One thing a rule objects to. ``note`` is the note it belongs to, so
    that the note's own ``lint: {ignore: [...]}`` can exempt it."""

    location: Location
    message: str
    note: Note | None = None


@dataclass(frozen=True)
class Context:
    """The valid deck, the files it was read from, and the limits in force."""

    deck: Deck
    sources: Mapping[Path, SourceFile]
    limits: Mapping[str, int]

    def limit(self, name: str) -> int:
        return self.limits[name]

    def in_field(self, note: Note, name: str, message: str, offset: int | None = None) -> Finding:
        """A finding at ``offset`` in the text of ``note``'s field ``name``
        (at the field's start when no offset is given)."""
        at = note.field_locations.get(name, note.location)
        value = note.fields.get(name)
        if offset is not None and isinstance(value, str):
            at = text.position(self.sources.get(at.path), at, value, offset)
        return Finding(at, message, note)

    def notes(self, *kinds: NoteKind) -> Iterator[Note]:
        return (note for note in self.deck.notes if not kinds or note.kind in kinds)

    def in_texts(self, find: Callable[[str], Iterable[tuple[int, str]]]) -> Iterator[Finding]:
        """A finding for each (offset, message) that ``find`` yields in the
        text of any field of any note (each choice of a multiple-choice
        note on its own, reported at the list)."""
        for note in self.deck.notes:
            for name, value in note.fields.items():
                texts = (value,) if isinstance(value, str) else value
                for field_text in texts:
                    for offset, message in find(field_text):
                        at = offset if isinstance(value, str) else None
                        yield self.in_field(note, name, f"'{name}': {message}", at)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    limits: Mapping[str, int]
    check: Check

    @property
    def summary(self) -> str:
        """The docstring's first line: what the rule reports."""
        return self.doc.strip().splitlines()[0]

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            doc=module.__doc__ or "",
            limits=getattr(module, "LIMITS", {}),
            check=module.check,
        )
