"""The project's own note types: one folder each, ``note-types/<key>/``, with
``note-type.yaml``, one HTML file per template side and ``style.css``.

Every file is read through ``safefile`` like the card files, and every
problem is reported where it is written: in note-type.yaml at its key, in a
template at the line and column inside the HTML file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import anki_template, codes, schema
from ..ids import custom_note_type_id
from ..limits import LARGEST_ID
from ..model import NoteType, RuleCatalog, Template
from ..note_type_schema import (
    NOTE_TYPE_FIELD_KEYS,
    NOTE_TYPE_FILE,
    NOTE_TYPE_KEYS,
    NOTE_TYPE_KINDS,
    NOTE_TYPE_TEMPLATE_KEYS,
    NOTE_TYPES_DIR,
    STYLE_FILE,
)
from ..notetypes import NOTE_TYPES, at_version
from ..problems import Problem
from ..source import Node, SourceFile
from ..yaml_tree import read_yaml
from .checker import Checker, kind_of, suggest
from .template_files import TypeFolder

# Anki's field names may not hold these, nor start with '#', '/' or '^'
# (they would read as a section in a template).
_FORBIDDEN_IN_NAMES = (":", "{", "}", '"')
_SMALLEST_ID = -(2**63)


@dataclass
class FoundTypes:
    """What reading ``note-types/`` found."""

    types: dict[str, NoteType] = field(default_factory=dict)
    sources: dict[Path, SourceFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # each type's note-type.yaml
    keys: frozenset[str] = frozenset()  # every folder's name, the broken ones' too


def type_folders(root: Path) -> list[Path]:
    """The folders below ``note-types/``, sorted, hidden ones skipped."""
    folder = root / NOTE_TYPES_DIR
    try:
        found = [path for path in folder.iterdir() if not path.name.startswith(".")]
    except OSError:
        return []
    return sorted(found)


def read_note_types(
    root: Path, deck_id: str | None, versions: dict[str, int], rules: RuleCatalog
) -> FoundTypes:
    """Every note type of the project at ``root``, checked, at its version."""
    folders = type_folders(root)
    found = FoundTypes(keys=frozenset(folder.name for folder in folders))
    inside = root.resolve()
    top = root / NOTE_TYPES_DIR
    if top.is_symlink() or (os.path.lexists(top) and not top.is_dir()):
        linked = top.is_symlink()
        what = "a symbolic link, which peerdeck does not follow" if linked else "not a folder"
        message = f"{NOTE_TYPES_DIR} is {what}: it must be a folder of the project"
        found.problems.append(Problem(top, 1, 1, codes.NOTE_TYPE_FILE, message))
        return found  # its notes are left unchecked, as those of a broken type
    for folder in folders:
        note_type = _read_type(folder, inside, deck_id or "", rules, found)
        if note_type is not None:
            found.types[note_type.key] = at_version(note_type, versions.get(note_type.key, 1))
    _check_clashes(found)
    return found


def _read_type(
    folder: Path, inside: Path, deck_id: str, rules: RuleCatalog, found: FoundTypes
) -> NoteType | None:
    key = folder.name
    if folder.is_symlink() or not folder.is_dir():
        what = "a symbolic link" if folder.is_symlink() else "not a folder"
        message = f"'{key}' in {NOTE_TYPES_DIR}/ is {what}: a note type is a folder"
        found.problems.append(Problem(folder, 1, 1, codes.NOTE_TYPE_FILE, message))
        return None
    if not schema.SLUG.match(key) or key in NOTE_TYPES:
        why = (
            f"is a built-in note type's name; call it something else (e.g. 'my-{key}')"
            if key in NOTE_TYPES
            else "is not a slug: use lowercase letters, digits and single '-' between them"
        )
        found.problems.append(
            Problem(folder, 1, 1, codes.NOTE_TYPE_FILE, f"note type folder '{key}' {why}")
        )
        return None
    path = folder / NOTE_TYPE_FILE
    if not os.path.lexists(path):
        message = f"note type folder '{key}' has no {NOTE_TYPE_FILE}"
        found.problems.append(Problem(folder, 1, 1, codes.NOTE_TYPE_FILE, message))
        return None
    source, tree, problems = read_yaml(path, inside)
    found.problems += problems
    if source is None or tree is None:
        if source is not None and not problems:
            found.problems.append(Problem(path, 1, 1, codes.MISSING_KEY, f"{path.name} is empty"))
        return None
    found.sources[path] = source
    found.files[key] = path
    checker = Checker(source, rules)
    files = TypeFolder(checker, folder, inside)
    reader = _TypeReader(checker, folder, files)
    note_type = reader.read(tree, key, deck_id)
    found.problems += checker.problems + files.problems
    found.sources.update(files.sources)
    return note_type


@dataclass
class _TypeReader:
    """note-type.yaml's declarations, checked; the files it names are read
    through ``files``."""

    checker: Checker
    folder: Path
    files: TypeFolder

    def read(self, tree: Node, key: str, deck_id: str) -> NoteType | None:
        checker = self.checker
        before = len(checker.problems) + len(self.files.problems)
        entries = checker.mapping(tree, NOTE_TYPE_KEYS, NOTE_TYPE_FILE)
        if entries is None:
            return None
        name = checker.string(entries["name"], "name") if "name" in entries else None
        is_cloze = self._kind(entries["kind"]) if "kind" in entries else False
        type_id = self._id(entries["id"], 1) if "id" in entries else None
        fields = self._fields(entries["fields"]) if "fields" in entries else []
        field_names = tuple(name for name, _, _ in fields)
        sort_field = self._sort_field(entries.get("sort-field"), field_names)
        templates = (
            self._templates(entries["templates"], field_names, is_cloze)
            if "templates" in entries
            else []
        )
        css = self.files.text(STYLE_FILE, None, optional=True) or ""
        if name is None or len(checker.problems) + len(self.files.problems) > before:
            return None
        note_type = NoteType(
            id=type_id or custom_note_type_id(deck_id, key),
            name=name,
            fields=field_names,
            templates=tuple(templates),
            is_cloze=is_cloze,
            css=css,
            key=key,
            field_ids=tuple(field_id for _, field_id, _ in fields),
            html_fields=frozenset(name for name, _, raw in fields if raw),
            sort_field=sort_field,
            custom=True,
            css_file=self.folder / STYLE_FILE if css else None,
        )
        return note_type if self._has_cloze_field(note_type, entries) else None

    def _has_cloze_field(self, note_type: NoteType, entries: dict[str, Node]) -> bool:
        """Whether a cloze note type names the field its deletions are written
        in (any other note type needs none); reported at its first front."""
        if not note_type.is_cloze or anki_template.cloze_fields(note_type):
            return True
        message = (
            f"cloze note type '{note_type.name}' has no cloze field: its first template's front"
            " needs '{{cloze:Field}}' naming the field its deletions are written in"
        )
        self.files.problems.append(
            Problem(self._front_path(entries), 1, 1, codes.TEMPLATE_PROBLEM, message)
        )
        return False

    def _front_path(self, entries: dict[str, Node]) -> Path:
        node = entries.get("templates")
        first = node.value[0] if node is not None and isinstance(node.value, list) else None
        if first is not None and isinstance(first.value, dict) and "front" in first.value:
            value = first.value["front"].value
            if isinstance(value, str):
                return self.folder / value
        return self.checker.path

    def _kind(self, node: Node) -> bool:
        value = self.checker.string(node, "kind")
        if value is not None and value not in NOTE_TYPE_KINDS:
            kinds = " or ".join(f"'{kind}'" for kind in NOTE_TYPE_KINDS)
            self.checker.at(
                node,
                codes.BAD_VALUE,
                f"kind {value!r} must be {kinds}{suggest(value, NOTE_TYPE_KINDS)}",
            )
        return value == "cloze"

    def _id(self, node: Node, least: int) -> int | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int):
            self.checker.at(
                node, codes.WRONG_TYPE, f"an Anki id must be a whole number, not {kind_of(node)}"
            )
            return None
        if not least <= value <= LARGEST_ID or value == 0:
            self.checker.at(
                node,
                codes.NOTE_TYPE_DECLARATION,
                f"id {value} is out of Anki's range ({least} to {LARGEST_ID}, not 0)",
            )
            return None
        return value

    def _list(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node.value, list) or not node.value:
            shown = "an empty list" if node.value == [] else kind_of(node)
            self.checker.at(
                node, codes.WRONG_TYPE, f"'{what}' must be a list of {what}, not {shown}"
            )
            return []
        return list(node.value)

    def _fields(self, node: Node) -> list[tuple[str, int | None, bool]]:
        fields: list[tuple[str, int | None, bool]] = []
        seen: dict[str, Node] = {}
        ids: dict[int, Node] = {}
        for item in self._list(node, "fields"):
            entries = self.checker.mapping(item, NOTE_TYPE_FIELD_KEYS, "a field")
            if entries is None or "name" not in entries:
                continue
            name = self._name(entries["name"], "field", seen)
            field_id = self._unique_id(entries.get("id"), ids, "field")
            raw = self._format(entries["format"]) if "format" in entries else False
            if name is not None:
                fields.append((name, field_id, raw))
        return fields

    def _name(self, node: Node, what: str, seen: dict[str, Node]) -> str | None:
        name = self.checker.string(node, f"{what} name")
        if name is None:
            return None
        if name != name.strip():
            self.checker.at(
                node,
                codes.NOTE_TYPE_DECLARATION,
                f"{what} name {name!r} starts or ends with a space",
            )
        elif what == "field" and (
            any(char in name for char in _FORBIDDEN_IN_NAMES) or name[0] in "#/^"
        ):
            self.checker.at(
                node,
                codes.NOTE_TYPE_DECLARATION,
                f"field name {name!r} cannot be used in a template: Anki's field names hold"
                " no ':', '{', '}' or '\"' and do not start with '#', '/' or '^'",
            )
        elif what == "field" and name in anki_template.SPECIAL_FIELDS:
            self.checker.at(
                node,
                codes.NOTE_TYPE_DECLARATION,
                f"field name {name!r} is reserved: templates use {{{{{name}}}}} for Anki's own"
                " value",
            )
        elif name.casefold() in seen:
            first = seen[name.casefold()]
            self.checker.at(
                node,
                codes.NOTE_TYPE_DECLARATION,
                f"{what} name {name!r} is already used at line {first.line}",
            )
        else:
            seen[name.casefold()] = node
            return name
        return None

    def _unique_id(self, node: Node | None, ids: dict[int, Node], what: str) -> int | None:
        if node is None:
            return None
        value = self._id(node, _SMALLEST_ID)
        if value is not None and value in ids:
            line = ids[value].line
            self.checker.at(
                node,
                codes.NOTE_TYPE_DECLARATION,
                f"{what} id {value} is already used at line {line}",
            )
            return None
        if value is not None:
            ids[value] = node
        return value

    def _format(self, node: Node) -> bool:
        value = self.checker.string(node, "format")
        if value is not None and value not in schema.FIELD_FORMATS:
            formats = " or ".join(f"'{name}'" for name in schema.FIELD_FORMATS)
            self.checker.at(node, codes.BAD_VALUE, f"format {value!r} must be {formats}")
        return value == "html"

    def _sort_field(self, node: Node | None, fields: tuple[str, ...]) -> int:
        if node is None:
            return 0
        value = self.checker.string(node, "sort-field")
        if value is None or value in fields:
            return fields.index(value) if value is not None else 0
        known = ", ".join(fields)
        self.checker.at(
            node,
            codes.NOTE_TYPE_DECLARATION,
            f"sort-field {value!r} is not a field of this note type{suggest(value, fields)};"
            f" its fields: {known}",
        )
        return 0

    def _templates(self, node: Node, fields: tuple[str, ...], is_cloze: bool) -> list[Template]:
        templates: list[Template] = []
        seen: dict[str, Node] = {}
        ids: dict[int, Node] = {}
        items = self._list(node, "templates")
        if is_cloze and len(items) > 1:
            self.checker.at(
                items[1],
                codes.NOTE_TYPE_DECLARATION,
                "a cloze note type has one template: Anki uses only the first",
            )
        for item in items:
            entries = self.checker.mapping(item, NOTE_TYPE_TEMPLATE_KEYS, "a template")
            if entries is None:
                continue
            name = self._name(entries["name"], "template", seen) if "name" in entries else None
            template_id = self._unique_id(entries.get("id"), ids, "template")
            front = self.files.side(entries.get("front"), fields, front=True)
            back = self.files.side(entries.get("back"), fields, front=False)
            if name is not None and front is not None and back is not None:
                files = (
                    self.folder / str(entries["front"].value),
                    self.folder / str(entries["back"].value),
                )
                templates.append(Template(name, front, back, template_id, files))
        return templates


def _check_clashes(found: FoundTypes) -> None:
    """Two note types Anki would confuse: one id, or one name."""
    builtin = {t.id: t.name for t in NOTE_TYPES.values()}
    names = {t.name.casefold(): f"the built-in '{kind}'" for kind, t in NOTE_TYPES.items()}
    ids: dict[int, str] = {}
    for key, note_type in found.types.items():
        where = found.files[key]
        if _restates_built_in(note_type):
            continue  # a peerdeck deck imported back: the very same note type
        other = ids.get(note_type.id) or (
            f"the built-in '{builtin[note_type.id]}'" if note_type.id in builtin else None
        )
        if other is not None:
            message = f"note type id {note_type.id} is already the id of {other}"
            found.problems.append(Problem(where, 1, 1, codes.NOTE_TYPE_DECLARATION, message))
        ids[note_type.id] = f"'{key}'"
        first = names.get(note_type.name.casefold())
        if first is not None:
            message = f"note type name '{note_type.name}' is already the name of {first}"
            found.problems.append(Problem(where, 1, 1, codes.NOTE_TYPE_DECLARATION, message))
        names[note_type.name.casefold()] = f"'{key}'"


def _restates_built_in(note_type: NoteType) -> bool:
    """Whether ``note_type`` is one of peerdeck's own, id, names, templates
    and stylesheet alike, as importing a deck peerdeck built declares it:
    to Anki it is that note type, so neither is confused with the other."""
    for built_in in NOTE_TYPES.values():
        if built_in.id == note_type.id:
            return (
                built_in.name == note_type.name
                and built_in.is_cloze == note_type.is_cloze
                and built_in.fields == note_type.fields
                and [(t.name, t.front, t.back) for t in built_in.templates]
                == [(t.name, t.front, t.back) for t in note_type.templates]
                and built_in.css == note_type.css
            )
    return False
