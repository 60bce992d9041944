"""The checks every key of every file shares, and the problems they collect.

Every check appends a problem and carries on, so one run reports every
mistake.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .. import codes, render, schema
from ..errors import MediaError
from ..limits import MAX_TAGS_PER_NOTE
from ..media import MediaStore
from ..model import Location, NoteKind, NoteType, RuleCatalog, TypeKey
from ..problems import Problem
from ..schema import Key
from ..source import Node, SourceFile
from ..template_refs import html_media

KINDS = {kind.value: kind for kind in NoteKind}
_FIELD_OWNER = {key.name: kind for kind, keys in schema.FIELD_KEYS.items() for key in keys}


@dataclass
class Checker:
    """Problem collection for one file, with the checks every key shares."""

    source: SourceFile
    rules: RuleCatalog  # the lint rules a 'lint' key may name
    problems: list[Problem] = field(default_factory=list)
    dollars: bool = False  # deck.yaml's 'math: dollars': $...$ is math
    # The project's own note types, by key: what 'type' may name besides the built-ins.
    custom_types: Mapping[str, NoteType] = field(default_factory=dict)
    # Every folder of note-types/: a note of a broken one is not checked (its
    # note type's own problems say why).
    type_keys: frozenset[str] = frozenset()
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
            self.at(
                node,
                codes.WRONG_TYPE,
                f"{what} must be a mapping of keys to values, not {kind_of(node)}",
            )
            return None
        declared = keys if isinstance(keys, dict) else by_name(keys)
        if not node.keys.keys() <= declared.keys():
            for name, (line, column) in node.keys.items():
                if name not in declared:
                    self.report(
                        line, column, codes.UNKNOWN_KEY, self._unknown_key(name, declared, foreign)
                    )
        for key in declared.values():
            if key.required and key.name not in node.keys:
                line, column = owner or (node.line, node.column)
                self.report(
                    line,
                    column,
                    codes.MISSING_KEY,
                    f"{what} is missing the required key '{key.name}'",
                )
        if node.value.keys() <= declared.keys():
            return node.value
        return {name: value for name, value in node.value.items() if name in declared}

    def _unknown_key(self, name: str, declared: dict[str, Key], foreign: str) -> str:
        custom = self.custom_types.get(foreign)
        if custom is not None and name in custom.fields:
            return f"'{name}' is a field of {foreign} notes: write it under 'fields:'"
        return _unknown_key(name, declared, foreign if custom is None else "")

    def string(self, node: Node, what: str, allow_empty: bool = False) -> str | None:
        value = node.value
        if isinstance(value, str) and (allow_empty or value.strip()):
            return value
        if node.value is None:
            if not allow_empty:
                self.at(node, codes.BAD_VALUE, f"'{what}' is empty")
            return None
        if not isinstance(node.value, str):
            self.at(node, codes.WRONG_TYPE, f"'{what}' must be text, {_not_text(node)}")
            return None
        if not allow_empty and not node.value.strip():
            self.at(node, codes.BAD_VALUE, f"'{what}' is empty")
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
                self.at(
                    node,
                    codes.MALFORMED_ID,
                    f"'{what}' {value!r} is not a slug: {detail}",
                    stray.start(),
                )
            else:
                self.at(
                    node,
                    codes.MALFORMED_ID,
                    f"'{what}' {value!r} is not a slug: use lowercase"
                    " letters, digits and single '-' between them",
                )
            return None
        return value

    def tags(self, node: Node) -> tuple[str, ...]:
        items = [node] if isinstance(node.value, str) else node.value
        if not isinstance(items, list):
            self.at(node, codes.WRONG_TYPE, f"'tags' must be a list of tags, not {kind_of(node)}")
            return ()
        tags = []
        for item in items:
            tag = self.string(item, "tag")
            if tag is None:
                continue
            if not schema.TAG.match(tag):
                self.at(
                    item,
                    codes.MALFORMED_TAG,
                    f"tag {tag!r} contains white space or quotes; Anki splits"
                    " tags at spaces (use '-' or '_', and '::' for levels)",
                )
            elif "" in tag.split("::"):
                self.at(item, codes.MALFORMED_TAG, f"tag {tag!r} has an empty level around '::'")
            elif tag.lower().startswith(schema.RESERVED_TAG_PREFIX):
                self.at(
                    item,
                    codes.MALFORMED_TAG,
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
            codes.BAD_VALUE,
            f"these tags give a note {len(tags)} tags; a note may have at most"
            f" {MAX_TAGS_PER_NOTE} (tags of deck.yaml and of the file included)",
        )
        return inherited

    def entries(self, node: Node, wanted: str) -> dict[str, Node]:
        """The entries of a mapping whose keys are names of the author's
        (sources, subdecks, rule codes); when ``node`` is not a mapping, a
        problem saying what it must be (``wanted``) and no entries."""
        if isinstance(node.value, dict):
            return node.value
        self.at(node, codes.WRONG_TYPE, f"{wanted}, not {kind_of(node)}")
        return {}

    def deck_path(self, node: Node, what: str = "deck") -> str | None:
        value = self.string(node, what)
        if value is None:
            return None
        parts = [part.strip() for part in value.split("::")]
        if any(part.startswith(":") or part.endswith(":") for part in parts):
            self.at(node, codes.BAD_VALUE, f"{what} {value!r} has a stray ':' next to '::'")
            return None
        if not all(parts):
            self.at(node, codes.BAD_VALUE, f"{what} {value!r} has an empty level around '::'")
            return None
        return "::".join(parts)

    def note_kind(self, node: Node) -> TypeKey | None:
        value = self.string(node, "type")
        if value is None:
            return None
        kind: TypeKey | None = KINDS.get(value)
        if kind is None and value in self.custom_types:
            kind = value
        if kind is None and value not in self.type_keys:
            self.at(node, codes.BAD_VALUE, unknown_note_type(value, self.custom_types))
        return kind

    def render(
        self, node: Node, text: str, media: MediaStore, breaks: bool = True, static: bool = False
    ) -> str:
        """``text`` as the HTML it ships as; a media reference that cannot be
        added is reported where it is written. ``static``: see ``MediaStore.add``."""

        def resolve(reference: str) -> str | None:
            try:
                return media.add(reference, self.path.parent, static)
            except MediaError as exc:
                written = unquote(reference)  # Markdown percent-encodes link targets
                offset = text.find(written) if written in text else text.find(reference)
                self.at(node, codes.MEDIA_PROBLEM, str(exc), offset if offset >= 0 else None)
                return None

        return render.to_html(text, resolve, dollars=self.dollars, breaks=breaks)

    def raw(self, node: Node, text: str, media: MediaStore) -> str:
        """Raw HTML ``text``, shipped as written, with the media it names
        (``<img src>``, ``[sound:...]``) under the names written, from the
        project's media folder; a name that cannot be added is reported
        where it is written."""
        for ref in html_media(text):
            try:
                media.add_kept(ref.name)
            except MediaError as exc:
                self.at(node, codes.MEDIA_PROBLEM, str(exc), ref.start)
        return text


def by_name(keys: Iterable[Key]) -> dict[str, Key]:
    """Declared keys by name, the form ``Checker.mapping`` looks them up in."""
    return {key.name: key for key in keys}


def unknown_note_type(name: str, custom: Iterable[str] = ()) -> str:
    known = [*KINDS, *sorted(custom)]
    return f"unknown note type {name!r}{suggest(name, known)}; use one of {', '.join(known)}"


def _not_text(node: Node) -> str:
    if isinstance(node.value, (list, dict)):
        return f"not {kind_of(node)}"
    return f"but YAML reads {node.raw} as {kind_of(node)}; put it in quotes"


def kind_of(node: Node) -> str:
    """What a value is, as a message names it: 'a list', 'text', ..."""
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


def suggest(name: str, known: Iterable[str]) -> str:
    """' (did you mean ...?)' for the closest of ``known``, or nothing."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _unknown_key(name: str, declared: dict[str, Key], foreign: str) -> str:
    owner = _FIELD_OWNER.get(name)
    if foreign and owner is not None:
        return f"key '{name}' is a field of {owner} notes, not of {foreign} notes"
    return f"unknown key '{name}'{suggest(name, declared)}"
