"""deck.yaml: the deck's name, id, sources, retired notes, note type
versions and lint settings, as the card files and the later stages need them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import citations, codes, schema
from ..media import MediaStore
from ..model import (
    Description,
    LintConfig,
    Location,
    NoteType,
    Retirement,
    RuleCatalog,
    Source,
    TypeKey,
)
from ..problems import Problem
from ..source import Node, SourceFile
from .checker import KINDS, Checker, kind_of, unknown_note_type
from .lint_settings import lint_config


@dataclass
class Settings:
    """What deck.yaml declares, as far as it is valid."""

    rules: RuleCatalog  # the lint rules a 'lint' key may name
    name: str | None = None
    id: str | None = None
    description: str = ""
    description_html: str = ""
    description_location: Location | None = None
    # Subdecks' descriptions by name under the root, and where each name is.
    subdecks: dict[str, Description] = field(default_factory=dict)
    subdeck_keys: dict[str, Location] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    retired: dict[str, Retirement] = field(default_factory=dict)
    versions: dict[TypeKey, int] = field(default_factory=dict)
    # The project's own note types by key (note-types/<key>/), at their versions.
    custom_types: dict[TypeKey, NoteType] = field(default_factory=dict)
    type_keys: frozenset[str] = frozenset()  # every folder of note-types/, valid or not
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
    source: SourceFile,
    tree: Node | None,
    media: MediaStore,
    rules: RuleCatalog,
    custom_keys: frozenset[str] = frozenset(),
) -> tuple[Settings, list[Problem]]:
    """deck.yaml's settings; ``custom_keys`` are the project's own note
    types, which ``note_types`` may give versions to."""
    checker = Checker(source, rules)
    settings = Settings(rules)
    if tree is None:
        checker.report(
            1, 1, codes.MISSING_KEY, "deck.yaml is empty: it needs at least 'name' and 'id'"
        )
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
        described = _description(checker, entries, media)
        if described is not None:
            settings.description, settings.description_html = described.text, described.html
            settings.description_location = described.location
    if "subdecks" in entries:
        _subdecks(checker, entries["subdecks"], media, settings)
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
        settings.versions = _versions(checker, entries["note_types"], custom_keys)
    if "lint" in entries:
        settings.lint = lint_config(checker, entries["lint"], tree.keys["lint"])
    return settings, checker.problems


def _description(
    checker: Checker, entries: dict[str, Node], media: MediaStore
) -> Description | None:
    """The description in ``entries`` (deck.yaml's, or a subdeck's), rendered
    as its ``description_format`` says."""
    if "description_format" in entries:
        node = entries["description_format"]
        written = checker.string(node, "description_format")
        if written is not None and written not in schema.FIELD_FORMATS:
            formats = " or ".join(f"'{name}'" for name in schema.FIELD_FORMATS)
            checker.at(node, codes.BAD_VALUE, f"description_format {written!r} must be {formats}")
    node = entries["description"]
    text = checker.string(node, "description", True)
    if text is None:
        return None
    if "description_format" in entries and entries["description_format"].value == "html":
        shipped = checker.raw(node, text, media)
    else:
        shipped = checker.render(node, text, media, breaks=False, static=True)
    return Description(text, shipped, checker.location(node))


def _subdecks(checker: Checker, node: Node, media: MediaStore, settings: Settings) -> None:
    """``subdecks``: each subdeck's name (as card files write it) to its description."""
    entries = checker.entries(node, "'subdecks' must map subdecks' names to their descriptions")
    for name, entry in entries.items():
        line, column = node.keys[name]
        what = f"subdeck '{name}'"
        fields = checker.mapping(entry, schema.SUBDECK_KEYS, what, owner=(line, column))
        if fields is None or "description" not in fields:
            continue
        described = _description(checker, fields, media)
        if described is not None:
            settings.subdecks[name] = described
            settings.subdeck_keys[name] = Location(checker.path, line, column)


def _math_mode(checker: Checker, node: Node) -> bool:
    """True for 'math: dollars'."""
    value = checker.string(node, "math")
    if value is not None and value not in schema.MATH_MODES:
        modes = " or ".join(f"'{mode}'" for mode in schema.MATH_MODES)
        checker.at(node, codes.BAD_VALUE, f"math {value!r} must be {modes}")
    return value == "dollars"


def _retired(checker: Checker, node: Node) -> dict[str, Retirement]:
    if not isinstance(node.value, list):
        checker.at(
            node, codes.WRONG_TYPE, f"'retired' must be a list of notes, not {kind_of(node)}"
        )
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
                codes.DUPLICATE_ID,
                f"note '{note_id}' is already retired at line {first.line}",
            )
            continue
        retired[note_id] = Retirement(note_id, reason, checker.location(entries["id"]))
    return retired


def _versions(checker: Checker, node: Node, custom_keys: frozenset[str]) -> dict[TypeKey, int]:
    entries = checker.entries(node, "'note_types' must map note types to versions, e.g. {cloze: 2}")
    versions: dict[TypeKey, int] = {}
    for name, value in entries.items():
        line, column = node.keys[name]
        kind: TypeKey | None = KINDS.get(name) or (name if name in custom_keys else None)
        if kind is None:
            checker.report(line, column, codes.BAD_VALUE, unknown_note_type(name, custom_keys))
            continue
        number = value.value
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            checker.at(
                value, codes.WRONG_TYPE, f"the version of '{name}' must be a whole number from 1"
            )
            continue
        versions[kind] = number
    return versions


def _sources(checker: Checker, node: Node, file_keys: dict[str, Location]) -> dict[str, Source]:
    entries = checker.entries(node, "'sources' must be a mapping from keys to sources")
    sources = {}
    for key, entry in entries.items():
        line, column = node.keys[key]
        if not schema.SLUG.match(key):
            checker.report(line, column, codes.MALFORMED_ID, f"source key {key!r} is not a slug")
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
            node,
            codes.BAD_VALUE,
            f"url {url!r} must be a web address starting with http:// or https://",
        )
        return None
    return url
