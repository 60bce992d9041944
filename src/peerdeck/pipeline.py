"""The one place that runs the stages in order: find, read, validate, package.

Nothing here prints or exits. ``check`` and ``build`` return results that the
command line turns into output and an exit status.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .lint import run as run_rules
from .media import MediaStore
from .model import Deck, Location, Note
from .package import PackageInfo, write_package
from .problems import Problem, has_errors
from .source import SourceFile, gc_paused, read_yaml
from .validate import Settings, check_card_file, check_deck_file

DECK_FILE = "deck.yaml"
DEFAULT_PROJECT = Path("cards")
DEFAULT_OUTPUT_DIR = Path("build")


class ProjectNotFound(Exception):
    """The path given is not a deck project (a usage error, not bad input)."""


@dataclass
class Loaded:
    """A project read and checked: the deck when it is valid, every problem,
    and the files read (to show the lines problems point at)."""

    root: Path
    deck: Deck | None
    problems: list[Problem]
    sources: dict[Path, SourceFile] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.deck is not None and not has_errors(self.problems)


@dataclass
class Built:
    loaded: Loaded
    package: PackageInfo | None = None


def find_project(path: Path | None) -> Path:
    """The folder holding ``deck.yaml``: ``path`` itself, its ``cards``
    subfolder, or ``./cards`` when no path is given."""
    candidates = [DEFAULT_PROJECT] if path is None else [path, path / DEFAULT_PROJECT]
    for candidate in candidates:
        if (candidate / DECK_FILE).is_file():
            return candidate
    where = path if path is not None else Path.cwd() / DEFAULT_PROJECT
    raise ProjectNotFound(
        f"no deck project at {where}: expected a folder with {DECK_FILE}"
        " (run peerdeck in a folder that has cards/deck.yaml, or name the project folder)"
    )


def card_files(root: Path) -> list[Path]:
    """Every card file below ``root`` in a fixed order (sorted by path),
    whatever order the file system lists them in. Hidden folders and files
    are skipped; symbolic links to folders are not followed."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in files:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(Path(folder) / name)
    deck_file = root / DECK_FILE
    return sorted((p for p in found if p != deck_file), key=lambda p: p.relative_to(root).parts)


def load(root: Path) -> Loaded:
    """Read and check every file of the project at ``root``."""
    with gc_paused():
        return _load(root)


def _load(root: Path) -> Loaded:
    loaded = Loaded(root, None, [])
    media = MediaStore(root)
    source, tree, problems = read_yaml(root / DECK_FILE)
    loaded.problems += problems
    if source is not None:
        loaded.sources[source.path] = source
    if source is None or (problems and tree is None):
        # Card files are still checked, but sources cannot be resolved.
        settings = Settings(sources_known=False)
    else:
        settings, problems = check_deck_file(source, tree, media)
        loaded.problems += problems
    ids: dict[str, Location] = {}
    notes: list[Note] = []
    for path in card_files(root):
        if not path.resolve().is_relative_to(root.resolve()):
            loaded.problems.append(
                Problem(path, 1, 1, "PD001", "card file is a link to outside the project")
            )
            continue
        source, tree, problems = read_yaml(path)
        loaded.problems += problems
        if source is not None:
            loaded.sources[path] = source
        if source is None or (problems and tree is None):
            continue
        file_notes, problems = check_card_file(source, tree, settings, media, ids)
        notes += file_notes
        loaded.problems += problems
    if not ids and not has_errors(loaded.problems):
        loaded.problems.append(
            Problem(
                root / DECK_FILE,
                1,
                1,
                "PD015",
                "the project has no notes: add a card file"
                " (any .yaml file beside deck.yaml) with a 'notes' list",
            )
        )
    loaded.problems.sort()
    if settings.name and settings.id and not has_errors(loaded.problems):
        loaded.deck = Deck(
            id=settings.id,
            name=settings.name,
            root=root,
            description=settings.description,
            description_html=settings.description_html,
            sources=settings.sources,
            notes=tuple(notes),
            media=media.shipped,
            lint=settings.lint,
        )
    return loaded


def check(root: Path) -> Loaded:
    """Everything ``build`` checks, writing nothing: the sources, then the
    lint rules at error level."""
    return lint(root, errors_only=True)


def lint(root: Path, errors_only: bool = False) -> Loaded:
    """The checks, then, on a valid deck, every selected lint rule (only
    those at error level when ``errors_only``)."""
    loaded = load(root)
    if loaded.ok and loaded.deck is not None:
        loaded.problems = sorted(
            loaded.problems + run_rules(loaded.deck, loaded.sources, errors_only)
        )
    return loaded


def default_output(deck: Deck) -> Path:
    return DEFAULT_OUTPUT_DIR / f"{deck.id}.apkg"


def build(root: Path, output: Path | None, timestamp: int) -> Built:
    """Check the project and, when it is valid, write its package."""
    loaded = check(root)
    built = Built(loaded)
    if not loaded.ok or loaded.deck is None:
        return built
    target = output if output is not None else default_output(loaded.deck)
    if target.is_dir():
        target = target / default_output(loaded.deck).name
    try:
        built.package = write_package(loaded.deck, target, timestamp)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        loaded.problems.append(
            Problem(target, 1, 1, "PD018", f"cannot write the package: {reason}")
        )
    return built


def build_timestamp(root: Path, environ: Mapping[str, str]) -> int:
    """The time stamped on the notes, which must grow when content changes
    (Anki ignores an incoming note whose modification time is not newer):
    ``SOURCE_DATE_EPOCH`` when set, else the last commit touching the project
    if the working tree has no changes there, else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return int(epoch)  # the CLI checks it is a whole number
    committed = _git_commit_time(root)
    return committed if committed is not None else int(time.time())


def _git_commit_time(root: Path) -> int | None:
    def git(*args: str) -> str | None:
        try:
            result = subprocess.run(
                ["git", *args, "--", "."], cwd=root, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return result.stdout.strip() if result.returncode == 0 else None

    changes = git("status", "--porcelain")
    if changes is None or changes:
        return None
    stamp = git("log", "-1", "--format=%ct")
    return int(stamp) if stamp and stamp.isdigit() else None
