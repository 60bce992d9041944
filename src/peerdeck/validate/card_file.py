"""A card file: its deck, tags and note type, and each note with its
fields rendered, its id claimed, and its source reference checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import citations, cloze, codes, schema
from ..media import MediaStore
from ..model import Location, Note, NoteKind, Source, TypeKey
from ..problems import Problem
from ..source import Node, SourceFile
from .checker import Checker, by_name, kind_of, suggest
from .custom_note import custom_fields
from .deck_file import Settings
from .lint_settings import note_lint

_WORD = re.compile(r"\w")
# Shared by every note exempt from no rule: each frozenset() is a new 216-byte object.
_NO_RULES: frozenset[str] = frozenset()
# The declarations checked for every note, by name once rather than per note.
_FILE_KEYS = by_name(schema.FILE_KEYS)
_NOTE_KEYS = {kind: by_name(schema.NOTE_KEYS + keys) for kind, keys in schema.FIELD_KEYS.items()}
_SOURCE_REF_KEYS = by_name(schema.SOURCE_REF_KEYS)
_CUSTOM_NOTE_KEYS = by_name(schema.CUSTOM_NOTE_KEYS)


@dataclass
class CardFileContext:
    """What a card file's notes inherit from the deck and the file."""

    settings: Settings
    media: MediaStore
    deck: str
    tags: tuple[str, ...]
    kind: TypeKey | None  # None when the file's own 'type' is unknown
    ids: dict[str, Location]


def check_card_file(
    source: SourceFile,
    tree: Node | None,
    settings: Settings,
    media: MediaStore,
    ids: dict[str, Location],
) -> tuple[list[Note], list[Problem]]:
    """Check one card file. ``ids`` holds every note id seen so far in the
    project, so a duplicate is reported with the place it was first used."""
    checker = Checker(
        source,
        settings.rules,
        dollars=settings.dollar_math,
        custom_types=settings.custom_types,
        type_keys=settings.type_keys,
    )
    if tree is None:
        checker.report(1, 1, codes.MISSING_KEY, "card file is empty: it needs a 'notes' list")
        return [], checker.problems
    entries = checker.mapping(tree, _FILE_KEYS, "a card file")
    if entries is None:
        return [], checker.problems
    root = settings.name or "Deck"
    subdeck = checker.deck_path(entries["deck"]) if "deck" in entries else None
    kind = checker.note_kind(entries["type"]) if "type" in entries else schema.DEFAULT_KIND
    context = CardFileContext(
        settings,
        media,
        deck=f"{root}::{subdeck}" if subdeck else root,
        tags=checker.capped_tags(entries["tags"], settings.tags)
        if "tags" in entries
        else settings.tags,
        kind=kind,
        ids=ids,
    )
    notes: list[Note] = []
    node = entries.get("notes")
    if node is not None and not isinstance(node.value, list):
        checker.at(node, codes.WRONG_TYPE, f"'notes' must be a list of notes, not {kind_of(node)}")
    elif node is not None:
        for item in node.value:
            note = _note(checker, item, context)
            if note is not None:
                notes.append(note)
    return notes, checker.problems


def _note(checker: Checker, node: Node, context: CardFileContext) -> Note | None:
    if not isinstance(node.value, dict):
        checker.at(
            node,
            codes.WRONG_TYPE,
            f"a note must be a mapping of keys to values, not {kind_of(node)}",
        )
        return None
    before = len(checker.problems)
    kind = checker.note_kind(node.value["type"]) if "type" in node.value else context.kind
    if kind is None:  # its fields cannot be checked against an unknown type
        if "id" in node.value and checker.slug(node.value["id"], "id"):
            _claim_id(checker, node.value["id"], node.value["id"].value, context.ids)
        return None
    return _typed_note(checker, node, kind, context, before)


