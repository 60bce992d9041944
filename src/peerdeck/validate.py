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

from . import citations, cloze, render, schema
from .limits import MAX_TAGS_PER_NOTE
from .media import MediaError, MediaStore
from .model import LintConfig, Location, Note, NoteKind, Retirement, RuleCatalog, Source
from .problems import CODES, Problem
from .schema import Key
from .source import Node, SourceFile

_WORD = re.compile(r"\w")
_KINDS = {kind.value: kind for kind in NoteKind}
_FIELD_OWNER = {key.name: kind for kind, keys in schema.FIELD_KEYS.items() for key in keys}
# Shared by every note exempt from no rule: each frozenset() is a new 216-byte object.
_NO_RULES: frozenset[str] = frozenset()
_DIGIT_LOOKALIKES = str.maketrans("OoIl", "0011")


@dataclass
class Checker:
    """Problem collection for one file, with the checks every key shares."""

    source: SourceFile
    rules: RuleCatalog  # the lint rules a 'lint' key may name
    problems: list[Problem] = field(default_factory=list)
    dollars: bool = False  # deck.yaml's 'math: dollars': $...$ is math
    path: Path = field(init=False)  # the source's, kept at hand: every Location needs it

    def __post_init__(self) -> None:
        self.path = self.source.path

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
        keys: Iterable[Key] | dict[str, Key],
        what: str,
        foreign: str = "",
        owner: tuple[int, int] | None = None,
    ) -> dict[str, Node] | None:
        """The mapping's entries, after reporting unknown and missing keys.
        ``keys`` are the declared keys, or them by name (see ``_by_name``).
        Missing keys are reported at ``owner`` (the key holding this mapping)
        when given, else at the mapping's first key."""
        if not isinstance(node.value, dict):
            self.at(node, "PD005", f"{what} must be a mapping of keys to values, not {_kind(node)}")
            return None
        declared = keys if isinstance(keys, dict) else _by_name(keys)
        if not node.keys.keys() <= declared.keys():
            for name, (line, column) in node.keys.items():
                if name not in declared:
                    self.report(line, column, "PD004", _unknown_key(name, declared, foreign))
        for key in declared.values():
            if key.required and key.name not in node.keys:
                line, column = owner or (node.line, node.column)
                self.report(
                    line, column, "PD006", f"{what} is missing the required key '{key.name}'"
                )
        if node.value.keys() <= declared.keys():
            return node.value
        return {name: value for name, value in node.value.items() if name in declared}

    def string(self, node: Node, what: str, allow_empty: bool = False) -> str | None:
        value = node.value
        if isinstance(value, str) and (allow_empty or value.strip()):
            return value
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
            elif "" in tag.split("::"):
                self.at(item, "PD009", f"tag {tag!r} has an empty level around '::'")
            elif tag.lower().startswith(schema.RESERVED_TAG_PREFIX):
                self.at(
                    item,
                    "PD009",
                    f"tag {tag!r} is reserved: peerdeck sets '{schema.RESERVED_TAG_PREFIX}'"
                    " tags itself (retire a note through deck.yaml's 'retired' list)",
                )
            else:
                tags.append(tag)
        return tuple(tags)

    def capped_tags(self, node: Node, inherited: tuple[str, ...]) -> tuple[str, ...]:
        """``inherited`` and the tags of ``node``, unless together they give
        a note more than MAX_TAGS_PER_NOTE: every note carries all of them,
        so a long list on a file of many notes would make the package (and
        the time to check it) grow with their product."""
        tags = inherited + self.tags(node)
        if len(tags) <= MAX_TAGS_PER_NOTE:
            return tags
        self.at(
            node,
            "PD017",
            f"these tags give a note {len(tags)} tags; a note may have at most"
            f" {MAX_TAGS_PER_NOTE} (tags of deck.yaml and of the file included)",
        )
        return inherited

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
            self.at(node, "PD017", _unknown_note_type(value))
        return kind


def _by_name(keys: Iterable[Key]) -> dict[str, Key]:
    return {key.name: key for key in keys}


