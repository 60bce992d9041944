"""Check value trees against the declared format and build the model.

Every check appends a problem and carries on, so one run reports every
mistake. A note with problems is left out of the model; the pipeline never
packages a deck that has any error.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import render, schema
from .media import MediaError, MediaStore
from .model import Location, Note, NoteKind, Source
from .problems import Problem
from .schema import Key
from .source import Node, SourceFile

CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
_BRACES = re.compile(r"\{\{|\}\}")
_KINDS = {kind.value: kind for kind in NoteKind}
_FIELD_OWNER = {key.name: kind for kind, keys in schema.FIELD_KEYS.items() for key in keys}


@dataclass
class Checker:
    """Problem collection for one file, with the checks every key shares."""

    source: SourceFile
    problems: list[Problem] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.source.path

    def report(self, line: int, column: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, code, message))

    def at(self, node: Node, code: str, message: str, offset: int | None = None) -> None:
        line, column = (
            (node.line, node.column) if offset is None else self.source.position_in(node, offset)
        )
        self.report(line, column, code, message)

    def location(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def mapping(
        self,
        node: Node,
        keys: Iterable[Key],
        what: str,
        foreign: str = "",
        owner: tuple[int, int] | None = None,
    ) -> dict[str, Node] | None:
        """The mapping's entries, after reporting unknown and missing keys.
        Missing keys are reported at ``owner`` (the key holding this mapping)
        when given, else at the mapping's first key."""
        if not isinstance(node.value, dict):
            self.at(node, "PD005", f"{what} must be a mapping of keys to values, not {_kind(node)}")
            return None
        declared = {key.name: key for key in keys}
        for name, (line, column) in node.keys.items():
            if name not in declared:
                self.report(line, column, "PD004", _unknown_key(name, declared, foreign))
        line, column = owner or (node.line, node.column)
        for key in declared.values():
            if key.required and key.name not in node.keys:
                self.report(
                    line, column, "PD006", f"{what} is missing the required key '{key.name}'"
                )
        return {name: value for name, value in node.value.items() if name in declared}

    def string(self, node: Node, what: str, allow_empty: bool = False) -> str | None:
        if node.value is None:
            if not allow_empty:
                self.at(node, "PD017", f"'{what}' is empty")
            return None
        if not isinstance(node.value, str):
            self.at(node, "PD005", f"'{what}' must be text, {_not_text(node)}")
            return None
        if not allow_empty and not node.value.strip():
            self.at(node, "PD017", f"'{what}' is empty")
            return None
        return node.value

    def slug(self, node: Node, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and not schema.SLUG.match(value):
            stray = re.search(r"[^a-z0-9-]", value)
            if stray is not None and not stray.group().isascii():
                char = stray.group()
                name = unicodedata.name(char, "unnamed")
                detail = f"'{char}' is {name} (U+{ord(char):04X}), not an ASCII letter"
                self.at(node, "PD007", f"'{what}' {value!r} is not a slug: {detail}", stray.start())
            else:
                self.at(
                    node,
                    "PD007",
                    f"'{what}' {value!r} is not a slug: use lowercase"
                    " letters, digits and single '-' between them",
                )
            return None
        return value

    def tags(self, node: Node) -> tuple[str, ...]:
        items = [node] if isinstance(node.value, str) else node.value
        if not isinstance(items, list):
            self.at(node, "PD005", f"'tags' must be a list of tags, not {_kind(node)}")
            return ()
        tags = []
        for item in items:
            tag = self.string(item, "tag")
            if tag is None:
                continue
            if not schema.TAG.match(tag):
                self.at(
                    item,
                    "PD009",
                    f"tag {tag!r} contains white space or quotes; Anki splits"
                    " tags at spaces (use '-' or '_', and '::' for levels)",
                )
            elif any(not part for part in tag.split("::")):
                self.at(item, "PD009", f"tag {tag!r} has an empty level around '::'")
            else:
                tags.append(tag)
        return tuple(tags)

    def deck_path(self, node: Node, what: str = "deck") -> str | None:
        value = self.string(node, what)
        if value is None:
            return None
        parts = [part.strip() for part in value.split("::")]
        if any(part.startswith(":") or part.endswith(":") for part in parts):
            self.at(node, "PD017", f"{what} {value!r} has a stray ':' next to '::'")
            return None
        if not all(parts):
            self.at(node, "PD017", f"{what} {value!r} has an empty level around '::'")
            return None
        return "::".join(parts)

    def note_kind(self, node: Node) -> NoteKind | None:
        value = self.string(node, "type")
        if value is None:
            return None
        kind = _KINDS.get(value)
        if kind is None:
            self.at(
                node,
                "PD017",
                f"unknown note type {value!r}{_suggest(value, _KINDS)};"
                f" use one of {', '.join(_KINDS)}",
            )
        return kind


def _not_text(node: Node) -> str:
    if isinstance(node.value, (list, dict)):
        return f"not {_kind(node)}"
    return f"but YAML reads {node.raw} as {_kind(node)}; put it in quotes"


def _kind(node: Node) -> str:
    value = node.value
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _unknown_key(name: str, declared: dict[str, Key], foreign: str) -> str:
    owner = _FIELD_OWNER.get(name)
    if foreign and owner is not None:
        return f"key '{name}' is a field of {owner} notes, not of {foreign} notes"
    return f"unknown key '{name}'{_suggest(name, declared)}"


@dataclass
class Settings:
    """What deck.yaml declares, as far as it is valid."""

    name: str | None = None
    id: str | None = None
    description: str = ""
    description_html: str = ""
    tags: tuple[str, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    # False when deck.yaml could not be read: references cannot be checked.
    sources_known: bool = True


def check_deck_file(
    source: SourceFile, tree: Node | None, media: MediaStore
) -> tuple[Settings, list[Problem]]:
    checker = Checker(source)
    settings = Settings()
    if tree is None:
        checker.report(1, 1, "PD006", "deck.yaml is empty: it needs at least 'name' and 'id'")
        return settings, checker.problems
    entries = checker.mapping(tree, schema.DECK_KEYS, "deck.yaml")
    if entries is None:
        return settings, checker.problems
    if "name" in entries:
        settings.name = checker.deck_path(entries["name"], "name")
    if "id" in entries:
        settings.id = checker.slug(entries["id"], "id")
    if "description" in entries:
        node = entries["description"]
        settings.description = checker.string(node, "description", True) or ""
        settings.description_html = _render(checker, node, settings.description, media)
    if "tags" in entries:
        settings.tags = checker.tags(entries["tags"])
    if "sources" in entries:
        settings.sources = _sources(checker, entries["sources"])
    return settings, checker.problems


def _sources(checker: Checker, node: Node) -> dict[str, Source]:
    if not isinstance(node.value, dict):
        checker.at(
            node, "PD005", f"'sources' must be a mapping from keys to sources, not {_kind(node)}"
        )
        return {}
    sources = {}
    for key, entry in node.value.items():
        line, column = node.keys[key]
        if not schema.SLUG.match(key):
            checker.report(line, column, "PD007", f"source key {key!r} is not a slug")
            continue
        fields = checker.mapping(entry, schema.SOURCE_KEYS, f"source '{key}'", owner=(line, column))
        if fields is None or "title" not in fields:
            continue
        title = checker.string(fields["title"], "title")
        file = checker.string(fields["file"], "file") if "file" in fields else None
        url = _url(checker, fields["url"]) if "url" in fields else None
        if title is not None:
            sources[key] = Source(key, title, file, url)
    return sources


def _url(checker: Checker, node: Node) -> str | None:
    url = checker.string(node, "url")
    if url is not None and not re.match(r"https?://[^\s/]+\S*$", url):
        checker.at(
            node, "PD017", f"url {url!r} must be a web address starting with http:// or https://"
        )
        return None
    return url


@dataclass
class CardFileContext:
    """What a card file's notes inherit from the deck and the file."""

    settings: Settings
    media: MediaStore
    deck: str
    tags: tuple[str, ...]
    kind: NoteKind | None  # None when the file's own 'type' is unknown
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
    checker = Checker(source)
    if tree is None:
        checker.report(1, 1, "PD006", "card file is empty: it needs a 'notes' list")
        return [], checker.problems
    entries = checker.mapping(tree, schema.FILE_KEYS, "a card file")
    if entries is None:
        return [], checker.problems
    root = settings.name or "Deck"
    subdeck = checker.deck_path(entries["deck"]) if "deck" in entries else None
    kind = checker.note_kind(entries["type"]) if "type" in entries else NoteKind.BASIC
    context = CardFileContext(
        settings,
        media,
        deck=f"{root}::{subdeck}" if subdeck else root,
        tags=settings.tags + (checker.tags(entries["tags"]) if "tags" in entries else ()),
        kind=kind,
        ids=ids,
    )
    notes: list[Note] = []
    node = entries.get("notes")
    if node is not None and not isinstance(node.value, list):
        checker.at(node, "PD005", f"'notes' must be a list of notes, not {_kind(node)}")
    elif node is not None:
        for item in node.value:
            note = _note(checker, item, context)
            if note is not None:
                notes.append(note)
    return notes, checker.problems


def _note(checker: Checker, node: Node, context: CardFileContext) -> Note | None:
    if not isinstance(node.value, dict):
        checker.at(node, "PD005", f"a note must be a mapping of keys to values, not {_kind(node)}")
        return None
    before = len(checker.problems)
    kind = checker.note_kind(node.value["type"]) if "type" in node.value else context.kind
    if kind is None:  # its fields cannot be checked against an unknown type
        if "id" in node.value and checker.slug(node.value["id"], "id"):
            _claim_id(checker, node.value["id"], node.value["id"].value, context.ids)
        return None
    keys = schema.NOTE_KEYS + schema.FIELD_KEYS[kind]
    entries = checker.mapping(node, keys, "note", foreign=kind.value)
    assert entries is not None
    note_id = checker.slug(entries["id"], "id") if "id" in entries else None
    if note_id is not None:
        _claim_id(checker, entries["id"], note_id, context.ids)
    tags = context.tags + (checker.tags(entries["tags"]) if "tags" in entries else ())
    source, quote = _source_ref(
        checker, entries.get("source"), context.settings, node.keys.get("source")
    )
    if "note" in entries:
        checker.string(entries["note"], "note")
    fields, html, locations = _fields(checker, entries, kind, context.media)
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
    )


def _claim_id(checker: Checker, node: Node, note_id: str, ids: dict[str, Location]) -> None:
    first = ids.get(note_id)
    if first is None:
        ids[note_id] = checker.location(node)
        return
    checker.at(
        node,
        "PD008",
        f"duplicate note id '{note_id}': also used at"
        f" {first.path.as_posix()}:{first.line}:{first.column}; ids must be unique in"
        " the project",
    )


def _source_ref(
    checker: Checker, node: Node | None, settings: Settings, owner: tuple[int, int] | None
) -> tuple[Source | None, str | None]:
    if node is None:
        return None, None
    entries = checker.mapping(node, schema.SOURCE_REF_KEYS, "source", owner=owner)
    if entries is None:
        return None, None
    quote = checker.string(entries["quote"], "quote") if "quote" in entries else None
    ref_node = entries.get("ref")
    ref = checker.slug(ref_node, "ref") if ref_node is not None else None
    if ref_node is None or ref is None:
        return None, quote
    source = settings.sources.get(ref)
    if source is None and settings.sources_known:
        known = ", ".join(sorted(settings.sources)) or "none are declared in deck.yaml"
        checker.at(
            ref_node,
            "PD013",
            f"unknown source '{ref}'{_suggest(ref, settings.sources)}; known sources: {known}",
        )
    return source, quote


def _fields(
    checker: Checker, entries: dict[str, Node], kind: NoteKind, media: MediaStore
) -> tuple[dict[str, str | tuple[str, ...]], dict[str, str | tuple[str, ...]], dict[str, Location]]:
    raw: dict[str, str | tuple[str, ...]] = {}
    html: dict[str, str | tuple[str, ...]] = {}
    locations: dict[str, Location] = {}
    for key in schema.FIELD_KEYS[kind]:
        node = entries.get(key.name)
        if node is None:
            continue
        locations[key.name] = checker.location(node)
        if key.kind == "choices":
            choices = _choices(checker, node, media)
            if choices is not None:
                raw[key.name] = tuple(text for text, _ in choices)
                html[key.name] = tuple(rendered for _, rendered in choices)
            continue
        text = checker.string(node, key.name, allow_empty=not key.required)
        if text is None:
            continue
        raw[key.name] = text
        html[key.name] = _render(checker, node, text, media)
        _check_cloze_use(checker, node, text, kind, key.name, html[key.name])
    if kind is NoteKind.MULTIPLE_CHOICE:
        _check_answer(checker, entries, raw)
    return raw, html, locations


def _render(checker: Checker, node: Node, text: str, media: MediaStore) -> str:
    def resolve(reference: str) -> str | None:
        try:
            return media.add(reference, checker.path.parent)
        except MediaError as exc:
            written = unquote(reference)  # Markdown percent-encodes link targets
            offset = text.find(written) if written in text else text.find(reference)
            checker.at(node, "PD014", str(exc), offset if offset >= 0 else None)
            return None

    return render.to_html(text, resolve)


def _choices(checker: Checker, node: Node, media: MediaStore) -> list[tuple[str, str]] | None:
    if not isinstance(node.value, list):
        checker.at(node, "PD005", f"'choices' must be a list of options, not {_kind(node)}")
        return None
    count = len(node.value)
    if not schema.MIN_CHOICES <= count <= schema.MAX_CHOICES:
        checker.at(
            node,
            "PD017",
            f"'choices' has {count} option{'' if count == 1 else 's'};"
            f" give {schema.MIN_CHOICES} to {schema.MAX_CHOICES}",
        )
    choices, seen = [], set()
    for item in node.value:
        text = checker.string(item, "choice")
        if text is None:
            continue
        if text.strip() in seen:
            checker.at(item, "PD017", f"choice {text!r} is given twice")
        seen.add(text.strip())
        _check_cloze_use(checker, item, text, NoteKind.MULTIPLE_CHOICE, "choices", "")
        choices.append((text, _render(checker, item, text, media)))
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
            "PD012",
            f"answer {answer!r} is not one of the choices"
            f"{_suggest(answer, choices)}; write it exactly as in 'choices'",
        )


