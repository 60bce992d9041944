"""The one place that runs the stages in order: find, read, validate, package.

Nothing here prints or exits. ``check`` and ``build`` return results that the
command line turns into output and an exit status.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import citations, deck_names
from .cardfiles import read_card_files
from .lint import run as run_rules
from .lock import LOCK_NAME, Release, dumps, plan, read_lock
from .media import MediaStore
from .model import Deck
from .package import PackageInfo, atomic, write_package
from .problems import Problem, has_errors
from .source import SourceFile, gc_paused, read_yaml
from .validate import Settings, check_deck_file

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
    release: Release | None = None
    lock_written: bool = False


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


@gc_paused()
def load(root: Path, sources_dir: Path | None = None) -> Loaded:
    """Read and check every file of the project at ``root``. Quotes are
    checked against the files in ``sources_dir`` when given, else in the
    folder deck.yaml names, if any."""
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
        loaded.problems += _load_documents(root, settings, sources_dir)
    part = read_card_files(root, card_files(root), settings, media)
    loaded.sources.update(part.sources)
    loaded.problems += part.problems
    loaded.problems += deck_names.clashes(part.notes, loaded.sources)
    if not part.ids and not has_errors(loaded.problems):
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
            description_location=settings.description_location,
            sources=settings.sources,
            notes=tuple(part.notes),
            media=media.shipped,
            retired=tuple(settings.retired.values()),
            versions=settings.versions,
            lint=settings.lint,
        )
    return loaded


@gc_paused()
def check(root: Path, sources_dir: Path | None = None, all_rules: bool = False) -> Loaded:
    """Everything ``build`` checks (the sources, then the lint rules at error
    level, or every selected rule with ``all_rules``), and that the lock
    records this release, writing nothing. A project without a lock has
    released nothing yet."""
    loaded = _checked(root, sources_dir, all_rules)
    if loaded.ok and loaded.deck is not None:
        _release(loaded, now=0, locked=(root / LOCK_NAME).exists())
    return loaded


def lint(root: Path, sources_dir: Path | None = None) -> Loaded:
    """``check`` with every selected lint rule."""
    return check(root, sources_dir, all_rules=True)


def _checked(root: Path, sources_dir: Path | None, all_rules: bool = False) -> Loaded:
    loaded = load(root, sources_dir)
    if loaded.ok and loaded.deck is not None:
        found = run_rules(loaded.deck, loaded.sources, errors_only=not all_rules)
        loaded.problems = sorted(loaded.problems + found)
    return loaded


def _release(loaded: Loaded, now: int, locked: bool) -> Release | None:
    """Plan the release against the lock, adding its problems to ``loaded``.
    ``locked``: the lock must already record this release."""
    assert loaded.deck is not None
    path = loaded.root / LOCK_NAME
    lock, problems = read_lock(path)
    if not problems and lock is None and locked:
        problems.append(
            Problem(
                path, 1, 1, "PD020", f"there is no {LOCK_NAME}: run peerdeck build and commit it"
            )
        )
    if problems:
        loaded.problems = sorted(loaded.problems + problems)
        _show_lock_lines(loaded, path)
        return None
    release = plan(loaded.deck, lock, path, now)
    refused = {(p.path, p.line) for p in release.problems}
    stale = [p for p in release.stale if locked and (p.path, p.line) not in refused]
    loaded.problems = sorted(loaded.problems + release.problems + stale)
    _show_lock_lines(loaded, path)
    return None if has_errors(loaded.problems) else release


def _show_lock_lines(loaded: Loaded, path: Path) -> None:
    """Keep the lock's text when a problem points into it, to show the line."""
    if any(p.path == path for p in loaded.problems):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        loaded.sources[path] = SourceFile(path, text)


def _load_documents(root: Path, settings: Settings, sources_dir: Path | None) -> list[Problem]:
    """Fill ``settings.documents`` from the sources folder, if there is one."""
    if sources_dir is None and settings.sources_dir is not None:
        sources_dir = root / settings.sources_dir
        key = settings.sources_dir_key
    elif sources_dir is not None:
        key = None  # given on the command line: no place in deck.yaml
    else:
        return []
    settings.documents, problems = citations.load_documents(
        settings.sources, sources_dir, root / DECK_FILE, key, settings.file_keys
    )
    return problems


def default_output(deck: Deck) -> Path:
    return DEFAULT_OUTPUT_DIR / f"{deck.id}.apkg"


@gc_paused()
def prepare(
    root: Path, timestamp: int, locked: bool = False, sources_dir: Path | None = None
) -> Built:
    """What ``build`` would ship, writing nothing: the release is None when
    the project has problems."""
    loaded = _checked(root, sources_dir)
    built = Built(loaded)
    if loaded.ok and loaded.deck is not None:
        built.release = _release(loaded, timestamp, locked)
    return built


@gc_paused()
def build(
    root: Path,
    output: Path | None,
    timestamp: int,
    locked: bool = False,
    sources_dir: Path | None = None,
) -> Built:
    """Check the project and, when it is valid, write its package and record
    the release in the lock. Content that changed since the lock was written
    is stamped ``timestamp``; everything else keeps its recorded time, so the
    same sources and lock give the same bytes. ``locked``: refuse instead of
    updating the lock (for CI, like ``cargo --locked``)."""
    built = prepare(root, timestamp, locked, sources_dir)
    loaded, release = built.loaded, built.release
    if release is None or loaded.deck is None:
        return built
    target = output if output is not None else default_output(loaded.deck)
    if target.is_dir():
        target = target / default_output(loaded.deck).name
    try:
        guids = {note_id: note.guid for note_id, note in release.lock.notes.items()}
        built.package = write_package(
            release.deck,
            target,
            release.timestamp,
            release.mods,
            guids=guids,
            fields=release.fields,
        )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        loaded.problems.append(
            Problem(target, 1, 1, "PD018", f"cannot write the package: {reason}")
        )
        return built
    path = root / LOCK_NAME
    text = dumps(release.lock)
    try:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            with atomic(path) as stream:
                stream.write(text.encode("utf-8"))
            built.lock_written = True
    except OSError as exc:
        reason = exc.strerror or str(exc)
        loaded.problems.append(Problem(path, 1, 1, "PD018", f"cannot write the lock: {reason}"))
    return built


def build_timestamp(environ: Mapping[str, str]) -> int:
    """The time stamped on notes whose content changed in this build (Anki
    ignores an incoming note whose modification time is not newer):
    ``SOURCE_DATE_EPOCH`` when set, else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return int(epoch)  # the CLI checks it is a whole number
    return int(time.time())