# The declarations checked for every note, by name once rather than per note.
_FILE_KEYS = _by_name(schema.FILE_KEYS)
_NOTE_KEYS = {kind: _by_name(schema.NOTE_KEYS + keys) for kind, keys in schema.FIELD_KEYS.items()}
_SOURCE_REF_KEYS = _by_name(schema.SOURCE_REF_KEYS)


def _unknown_note_type(name: str) -> str:
    return f"unknown note type {name!r}{_suggest(name, _KINDS)}; use one of {', '.join(_KINDS)}"


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

    rules: RuleCatalog  # the lint rules a 'lint' key may name
    name: str | None = None
    id: str | None = None
    description: str = ""
    description_html: str = ""
    description_location: Location | None = None
    tags: tuple[str, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    retired: dict[str, Retirement] = field(default_factory=dict)
    versions: dict[NoteKind, int] = field(default_factory=dict)
    # False when deck.yaml could not be read: references cannot be checked.
    sources_known: bool = True
    # The folder of the sources' files, as written, and where it was written.
    sources_dir: str | None = None
    sources_dir_key: Location | None = None
    # Where each source's 'file' key is written, to report a missing file.
    file_keys: dict[str, Location] = field(default_factory=dict)
    # Source key -> its file's text, when quotes are checked against it.
    documents: dict[str, citations.Document] = field(default_factory=dict)
    lint: LintConfig = field(default_factory=LintConfig)
    dollar_math: bool = False  # 'math: dollars'


def check_deck_file(
    source: SourceFile, tree: Node | None, media: MediaStore, rules: RuleCatalog
) -> tuple[Settings, list[Problem]]:
    checker = Checker(source, rules)
    settings = Settings(rules)
    if tree is None:
        checker.report(1, 1, "PD006", "deck.yaml is empty: it needs at least 'name' and 'id'")
        return settings, checker.problems
    entries = checker.mapping(tree, schema.DECK_KEYS, "deck.yaml")
    if entries is None:
        return settings, checker.problems
    if "math" in entries:
        settings.dollar_math = checker.dollars = _math_mode(checker, entries["math"])
    if "name" in entries:
        settings.name = checker.deck_path(entries["name"], "name")
    if "id" in entries:
        settings.id = checker.slug(entries["id"], "id")
    if "description" in entries:
        node = entries["description"]
        settings.description = checker.string(node, "description", True) or ""
        settings.description_html = _render(
            checker, node, settings.description, media, breaks=False
        )
        settings.description_location = checker.location(node)
    if "tags" in entries:
        settings.tags = checker.capped_tags(entries["tags"], ())
    if "sources" in entries:
        settings.sources = _sources(checker, entries["sources"], settings.file_keys)
    if "sources_dir" in entries:
        settings.sources_dir = checker.string(entries["sources_dir"], "sources_dir")
        line, column = tree.keys["sources_dir"]
        settings.sources_dir_key = Location(checker.path, line, column)
    if "retired" in entries:
        settings.retired = _retired(checker, entries["retired"])
    if "note_types" in entries:
        settings.versions = _versions(checker, entries["note_types"])
    if "lint" in entries:
        settings.lint = _lint_config(checker, entries["lint"], tree.keys["lint"])
    return settings, checker.problems


def _math_mode(checker: Checker, node: Node) -> bool:
    """True for 'math: dollars'."""
    value = checker.string(node, "math")
    if value is not None and value not in schema.MATH_MODES:
        modes = " or ".join(f"'{mode}'" for mode in schema.MATH_MODES)
        checker.at(node, "PD017", f"math {value!r} must be {modes}")
    return value == "dollars"


def _retired(checker: Checker, node: Node) -> dict[str, Retirement]:
    if not isinstance(node.value, list):
        checker.at(node, "PD005", f"'retired' must be a list of notes, not {_kind(node)}")
        return {}
    retired: dict[str, Retirement] = {}
    for item in node.value:
        entries = checker.mapping(item, schema.RETIRED_KEYS, "a retired note")
        if entries is None or "id" not in entries:
            continue
        note_id = checker.slug(entries["id"], "id")
        reason = checker.string(entries["reason"], "reason") if "reason" in entries else None
        if note_id is None or reason is None:
            continue
        if note_id in retired:
            first = retired[note_id].location
            checker.at(
                entries["id"],
                "PD008",
                f"note '{note_id}' is already retired at line {first.line}",
            )
            continue
        retired[note_id] = Retirement(note_id, reason, checker.location(entries["id"]))
    return retired


def _versions(checker: Checker, node: Node) -> dict[NoteKind, int]:
    if not isinstance(node.value, dict):
        checker.at(
            node,
            "PD005",
            f"'note_types' must map note types to versions, e.g. {{cloze: 2}}, not {_kind(node)}",
        )
        return {}
    versions = {}
    for name, value in node.value.items():
        line, column = node.keys[name]
        kind = _KINDS.get(name)
        if kind is None:
            checker.report(line, column, "PD017", _unknown_note_type(name))
            continue
        number = value.value
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            checker.at(value, "PD005", f"the version of '{name}' must be a whole number from 1")
            continue
        versions[kind] = number
    return versions


def _sources(checker: Checker, node: Node, file_keys: dict[str, Location]) -> dict[str, Source]:
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
        if file is not None:
            file_keys[key] = Location(checker.path, *entry.keys["file"])
        url = _url(checker, fields["url"]) if "url" in fields else None
        if title is not None:
            sources[key] = Source(key, title, file, url)
    return sources


def _url(checker: Checker, node: Node) -> str | None:
    url = checker.string(node, "url")
    if url is not None and not schema.URL.match(url):
        checker.at(
            node, "PD017", f"url {url!r} must be a web address starting with http:// or https://"
        )
        return None
    return url


def _lint_config(checker: Checker, node: Node, owner: tuple[int, int]) -> LintConfig:
    entries = checker.mapping(node, schema.LINT_KEYS, "'lint'", owner=owner)
    if entries is None:
        return LintConfig()
    select = _rule_codes(checker, entries["select"], "select") if "select" in entries else None
    ignore = _rule_codes(checker, entries["ignore"], "ignore") if "ignore" in entries else None
    return LintConfig(
        select=select,
        ignore=ignore or frozenset(),
        severity=_severities(checker, entries["severity"]) if "severity" in entries else {},
        limits=_limits(checker, entries["limits"]) if "limits" in entries else {},
    )


def _note_lint(checker: Checker, node: Node, owner: tuple[int, int]) -> frozenset[str] | None:
    entries = checker.mapping(node, schema.NOTE_LINT_KEYS, "'lint'", owner=owner)
    if entries is None:
        return None
    if "reason" in entries:
        checker.string(entries["reason"], "reason")
    return _rule_codes(checker, entries["ignore"], "ignore") if "ignore" in entries else None


def _rule_codes(checker: Checker, node: Node, what: str) -> frozenset[str]:
    items = [node] if isinstance(node.value, str) else node.value
    if not isinstance(items, list):
        checker.at(node, "PD005", f"'{what}' must be a list of rule codes, not {_kind(node)}")
        return frozenset()
    codes = set()
    for item in items:
        code = checker.string(item, "rule code")
        if code is not None and _known_rule(checker, item, code):
            codes.add(code)
    return frozenset(codes)


def _known_rule(checker: Checker, node: Node, code: str) -> bool:
    rules = checker.rules
    if code in rules.codes:
        return True
    names = rules.names
    if code in names:
        hint = f"; write its code, {names[code]}"
    elif code in CODES:
        hint = f"; {code} is a check that keeps the deck buildable, not a lint rule"
    else:
        # A letter typed for a digit ('PD1O9') is the likeliest slip: difflib
        # alone rates PD109 and PD119 alike.
        lookalike = code[:2] + code[2:].translate(_DIGIT_LOOKALIKES)
        close = f" (did you mean '{lookalike}'?)" if lookalike in rules.codes else ""
        suggestion = close or _suggest(code, rules.codes)
        hint = f"{suggestion}; lint rules are {rules.codes[0]} to {rules.codes[-1]}"
    checker.at(node, "PD017", f"unknown lint rule {code!r}{hint}")
    return False


def _severities(checker: Checker, node: Node) -> dict[str, str]:
    if not isinstance(node.value, dict):
        checker.at(node, "PD005", f"'severity' must map rule codes to a level, not {_kind(node)}")
        return {}
    levels = {}
    for code, value in node.value.items():
        line, column = node.keys[code]
        known = _known_rule(checker, Node(code, line, column), code)
        level = checker.string(value, "severity")
        if level is not None and level not in ("error", "warning"):
            checker.at(value, "PD017", f"severity {level!r} must be 'error' or 'warning'")
        elif known and level is not None:
            levels[code] = level
    return levels


def _limits(checker: Checker, node: Node) -> dict[str, int]:
    known_limits = checker.rules.limits
    if not isinstance(node.value, dict):
        checker.at(node, "PD005", f"'limits' must map limit names to numbers, not {_kind(node)}")
        return {}
    limits = {}
    for name, value in node.value.items():
        line, column = node.keys[name]
        if name not in known_limits:
            known = ", ".join(sorted(known_limits))
            checker.report(
                line,
                column,
                "PD004",
                f"unknown limit '{name}'{_suggest(name, known_limits)}; limits are {known}",
            )
        elif not isinstance(value.value, int) or isinstance(value.value, bool):
            checker.at(value, "PD005", f"limit '{name}' must be a whole number, not {_kind(value)}")
        elif value.value < 1:
            checker.at(value, "PD017", f"limit '{name}' must be 1 or more, not {value.value}")
        else:
            limits[name] = value.value
    return limits


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
    checker = Checker(source, settings.rules, dollars=settings.dollar_math)
    if tree is None:
        checker.report(1, 1, "PD006", "card file is empty: it needs a 'notes' list")
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
    entries = checker.mapping(node, _NOTE_KEYS[kind], "note", foreign=kind.value)
    assert entries is not None
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
        _note_lint(checker, entries["lint"], node.keys["lint"]) if "lint" in entries else None
    )
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
            "PD013",
            f"unknown source '{ref}'{_suggest(ref, settings.sources)}; known sources: {known}",
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
        checker.at(node, "PD030", message, offset or None)


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
        if key.kind == "choices":
            choices = _choices(checker, node, media)
            if choices is not None:
                raw[name] = tuple(text for text, _ in choices)
                html[name] = tuple(rendered for _, rendered in choices)
            continue
        text = checker.string(node, name, not key.required)
        if text is None:
            continue
        raw[name] = text
        html[name] = rendered = _render(checker, node, text, media)
        _check_cloze_use(checker, node, text, kind, name, rendered)
    if kind is NoteKind.MULTIPLE_CHOICE:
        _check_answer(checker, entries, raw)
    return raw, html, locations


