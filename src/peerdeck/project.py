"""The project on disk: finding it (walking up from the working folder, as
git finds its repository) and listing its card files in a fixed order."""

from __future__ import annotations

import os
from pathlib import Path

from . import codes
from .errors import ProjectNotFound
from .note_type_schema import NOTE_TYPES_DIR
from .problems import Problem

DECK_FILE = "deck.yaml"
DEFAULT_PROJECT = Path("cards")


def find_project(path: Path | None) -> Path:
    """The folder holding ``deck.yaml``: ``path`` itself or its ``cards``
    subfolder; with no path, the nearest such folder from the working
    directory upwards, as git finds its repository. A ``deck.yaml`` that is
    not a regular file (a folder, a FIFO) still marks the project: reading
    it reports what it is."""
    if path is not None:
        tried = [path]
    else:
        here = Path.cwd()
        tried = [here, *here.parents]
    for folder in tried:
        for candidate in (folder, folder / DEFAULT_PROJECT):
            if os.path.lexists(candidate / DECK_FILE):
                return candidate if path is not None else _relative(candidate)
    if path is not None:
        raise ProjectNotFound(
            f"no deck project at {path}: expected {DECK_FILE} or"
            f" {DEFAULT_PROJECT / DECK_FILE} in it"
        )
    raise ProjectNotFound(
        f"no deck project found: looked for {DECK_FILE} and {DEFAULT_PROJECT / DECK_FILE}"
        f" in {', '.join(str(folder) for folder in tried)}"
        " (run peerdeck inside a deck project, name its folder, or create one with peerdeck init)"
    )


def _relative(folder: Path) -> Path:
    """``folder`` relative to the working directory when it lies below it,
    so that messages name files as the author typed them."""
    cwd = Path.cwd()
    return folder.relative_to(cwd) if folder.is_relative_to(cwd) else folder


def card_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """Every card file below ``root`` in a fixed order (sorted by path),
    whatever order the file system lists them in, and the folders that
    could hold card files but are not read: unreadable ones, and links to
    folders (never followed: they may lead out of the project, or in a
    loop) that hold card files. Hidden folders and files are skipped."""
    found = []
    problems: list[Problem] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else root
        message = f"folder cannot be read ({error.strerror}): its card files are not in the deck"
        problems.append(Problem(where, 1, 1, codes.FOLDER_NOT_READ, message))

    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        if folder == str(root) and NOTE_TYPES_DIR in subfolders:  # note types, not cards
            subfolders.remove(NOTE_TYPES_DIR)
        for name in subfolders:
            linked = Path(folder) / name
            if linked.is_symlink() and _holds_card_files(linked):
                message = (
                    "folder is a symbolic link, which peerdeck does not follow: its card"
                    " files are not in the deck (move them into the project)"
                )
                problems.append(Problem(linked, 1, 1, codes.FOLDER_NOT_READ, message))
        for name in files:
            if _is_card_file(name):
                found.append(Path(folder) / name)
    deck_file = root / DECK_FILE
    paths = sorted((p for p in found if p != deck_file), key=lambda p: p.relative_to(root).parts)
    return paths, problems


def _is_card_file(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and not name.startswith(".")


def _holds_card_files(folder: Path, most: int = 10_000) -> bool:
    """Whether ``folder`` (a link) holds a card file, looking at no more
    than ``most`` entries; links inside it are not followed."""
    seen = 0
    for _, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        if any(_is_card_file(name) for name in files):
            return True
        seen += len(files) + len(subfolders)
        if seen > most:
            return False
    return False
