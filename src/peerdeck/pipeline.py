"""The one place that runs the stages in order: find, read, validate, package.

Nothing here prints or exits. ``check`` and ``build`` return results that the
command line turns into output and an exit status.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import citations, deck_names
from .cardfiles import read_card_files
from .destination import package_folder, package_path, refusal
from .limits import LOCK_FILE_BYTES
from .lint import CATALOG as LINT_RULES
from .lint import run as run_rules
from .lock import Release, plan
from .lockfile import LOCK_NAME, Lock, dumps, read_lock
from .media import MediaStore
from .model import Deck
from .outputs import WriteFailed, remove_leftovers, replaced_together
from .package import PackageInfo, write_package
from .problems import Problem, has_errors
from .safefile import UnsafeFile, read_file
from .schema import NOTE_TYPES_DIR
from .source import SourceFile, gc_paused, read_yaml
from .validate import Settings, check_deck_file
from .validate.note_type_dir import FoundTypes, read_note_types, type_folders

DECK_FILE = "deck.yaml"
DEFAULT_PROJECT = Path("cards")
LOCK_ADVICE = ": run peerdeck lock (or build) to record it, and commit the lock"


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
    # How the lock is behind the sources, when that is information rather
    # than an error: what the next ``lock`` or ``build`` records.
    pending: list[Problem] = field(default_factory=list)
    unlocked: bool = False  # there is no lock yet: nothing was released

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
        problems.append(Problem(where, 1, 1, "PD050", message))

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
                problems.append(Problem(linked, 1, 1, "PD050", message))
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


@gc_paused()
def load(root: Path, sources_dir: Path | None = None) -> Loaded:
    """Read and check every file of the project at ``root``. Quotes are
    checked against the files in ``sources_dir`` when given, else in the
    folder deck.yaml names, if any."""
    loaded = Loaded(root, None, [])
    media = MediaStore(root)
    inside = root.resolve()
    source, tree, problems = read_yaml(root / DECK_FILE, inside)
    loaded.problems += problems
    keys = frozenset(folder.name for folder in type_folders(root))  # the project's note types
    if source is not None:
        loaded.sources[source.path] = source
    if source is None or (problems and tree is None):
        # Card files are still checked, but sources cannot be resolved.
        settings = Settings(LINT_RULES, sources_known=False)
    else:
        settings, problems = check_deck_file(source, tree, media, LINT_RULES, keys)
        loaded.problems += problems
        loaded.problems += _load_documents(root, settings, sources_dir)
    found = read_note_types(root, settings.id, settings.versions, LINT_RULES)
    settings.custom_types = found.types
    settings.type_keys = keys
    loaded.sources.update(found.sources)
    loaded.problems += found.problems
    paths, problems = card_files(root)
    part = read_card_files(root, paths, settings, media)
    loaded.sources.update(part.sources)
    loaded.problems += problems + part.problems
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
            custom_types=settings.custom_types,
            lint=settings.lint,
            dollar_math=settings.dollar_math,
        )
    return loaded


def project_note_types(root: Path) -> FoundTypes:
    """The note types the project at ``root`` declares, read and checked
    without its cards (for ``schema``)."""
    return read_note_types(root, None, {}, LINT_RULES)


@gc_paused()
def check(
    root: Path, sources_dir: Path | None = None, all_rules: bool = False, locked: bool = False
) -> Loaded:
    """Everything ``build`` checks (the sources, then the lint rules at error
    level, or every selected rule with ``all_rules``), writing nothing. A lock
    that is merely behind the sources is information (``loaded.pending``);
    with ``locked`` it is an error, and so is a missing lock. What the lock
    refuses to protect learners is an error either way."""
    loaded = _checked(root, sources_dir, all_rules)
    if loaded.ok and loaded.deck is not None:
        _release(loaded, now=0, locked=locked)
    return loaded


def lint(root: Path, sources_dir: Path | None = None, locked: bool = False) -> Loaded:
    """``check`` with every selected lint rule."""
    return check(root, sources_dir, all_rules=True, locked=locked)


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
                path, 1, 1, "PD020", f"there is no {LOCK_NAME}: run peerdeck lock and commit it"
            )
        )
    if problems:
        loaded.problems = sorted(loaded.problems + problems)
        _show_lock_lines(loaded, path)
        return None
    release = plan(loaded.deck, lock, path, now)
    refused = {(p.path, p.line) for p in release.problems}
    stale = [p for p in release.stale if (p.path, p.line) not in refused]
    if locked:
        stale = [replace(p, message=p.message + LOCK_ADVICE) for p in stale]
        loaded.problems = sorted(loaded.problems + release.problems + stale)
    else:
        loaded.problems = sorted(loaded.problems + release.problems)
        loaded.pending, loaded.unlocked = stale, lock is None
    _show_lock_lines(loaded, path)
    return None if has_errors(loaded.problems) else release


def _show_lock_lines(loaded: Loaded, path: Path) -> None:
    """Keep the lock's text when a problem points into it, to show the line."""
    if any(p.path == path for p in loaded.problems):
        try:
            text = read_file(path, LOCK_FILE_BYTES, path.parent.resolve()).decode("utf-8")
        except (OSError, UnicodeDecodeError, UnsafeFile):
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