def _render(checker: Checker, node: Node, text: str, media: MediaStore, breaks: bool = True) -> str:
    def resolve(reference: str) -> str | None:
        try:
            return media.add(reference, checker.path.parent)
        except MediaError as exc:
            written = unquote(reference)  # Markdown percent-encodes link targets
            offset = text.find(written) if written in text else text.find(reference)
            checker.at(node, "PD014", str(exc), offset if offset >= 0 else None)
            return None

    return render.to_html(text, resolve, dollars=checker.dollars, breaks=breaks)


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
            cloze.cloze_numbers(html) != numbers or not cloze.keeps_markup(html)
        )
        if numbers and broken:
            checker.at(
                node,
                "PD010",
                "Markdown formatting crosses the edge of a cloze deletion;"
                " keep **...** or *...* wholly inside or wholly outside '{{c1::...}}'",
            )
        return
    offset = cloze.has_deletion(text)
    if offset is not None:
        where = "the 'extra' field" if kind is NoteKind.CLOZE else f"a {kind.value} note"
        checker.at(
            node,
            "PD011",
            f"cloze deletion in {where} is shown as literal text; only a"
            " cloze note's 'text' makes cards from deletions",
            offset,
        )


def cloze_problems(checker: Checker, node: Node, text: str) -> set[int]:
    """Report malformed deletions in a cloze text; return its cloze numbers."""
    found = cloze.scan(text, checker.dollars)
    for offset, message in found.problems:
        checker.at(node, "PD010", message, offset)
    return found.numbers
