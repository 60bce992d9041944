"""Read and check the card files of a project, in order.

Each card file is read and checked on its own; only note ids are shared
across files (a duplicate is reported where it is used again, naming where
it was first used).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import codes
from .limits import CARD_FILES_BYTES
from .media import MediaStore
from .model import Location, Note
from .problems import Problem
from .safefile import size_text
from .source import SourceFile
from .validate import Settings, check_card_file
from .yaml_tree import read_yaml


@dataclass
class Part:
    """What reading the card files found."""

    sources: dict[Path, SourceFile] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, Location] = field(default_factory=dict)  # each id's first use


def read_card_files(root: Path, paths: list[Path], settings: Settings, media: MediaStore) -> Part:
    """Every file of ``paths``, in order, as one ``Part``; ``media`` learns
    every media file the notes ship. Card files larger together than the
    limit are not read at all."""
    total = sum(_size(path) for path in paths)
    if total > CARD_FILES_BYTES:
        message = (
            f"the card files are larger together than {size_text(CARD_FILES_BYTES)}"
            f" ({len(paths)} files, {size_text(total)}): split the deck into several projects"
        )
        return Part(problems=[Problem(root, 1, 1, codes.CARD_FILES_TOO_LARGE, message)])
    part = Part()
    inside = root.resolve()
    for path in paths:
        source, tree, problems = read_yaml(path, inside)
        part.problems += problems
        if source is not None:
            part.sources[path] = source
        if source is None or (problems and tree is None):
            continue
        notes, problems = check_card_file(source, tree, settings, media, part.ids)
        part.notes += notes
        part.problems += problems
    return part


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will report why
