"""The validated deck: frozen values, no I/O, no genanki.

Everything after validation works from these types, so the packager never
has to wonder whether a field exists or an id is well formed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

RETIRED_TAG = "peerdeck::retired"


class NoteKind(str, enum.Enum):
    BASIC = "basic"
    REVERSED = "reversed"
    TYPE_IN = "type-in"
    CLOZE = "cloze"
    MULTIPLE_CHOICE = "multiple-choice"

    def __str__(self) -> str:
        return self.value


# What a note names in ``type``: a built-in ``NoteKind`` (itself a ``str``)
# or the key of one of the project's own note types (``note-types/<key>/``).
TypeKey = str


@dataclass(frozen=True)
class Template:
    """One card template: its name (frozen once shipped), both sides' HTML,
    and the Anki id to keep, if any."""

    name: str
    front: str
    back: str
    id: int | None = None
    # The files a project's own template was read from (front, back).
    files: tuple[Path, Path] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NoteType:
    """A note type as Anki gets it, built-in or the project's own: the same
    kind of value for the packager, the lock, diff and stats.

    ``fields`` are the field names in order; ``field_ids`` the Anki field ids
    to keep (by position, None for none); ``html_fields`` the fields written
    as raw HTML, which Markdown never touches."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    is_cloze: bool = False
    css: str = ""
    key: TypeKey = ""
    field_ids: tuple[int | None, ...] = ()
    html_fields: frozenset[str] = frozenset()
    sort_field: int = 0
    custom: bool = False
    css_file: Path | None = field(default=None, compare=False)  # a project's style.css


@dataclass(frozen=True, slots=True)
class Location:
    path: Path
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Source:
    """A cited document, declared once in ``deck.yaml``."""

    key: str
    title: str
    file: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A file to ship: where it is, the name Anki stores it under, and its
    bytes as they were checked (read once: a file swapped after the check
    cannot be shipped instead)."""

    path: Path
    name: str
    data: bytes = field(repr=False, compare=False)


FieldValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """One note: ``fields`` as the author wrote them (Markdown), ``html`` as
    they are shipped. Multiple-choice ``choices`` are tuples. A note of a
    custom type (``kind`` is its key) has every field of its type, in the
    type's order, keyed by the field's Anki name."""

    id: str
    kind: TypeKey
    fields: Mapping[str, FieldValue] = field(hash=False)
    html: Mapping[str, FieldValue] = field(hash=False, repr=False)
    deck: str
    tags: tuple[str, ...]
    location: Location
    field_locations: Mapping[str, Location] = field(hash=False, repr=False)
    source: Source | None = None
    quote: str | None = None
    # Lint rule codes this note is exempt from (``lint: {ignore: [...], reason: ...}``).
    lint_ignore: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LintConfig:
    """The ``lint`` key of ``deck.yaml``: which rules run, at what severity
    ("error" or "warning"), and the limits rules measure against. ``select``
    None means every rule."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, str] = field(default_factory=dict, hash=False)
    limits: Mapping[str, int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class RuleCatalog:
    """The lint rules as ``lint`` keys may name them: their codes in code
    order, each rule's kebab-case name with its code, and the limits they
    measure against with their defaults. The lint package makes it (its
    ``CATALOG``); validation checks the keys against it."""

    codes: tuple[str, ...]
    names: Mapping[str, str] = field(hash=False)
    limits: Mapping[str, int] = field(hash=False)


@dataclass(frozen=True, slots=True)
class Retirement:
    """A released note withdrawn from the deck, declared in ``deck.yaml``."""

    id: str
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Description:
    """A deck's description, as ``deck.yaml`` writes it (the root's
    ``description``, or a subdeck's under ``subdecks``)."""

    text: str  # as written
    html: str  # as shipped: rendered Markdown, or the HTML as written
    location: Location  # where the text is written


@dataclass(frozen=True, slots=True)
class Deck:
    """A whole deck project: settings from ``deck.yaml`` and every note, in
    source order (files sorted by path, notes in file order)."""

    id: str
    name: str
    root: Path
    description: str = ""
    description_html: str = ""
    # Where deck.yaml writes the description, to point at HTML in it.
    description_location: Location | None = None
    # Subdecks' descriptions by full deck name ("Root::Sub").
    subdecks: Mapping[str, Description] = field(default_factory=dict, hash=False)
    sources: Mapping[str, Source] = field(default_factory=dict, hash=False)
    notes: tuple[Note, ...] = ()
    media: tuple[MediaFile, ...] = ()
    retired: tuple[Retirement, ...] = ()
    # Note type versions from deck.yaml; a kind not listed is at version 1.
    versions: Mapping[TypeKey, int] = field(default_factory=dict, hash=False)
    # The project's own note types by key, at their versions.
    custom_types: Mapping[TypeKey, NoteType] = field(default_factory=dict, hash=False)
    lint: LintConfig = field(default_factory=LintConfig)
    dollar_math: bool = False  # deck.yaml's 'math: dollars': $...$ is math

    @property
    def descriptions(self) -> tuple[Description, ...]:
        """Every description ``deck.yaml`` writes: the root's, then the subdecks'."""
        root = self.description_location
        written = (Description(self.description, self.description_html, root),) if root else ()
        return written + tuple(self.subdecks.values())

    @property
    def deck_names(self) -> list[str]:
        """Every deck the notes live in, with the root, parents first."""
        names = {self.name}
        for deck in {note.deck for note in self.notes}:
            parts = deck.split("::")
            names.update("::".join(parts[: i + 1]) for i in range(len(parts)))
        return sorted(names)