def _check_cloze_use(
    checker: Checker, node: Node, text: str, kind: NoteKind, name: str, html: str | tuple[str, ...]
) -> None:
    if kind is NoteKind.CLOZE and name == "text":
        numbers = cloze_problems(checker, node, text)
        broken = isinstance(html, str) and (
            cloze_numbers(html) != numbers or not _deletions_keep_their_markup(html)
        )
        if numbers and broken:
            checker.at(
                node,
                "PD010",
                "Markdown formatting crosses the edge of a cloze deletion;"
                " keep **...** or *...* wholly inside or wholly outside '{{c1::...}}'",
            )
        return
    match = CLOZE_OPEN.search(text)
    if match:
        where = "the 'extra' field" if kind is NoteKind.CLOZE else f"a {kind.value} note"
        checker.at(
            node,
            "PD011",
            f"cloze deletion in {where} is shown as literal text; only a"
            " cloze note's 'text' makes cards from deletions",
            match.start(),
        )


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


def _deletions_keep_their_markup(html: str) -> bool:
    """True when every deletion's HTML opens and closes its own tags, so that
    Anki can hide it without tearing an element apart."""
    opened: list[int] = []
    for brace in _BRACES.finditer(html):
        if brace.group() == "{{":
            opened.append(brace.end())
        elif opened and not _balanced(html[opened.pop() : brace.start()]):
            return False
    return True


