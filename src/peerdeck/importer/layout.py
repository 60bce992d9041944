"""How a collection becomes a project: which deck is the root, which card
file each note goes to and in what order, the names of notes, note types
and media. Pure: values in, values out; ``project`` writes them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .. import codes
from ..anki_package import Deck, Note, NoteType
from ..errors import ImportRefused
from ..schema import RESERVED_TAG_PREFIX
from ..template_refs import css_media, rename_media, template_media
from . import names
from .collection import Collection
from .markdown import PLAIN, plain_fields

# Where a field names a media file: a sound tag, or an image's src (quoted
# either way, or not), as Anki finds them.
_MEDIA_REFERENCE = re.compile(
    r"""(?P<head>\[sound:)(?P<sound>[^\]]+)(?=\])"""
    r"""|(?P<src>\bsrc\s*=\s*)(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'>]+))""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PlacedNote:
    id: str  # the note's id in the project
    note: Note
    type_key: str
    fields: tuple[str, ...]  # with renamed media references rewritten
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Described:
    """A deck's description as the project writes it."""

    text: str  # with renamed media references rewritten
    html: bool  # raw HTML; else Markdown that renders to what Anki showed


@dataclass(frozen=True)
class CardFile:
    name: str  # the file name, ordered like the deck tree
    deck: str  # the subdeck under the root, "" for the root itself
    notes: tuple[PlacedNote, ...]  # in the order of new cards


@dataclass
class Layout:
    root: str  # the root deck's name
    deck_id: str
    description: Described | None
    note_types: dict[str, NoteType]  # by key, in order of first use
    files: list[CardFile]
    media: dict[str, str]  # collection name -> safe file name
    note_type_ids: bool = True  # whether to keep the note types' ids
    # By note type key, the fields written as Markdown (the others raw HTML).
    markdown: dict[str, frozenset[str]] = field(default_factory=dict)
    # Subdecks' descriptions by name under the root.
    subdecks: dict[str, Described] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def lay_out(collection: Collection) -> Layout:
    """Where everything of ``collection`` goes in the project."""
    if not collection.notes:
        raise ImportRefused(codes.IMPORT_NO_NOTES, "holds no notes: there is nothing to import")
    types = {note_type.id: note_type for note_type in collection.note_types}
    _check_notes(collection.notes, types)
    decks = {deck.id: deck for deck in collection.decks}
    paths = {note.id: _deck_of(note, decks) for note in collection.notes}
    root = _root(list(paths.values()))
    layout = Layout(
        root="::".join(root),
        deck_id=names.deck_id(root[-1], [note.guid for note in collection.notes]),
        description=None,
        note_types=_type_keys(collection.notes, types),
        files=[],
        media=_media_names(collection),
        note_type_ids=collection.note_type_ids,
    )
    keys = {note_type.id: key for key, note_type in layout.note_types.items()}
    renamed = {old: new for old, new in layout.media.items() if old != new}
    if renamed:
        layout.note_types = {
            key: _rename_in_note_type(note_type, renamed)
            for key, note_type in layout.note_types.items()
        }
    ids = names.UniqueNames()
    by_deck: dict[str, list[PlacedNote]] = {}
    for note in sorted(collection.notes, key=_new_order):
        relative = "::".join(paths[note.id][len(root) :])
        placed = PlacedNote(
            ids.claim(names.note_id(note.fields)),
            note,
            keys[note.note_type_id],
            tuple(_rewrite_media(value, renamed) for value in note.fields),
            _tags(note, layout.notices),
        )
        by_deck.setdefault(relative, []).append(placed)
    layout.files = _card_files(by_deck)
    layout.markdown = {
        key: plain_fields(
            note_type.fields,
            (p.fields for f in layout.files for p in f.notes if p.type_key == key),
        )
        for key, note_type in layout.note_types.items()
    }
    _describe(layout, collection.decks, root, renamed)
    layout.notices += _not_kept(collection)
    return layout


def _check_notes(notes: tuple[Note, ...], types: Mapping[int, NoteType]) -> None:
    """Each note of a note type the package has, and of a GUID of its own."""
    guids: set[str] = set()
    for note in notes:
        if note.note_type_id not in types:
            raise ImportRefused(
                codes.PACKAGE_COLLECTION_DAMAGED,
                f"note {note.id} has note type {note.note_type_id}, which is missing",
            )
        if note.guid in guids:
            raise ImportRefused(
                codes.PACKAGE_COLLECTION_DAMAGED,
                f"two notes have the GUID {note.guid!r}: Anki would import them as two notes,"
                " so a learner's copy could not know which it is",
            )
        guids.add(note.guid)


def _deck_of(note: Note, decks: Mapping[int, Deck]) -> tuple[str, ...]:
    deck = decks.get(note.deck_id) if note.deck_id is not None else None
    name = deck.name if deck is not None else "Default"
    return tuple(name.split("::"))


def _root(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The deepest deck every note is in or below."""
    root = paths[0]
    for path in paths[1:]:
        common = 0
        while common < min(len(root), len(path)) and root[common] == path[common]:
            common += 1
        root = root[:common]
    if not root:
        tops = sorted({path[0] for path in paths})
        raise ImportRefused(
            codes.IMPORT_SEVERAL_ROOTS,
            f"its notes are in {len(tops)} top-level decks ({', '.join(map(repr, tops[:5]))}):"
            " a project has one root deck. In Anki, move them under one deck and export it",
        )
    return root


def _describe(
    layout: Layout, decks: tuple[Deck, ...], root: tuple[str, ...], renamed: Mapping[str, str]
) -> None:
    """The descriptions of the root and of each subdeck that holds notes
    (an empty deck has no card file to make it); a description naming
    media the package lacks would stop the build, so it is left out."""
    kept = {""}
    for card_file in layout.files:
        parts = card_file.deck.split("::") if card_file.deck else []
        kept.update("::".join(parts[: level + 1]) for level in range(len(parts)))
    lost = []
    for deck in decks:
        levels = tuple(deck.name.split("::"))
        if not deck.description or levels[: len(root)] != root:
            continue
        relative = "::".join(levels[len(root) :])
        text = _rewrite_media(deck.description, renamed)
        if relative not in kept or _missing_media(text, layout.media.values()):
            lost.append(deck.name)
        elif relative:
            layout.subdecks[relative] = _described(deck, text)
        else:
            layout.description = _described(deck, text)
    if any(deck.markdown and deck.description for deck in decks):
        layout.notices.append(
            "descriptions Anki read as Markdown are now Markdown that peerdeck renders when"
            " it builds: check they read as before"
        )
    if lost:
        layout.notices.append(
            "the descriptions of decks that hold no notes, or name media the package"
            " lacks, are not kept: "
            + ", ".join(sorted(lost)[:5])
            + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
        )


def _described(deck: Deck, text: str) -> Described:
    """Markdown where Anki read the description as Markdown (peerdeck renders
    it when built) or where Markdown renders it to itself; else raw HTML."""
    return Described(text, html=not (deck.markdown or PLAIN.fullmatch(text)))


def _missing_media(text: str, present: Iterable[str]) -> bool:
    names = set(present)
    for match in _MEDIA_REFERENCE.finditer(text):
        if html.unescape(_written(match)) not in names:
            return True
    return False


def _not_kept(collection: Collection) -> list[str]:
    """What the project cannot say, for the author to check."""
    notices = []
    spread = sum(note.several_decks for note in collection.notes)
    if spread:
        notices.append(
            f"{spread} note{'s have' if spread > 1 else ' has'} cards in several decks: each"
            " is placed in its first card's deck (learners' cards stay where they are)"
        )
    return notices


def _type_keys(notes: tuple[Note, ...], types: Mapping[int, NoteType]) -> dict[str, NoteType]:
    keys = names.UniqueNames()
    chosen: dict[int, str] = {}
    for note in notes:
        if note.note_type_id not in chosen:
            chosen[note.note_type_id] = keys.claim(
                names.note_type_key(types[note.note_type_id].name)
            )
    return {key: types[type_id] for type_id, key in chosen.items()}


def _new_order(note: Note) -> tuple[bool, int, int]:
    """New cards in the order Anki would show them, then the others as added."""
    position = note.new_position
    return (position is None, position or 0, note.id)


def _tags(note: Note, notices: list[str]) -> tuple[str, ...]:
    kept = tuple(tag for tag in note.tags if not tag.lower().startswith(RESERVED_TAG_PREFIX))
    if len(kept) != len(note.tags) and not any("reserved" in n for n in notices):
        notices.append(
            f"tags starting with {RESERVED_TAG_PREFIX!r} are reserved for peerdeck and were"
            " left out"
        )
    return kept


def _media_names(collection: Collection) -> dict[str, str]:
    unique = names.UniqueNames()
    return {media.name: unique.claim(names.media_name(media.name)) for media in collection.media}


def _rewrite_media(value: str, renamed: Mapping[str, str]) -> str:
    """``value`` with references to renamed media files rewritten."""
    if not renamed:
        return value

    def replace(match: re.Match[str]) -> str:
        if match["head"]:
            return match["head"] + renamed.get(match["sound"], match["sound"])
        new = renamed.get(html.unescape(_written(match)))
        return match[0] if new is None else f'{match["src"]}"{new}"'

    return _MEDIA_REFERENCE.sub(replace, value)


def _written(match: re.Match[str]) -> str:
    """The name a ``_MEDIA_REFERENCE`` match holds, as written."""
    return next(
        v
        for v in (match["sound"], match["double"], match["single"], match["bare"])
        if v is not None
    )


def _rename_in_note_type(note_type: NoteType, renamed: Mapping[str, str]) -> NoteType:
    """``note_type`` with the media its templates and CSS name following
    their files' safe names."""

    def side(text: str) -> str:
        return rename_media(text, template_media(text), renamed)

    templates = tuple(
        replace(template, front=side(template.front), back=side(template.back))
        for template in note_type.templates
    )
    css = rename_media(note_type.css, css_media(note_type.css), renamed)
    return replace(note_type, templates=templates, css=css)


def _card_files(by_deck: dict[str, list[PlacedNote]]) -> list[CardFile]:
    """One card file per deck, named and numbered in the deck tree's order."""
    decks = sorted(
        by_deck, key=lambda deck: [part.lower() for part in deck.split("::")] if deck else []
    )
    width = len(str(len(decks)))
    files = []
    for number, deck in enumerate(decks, start=1):
        stem = names.slug(deck.replace("::", " "), "notes") if deck else "main"
        files.append(CardFile(f"{number:0{width}d}-{stem}.yaml", deck, tuple(by_deck[deck])))
    return files