def _typed_note(
    checker: Checker, node: Node, kind: TypeKey, context: CardFileContext, before: int
) -> Note | None:
    """The note ``node`` of type ``kind``, or None when it has any problem
    beyond the first ``before`` of ``checker``."""
    custom = checker.custom_types.get(kind)
    declared = _CUSTOM_NOTE_KEYS if custom is not None else _NOTE_KEYS[NoteKind(kind)]
    entries = checker.mapping(node, declared, "note", foreign=kind)
    if entries is None:  # not a mapping: reported above
        return None
    note_id = checker.slug(entries["id"], "id") if "id" in entries else None
    if note_id is not None:
        _claim_id(checker, _written(entries["id"], node, "id"), note_id, context.ids)
    tags = checker.capped_tags(entries["tags"], context.tags) if "tags" in entries else context.tags
    source, quote = _source_ref(
        checker, entries.get("source"), context.settings, node.keys.get("source")
    )
    if "note" in entries:
        checker.string(entries["note"], "note")
    lint_ignore = (
        note_lint(checker, entries["lint"], node.keys["lint"]) if "lint" in entries else None
    )
    if custom is not None:
        fields, html, locations = custom_fields(checker, node, custom, context.media)
    else:
        fields, html, locations = _fields(checker, entries, NoteKind(kind), context.media)
    if note_id is None or len(checker.problems) > before:
        return None
    return Note(
        id=note_id,
        kind=kind,
        fields=fields,
        html=html,
        deck=context.deck,
        tags=tuple(sorted(set(tags))),
        location=checker.location(node),
        field_locations=locations,
        source=source,
        quote=quote,
        lint_ignore=lint_ignore or _NO_RULES,
    )


def _written(value: Node, mapping: Node, key: str) -> Node:
    """``value`` where ``mapping`` holds it: a value merged in with '<<' is
    written in another mapping, so it stands at the merge key instead."""
    if mapping.line <= value.line <= mapping.end_line:
        return value
    line, column = mapping.keys[key]
    return Node(value.value, line, column)


def _claim_id(checker: Checker, node: Node, note_id: str, ids: dict[str, Location]) -> None:
    first = ids.get(note_id)
    if first is None:
        ids[note_id] = checker.location(node)
        return
    checker.problems.append(duplicate_id_problem(checker.location(node), note_id, first))


def duplicate_id_problem(where: Location, note_id: str, first: Location) -> Problem:
    """Note id ``note_id`` used again at ``where``, first used at ``first``."""
    return Problem(
        where.path,
        where.line,
        where.column,
        codes.DUPLICATE_ID,
        f"duplicate note id '{note_id}': also used at"
        f" {first.path.as_posix()}:{first.line}:{first.column}; ids must be unique in"
        " the project",
    )


def _source_ref(
    checker: Checker, node: Node | None, settings: Settings, owner: tuple[int, int] | None
) -> tuple[Source | None, str | None]:
    if node is None:
        return None, None
    entries = checker.mapping(node, _SOURCE_REF_KEYS, "source", owner=owner)
    if entries is None:
        return None, None
    quote = checker.string(entries["quote"], "quote") if "quote" in entries else None
    ref_node = entries.get("ref")
    ref = checker.slug(ref_node, "ref") if ref_node is not None else None
    if ref_node is None or ref is None:
        return None, quote
    source = settings.sources.get(ref)
    document = settings.documents.get(ref)
    if quote is not None and document is not None:
        _check_quote(checker, entries["quote"], quote, document)
    if source is None and settings.sources_known:
        known = ", ".join(sorted(settings.sources)) or "none are declared in deck.yaml"
        checker.at(
            ref_node,
            codes.UNKNOWN_SOURCE,
            f"unknown source '{ref}'{suggest(ref, settings.sources)}; known sources: {known}",
        )
    return source, quote


def _check_quote(checker: Checker, node: Node, quote: str, document: citations.Document) -> None:
    missing = citations.missing_fragment(quote, document.text)
    if missing is not None:
        fragment, out_of_order = missing
        message = citations.miss_message(quote, document, fragment, out_of_order)
        # Point at the fragment's first word: an opening quote mark is no place to type.
        word = _WORD.search(quote, fragment.offset)
        offset = word.start() if word is not None else fragment.offset
        checker.at(node, codes.QUOTE_NOT_FOUND, message, offset or None)


