"""The files of one note type's folder that note-type.yaml names: each
template side, read through ``safefile``, parsed as Anki reads templates and
checked against the type's fields, with every problem at its line and column
inside the HTML file; and ``style.css``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import anki_template, codes
from ..errors import UnsafeFile
from ..limits import NOTE_TYPE_FILE_BYTES
from ..problems import Problem
from ..safefile import read_file
from ..source import Node, SourceFile
from .checker import Checker, suggest


@dataclass
class TypeFolder:
    """Reads a note type's folder; ``checker`` reports at note-type.yaml's
    keys, ``problems`` collects those inside the files read (``sources``)."""

    checker: Checker
    folder: Path
    inside: Path
    problems: list[Problem] = field(default_factory=list)
    sources: dict[Path, SourceFile] = field(default_factory=dict)
    # Each side read, by (file, front?): a file two templates share is read
    # and reported once.
    sides: dict[tuple[str, bool], str | None] = field(default_factory=dict)

    def side(self, node: Node | None, fields: tuple[str, ...], front: bool) -> str | None:
        if node is None:
            return None
        name = self.checker.string(node, "front" if front else "back")
        if (name or "", front) not in self.sides:
            self.sides[name or "", front] = self._checked_side(node, name, fields, front)
        return self.sides[name or "", front]

    def _checked_side(
        self, node: Node, name: str | None, fields: tuple[str, ...], front: bool
    ) -> str | None:
        text = self.text(name, node)
        if text is None:
            return None
        path = self.folder / str(node.value)
        try:
            parts = anki_template.parse(text)
        except anki_template.TemplateError as exc:
            self._in_file(path, text, exc.offset, codes.TEMPLATE_PROBLEM, f"template {exc.message}")
            return None
        known = (*fields, *anki_template.SPECIAL_FIELDS)
        unknown = False
        for part in anki_template.references(parts):
            if part.name not in known:
                unknown = True
                message = (
                    f"the template refers to field '{part.name}', which this note type does"
                    f" not have{suggest(part.name, fields)}; its fields: {', '.join(fields)}"
                )
                self._in_file(path, text, part.offset, codes.TEMPLATE_PROBLEM, message)
        if front and not unknown and not anki_template.renders(parts, frozenset(fields)):
            message = (
                "the front never shows a field as Anki counts them (plain text, {{^...}}"
                " sections and {{type:...}} do not count), so Anki makes no card from this"
                " template: name a field in it, e.g. {{" + (fields[0] if fields else "Field") + "}}"
            )
            self._in_file(path, text, 0, codes.TEMPLATE_PROBLEM, message)
        return text

    def text(self, name: str | None, node: Node | None, optional: bool = False) -> str | None:
        """The text of the file ``name`` in the type's folder, or None after
        saying why not (nothing for a missing optional file)."""
        if name is None:
            return None
        path = self.folder / name
        if "/" in name or "\\" in name or name in (".", ".."):
            if node is not None:
                self.checker.at(
                    node, codes.NOTE_TYPE_FILE, f"{name!r} must be a file name in this folder"
                )
            return None
        try:
            data = read_file(path, NOTE_TYPE_FILE_BYTES, self.inside)
            text = data.decode("utf-8")
        except FileNotFoundError:
            if not optional and node is not None:
                self.checker.at(
                    node,
                    codes.NOTE_TYPE_FILE,
                    f"there is no file '{name}' in {self.folder.as_posix()}",
                )
            return None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            message = "the file is not UTF-8 text"
            self.problems.append(Problem(path, line, column, codes.NOTE_TYPE_FILE, message))
            return None
        except (UnsafeFile, OSError) as exc:
            reason = str(exc) if isinstance(exc, UnsafeFile) else f"cannot be read ({exc.strerror})"
            self.problems.append(Problem(path, 1, 1, codes.NOTE_TYPE_FILE, f"the file {reason}"))
            return None
        self.sources[path] = SourceFile(path, text)
        return text

    def _in_file(self, path: Path, text: str, offset: int, code: str, message: str) -> None:
        line, column = SourceFile(path, text).position_of(offset)
        self.problems.append(Problem(path, line, column, code, message))