@gc_paused()
def prepare(
    root: Path,
    timestamp: int,
    locked: bool = False,
    sources_dir: Path | None = None,
    all_rules: bool = False,
) -> Built:
    """What ``build`` would ship, writing nothing: the release is None when
    the project has errors (with ``all_rules``, every selected lint rule runs)."""
    loaded = _checked(root, sources_dir, all_rules)
    built = Built(loaded)
    if loaded.ok and loaded.deck is not None:
        built.release = _release(loaded, timestamp, locked)
        loaded.pending = []  # the caller records them
    return built


@gc_paused()
def build(
    root: Path,
    output: Path | None,
    timestamp: int,
    locked: bool = False,
    sources_dir: Path | None = None,
    into_folder: bool = False,
) -> Built:
    """Check the project and, when it is valid, write its package and record
    the release in the lock, both or neither (``into_folder``: ``output`` is
    a folder for the package). Content that changed since the lock was written
    is stamped ``timestamp``; everything else keeps its recorded time, so the
    same sources and lock give the same bytes. ``locked``: refuse instead of
    updating the lock (for CI, like ``cargo --locked``)."""
    # Together: what a killed build left in one folder says what to undo in the other.
    remove_leftovers(root, package_folder(output, into_folder))
    built = prepare(root, timestamp, locked, sources_dir)
    loaded, release = built.loaded, built.release
    if release is None or loaded.deck is None:
        return built
    target = package_path(loaded.deck.id, output, into_folder)
    lock_path = root / LOCK_NAME
    sources = [*loaded.sources, lock_path, *(media.path for media in loaded.deck.media)]
    refused = refusal(target, root, sources)
    if refused is not None:
        loaded.problems.append(Problem(target, 1, 1, "PD051", refused))
        return built
    lock = lock_change(lock_path, dumps(release.lock))
    try:
        guids = {note_id: note.guid for note_id, note in release.lock.notes.items()}
        built.package = write_package(
            release.deck,
            target,
            release.timestamp,
            release.mods,
            guids=guids,
            fields=release.fields,
            together=lock,
        )
    except WriteFailed as exc:
        loaded.problems.append(_write_problem(exc, target, bool(lock)))
        return built
    except OSError as exc:  # writing the collection in the scratch folder
        reason = exc.strerror or str(exc)
        message = f"cannot write the package: {reason}"
        loaded.problems.append(Problem(target, 1, 1, "PD018", message))
        return built
    built.lock_written = bool(lock)
    return built


@gc_paused()
def lock(root: Path, timestamp: int, sources_dir: Path | None = None) -> Built:
    """Check the project and record the sources in the lock, writing no
    package: what ``build`` records, for a commit without a build."""
    built = prepare(root, timestamp, False, sources_dir)
    if built.release is not None and built.loaded.deck is not None:
        built.lock_written = write_lock(built.loaded, root, built.release.lock)
    return built


def write_lock(loaded: Loaded, root: Path, lock: Lock) -> bool:
    """Write ``lock`` when it differs from the one on disk; whether it did.
    A failure is a problem added to ``loaded``."""
    path = root / LOCK_NAME
    changed = lock_change(path, dumps(lock))
    if not changed:
        return False
    try:
        with replaced_together(path, {}) as stream:
            stream.write(changed[path])
    except WriteFailed as exc:
        loaded.problems.append(Problem(path, 1, 1, "PD018", f"cannot write the lock: {exc.reason}"))
        return False
    return True


def lock_change(path: Path, text: str) -> dict[Path, bytes]:
    """The lock to write with a package, as {path: bytes}: none when it
    already says ``text``."""
    data = text.encode("utf-8")
    try:
        if read_file(path, LOCK_FILE_BYTES, path.parent.resolve()) == data:
            return {}
    except (OSError, UnsafeFile):
        pass  # missing: written now; unreadable: read_lock has said why
    return {path: data}


def _write_problem(exc: WriteFailed, target: Path, with_lock: bool) -> Problem:
    if exc.path == target:
        kept = "; it and the lock were left as they were" if with_lock else ""
        return Problem(target, 1, 1, "PD018", f"cannot write the package: {exc.reason}{kept}")
    message = f"cannot write the lock: {exc.reason}; the package was left as it was too"
    return Problem(exc.path, 1, 1, "PD018", message)


def build_timestamp(environ: Mapping[str, str]) -> int:
    """The time stamped on notes whose content changed in this build (Anki
    ignores an incoming note whose modification time is not newer):
    ``SOURCE_DATE_EPOCH`` when set, else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return int(epoch)  # the CLI checks it is a whole number
    return int(time.time())