def _fields(
    checker: Checker, entries: dict[str, Node], kind: NoteKind, media: MediaStore
) -> tuple[dict[str, str | tuple[str, ...]], dict[str, str | tuple[str, ...]], dict[str, Location]]:
    raw: dict[str, str | tuple[str, ...]] = {}
    html: dict[str, str | tuple[str, ...]] = {}
    locations: dict[str, Location] = {}
    for key in schema.FIELD_KEYS[kind]:
        name = key.name
        node = entries.get(name)
        if node is None:
            continue
        locations[name] = checker.location(node)
        if key.kind is schema.CHOICES:
            choices = _choices(checker, node, media)
            if choices is not None:
                raw[name] = tuple(text for text, _ in choices)
                html[name] = tuple(rendered for _, rendered in choices)
            continue
        text = checker.string(node, name, not key.required)
        if text is None:
            continue
        raw[name] = text
        html[name] = rendered = checker.render(node, text, media)
        _check_cloze_use(checker, node, text, kind, name, rendered)
    if kind is NoteKind.MULTIPLE_CHOICE:
        _check_answer(checker, entries, raw)
    return raw, html, locations


def _choices(checker: Checker, node: Node, media: MediaStore) -> list[tuple[str, str]] | None:
    if not isinstance(node.value, list):
        checker.at(
            node, codes.WRONG_TYPE, f"'choices' must be a list of options, not {kind_of(node)}"
        )
        return None
    count = len(node.value)
    if not schema.MIN_CHOICES <= count <= schema.MAX_CHOICES:
        checker.at(
            node,
            codes.BAD_VALUE,
            f"'choices' has {count} option{'' if count == 1 else 's'};"
            f" give {schema.MIN_CHOICES} to {schema.MAX_CHOICES}",
        )
    choices, seen = [], set()
    for item in node.value:
        text = checker.string(item, "choice")
        if text is None:
            continue
        if text.strip() in seen:
            checker.at(item, codes.BAD_VALUE, f"choice {text!r} is given twice")
        seen.add(text.strip())
        _check_cloze_use(checker, item, text, NoteKind.MULTIPLE_CHOICE, "choices", "")
        choices.append((text, checker.render(item, text, media)))
    return choices


def _check_answer(
    checker: Checker, entries: dict[str, Node], raw: dict[str, str | tuple[str, ...]]
) -> None:
    answer, choices = raw.get("answer"), raw.get("choices")
    if not isinstance(answer, str) or not isinstance(choices, tuple):
        return
    if answer.strip() not in {choice.strip() for choice in choices}:
        checker.at(
            entries["answer"],
            codes.ANSWER_NOT_A_CHOICE,
            f"answer {answer!r} is not one of the choices"
            f"{suggest(answer, choices)}; write it exactly as in 'choices'",
        )


def _check_cloze_use(
    checker: Checker, node: Node, text: str, kind: NoteKind, name: str, html: str | tuple[str, ...]
) -> None:
    if kind is NoteKind.CLOZE and name == "text":
        numbers = cloze_problems(checker, node, text)
        broken = isinstance(html, str) and (
            cloze.cloze_numbers(html) != numbers or not cloze.keeps_markup(html)
        )
        if numbers and broken:
            checker.at(node, codes.MALFORMED_CLOZE, cloze.MARKUP_CROSSES)
        return
    offset = cloze.first_deletion(text)
    if offset is not None:
        where = "the 'extra' field" if kind is NoteKind.CLOZE else f"a {kind.value} note"
        checker.at(
            node,
            codes.CLOZE_OUTSIDE_CLOZE,
            f"cloze deletion in {where} is shown as literal text; only a"
            " cloze note's 'text' makes cards from deletions",
            offset,
        )


def cloze_problems(checker: Checker, node: Node, text: str) -> set[int]:
    """Report malformed deletions in a cloze text; return its cloze numbers."""
    found = cloze.scan(text, checker.dollars)
    for offset, message in found.problems:
        checker.at(node, codes.MALFORMED_CLOZE, message, offset)
    return found.numbers