def _balanced(fragment: str) -> bool:
    stack: list[str] = []
    for closing, name, self_closing in _TAG.findall(fragment):
        name = name.lower()
        if name in _VOID or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def cloze_numbers(text: str) -> set[int]:
    return {int(number) for number in CLOZE_OPEN.findall(text)}


def cloze_problems(checker: Checker, node: Node, text: str) -> set[int]:
    """Report malformed deletions in a cloze text; return its cloze numbers."""
    opened: list[tuple[int, int | None]] = []  # '{{' offsets; content offset if a deletion
    numbers: set[int] = set()
    malformed = False
    for brace in _BRACES.finditer(text):
        start = brace.start()
        if brace.group() == "{{":
            match = CLOZE_OPEN.match(text, start)
            if match is None:
                malformed = True
                checker.at(
                    node,
                    "PD010",
                    "'{{' does not start a cloze deletion; write '{{c1::answer}}'",
                    start,
                )
                opened.append((start, None))  # its '}}' belongs to it
                continue
            number = int(match.group(1))
            if number == 0:
                checker.at(node, "PD010", "cloze numbers start at c1, not c0", start)
            numbers.add(number)
            opened.append((start, match.end()))
        elif not opened:
            checker.at(node, "PD010", "'}}' closes no cloze deletion", start)
        else:
            begin, content = opened.pop()
            if content is not None and not text[content:start].split("::")[0].strip():
                checker.at(node, "PD010", "empty cloze deletion: nothing to recall", begin)
    for begin, _ in opened:
        checker.at(node, "PD010", "cloze deletion is never closed with '}}'", begin)
    if not numbers and not malformed:
        checker.at(node, "PD010", "a cloze note needs at least one deletion like '{{c1::answer}}'")
    return numbers
