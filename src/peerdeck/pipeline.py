"""The one place that runs the stages in order: find, read, validate, package.

Nothing here prints or exits. ``check`` and ``build`` return results that the
command line turns into output and an exit status.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ParamSpec, TypeVar

from . import citations, codes, deck_names
from .cardfiles import read_card_files
from .destination import package_folder, package_path, refusal
from .errors import UnsafeFile, WriteFailed
from .limits import LOCK_FILE_BYTES
from .lint import CATALOG as LINT_RULES
from .lint import run as run_rules
from .media import MediaStore
from .model import Deck, MediaFile, Note, NoteType, TypeKey
from .outputs import remove_leftovers, replaced_together
from .package import PackageInfo, write_package
from .problems import Problem, has_errors
from .project import DECK_FILE, card_files
from .release.lockfile import LOCK_NAME, Lock, dumps, read_lock
from .release.plan import Release, plan
from .safefile import read_file
from .settings import RunSettings
from .source import SourceFile, gc_paused
from .validate import Settings, check_deck_file
from .validate.note_type_dir import FoundTypes, read_note_types, type_folders
from .validate.template_media import ship_template_media
from .yaml_tree import read_yaml

P = ParamSpec("P")
R = TypeVar("R")
LOCK_ADVICE = ": run peerdeck lock (or build) to record it, and commit the lock"


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
    # Every note read and the media they use, even when the deck has errors
    # (the preview shows what it can).
    notes: list[Note] = field(default_factory=list)
    media: tuple[MediaFile, ...] = ()
    # The note types those notes are of: the project's own, and the built-ins' versions.
    custom_types: Mapping[TypeKey, NoteType] = field(default_factory=dict)
    versions: Mapping[TypeKey, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.deck is not None and not has_errors(self.problems)

    def add(self, problems: list[Problem]) -> None:
        """Add a stage's problems, keeping them in order by place: the one
        way the checks add problems."""
        if problems:
            self.problems = sorted(self.problems + problems)

    def stop(self, problem: Problem) -> None:
        """Add why writing stopped, after every problem the checks found."""
        self.problems.append(problem)


@dataclass
class Built:
    loaded: Loaded
    package: PackageInfo | None = None
    release: Release | None = None
    lock_written: bool = False


def paused(function: Callable[P, R]) -> Callable[P, R]:
    """The one pause of the cyclic collector, around each entry point: a run
    allocates many small objects that live until it ends, and few cycles,
    so the collector's passes over them would triple the time."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return function(*args, **kwargs)

    return run


@paused
def load(root: Path, sources_dir: Path | None = None) -> Loaded:
    """Read and check every file of the project at ``root``. Quotes are
    checked against the files in ``sources_dir`` when given, else in the
    folder deck.yaml names, if any."""
    return _load(root, sources_dir)


def _load(root: Path, sources_dir: Path | None) -> Loaded:
    loaded = Loaded(root, None, [])
    media = MediaStore(root)
    settings, found = _read_deck_file(loaded, media, sources_dir)
    types = read_note_types(root, settings.id, settings.versions, LINT_RULES)
    settings.custom_types, settings.type_keys = types.types, types.keys
    loaded.sources.update(types.sources)
    found += types.problems + ship_template_media(types.sources, media)
    paths, problems = card_files(root)
    part = read_card_files(root, paths, settings, media)
    loaded.sources.update(part.sources)
    loaded.notes, loaded.media = part.notes, media.shipped
    loaded.custom_types, loaded.versions = settings.custom_types, settings.versions
    found += problems + part.problems
    found += deck_names.clashes(part.notes, loaded.sources)
    if settings.name and not has_errors(part.problems):
        found += deck_names.unknown_subdecks(settings.subdeck_keys, part.notes, settings.name)
    if not part.ids and not has_errors(found):
        message = (
            "the project has no notes: add a card file"
            " (any .yaml file beside deck.yaml) with a 'notes' list"
        )
        found.append(Problem(root / DECK_FILE, 1, 1, codes.NO_NOTES, message))
    loaded.add(found)
    name, deck_id = settings.name, settings.id
    if name and deck_id and not has_errors(loaded.problems):
        loaded.deck = _deck(root, settings, (name, deck_id), part.notes, media)
    return loaded


def _read_deck_file(
    loaded: Loaded, media: MediaStore, sources_dir: Path | None
) -> tuple[Settings, list[Problem]]:
    """The deck's settings from deck.yaml, and its problems. Card files are
    checked even when deck.yaml cannot be read, but sources cannot be
    resolved then."""
    root = loaded.root
    source, tree, problems = read_yaml(root / DECK_FILE, root.resolve())
    if source is not None:
        loaded.sources[source.path] = source
    if source is None or (problems and tree is None):
        return Settings(LINT_RULES, sources_known=False), problems
    keys = frozenset(folder.name for folder in type_folders(root))  # the project's note types
    settings, more = check_deck_file(source, tree, media, LINT_RULES, keys)
    return settings, problems + more + _load_documents(root, settings, sources_dir)


def _deck(
    root: Path, settings: Settings, named: tuple[str, str], notes: list[Note], media: MediaStore
) -> Deck:
    """The valid deck, from its settings, its (name, id) and its notes."""
    return Deck(
        id=named[1],
        name=named[0],
        root=root,
        description=settings.description,
        description_html=settings.description_html,
        description_location=settings.description_location,
        subdecks={
            f"{named[0]}::{deck_names.joined(name)}": described
            for name, described in settings.subdecks.items()
        },
        sources=settings.sources,
        notes=tuple(notes),
        media=media.shipped,
        retired=tuple(settings.retired.values()),
        versions=settings.versions,
        custom_types=settings.custom_types,
        lint=settings.lint,
        dollar_math=settings.dollar_math,
    )


def project_note_types(root: Path) -> FoundTypes:
    """The note types the project at ``root`` declares, read and checked
    without its cards (for ``schema``)."""
    return read_note_types(root, None, {}, LINT_RULES)


@paused
def check(settings: RunSettings) -> Loaded:
    """Everything ``build`` checks (the sources, then the lint rules at error
    level, or every selected rule with ``all_rules``), writing nothing. A lock
    that is merely behind the sources is information (``loaded.pending``);
    with ``locked`` it is an error, and so is a missing lock. What the lock
    refuses to protect learners is an error either way."""
    loaded = _checked(settings)
    if loaded.ok and loaded.deck is not None:
        _release(loaded, loaded.deck, now=0, locked=settings.locked)
    return loaded


def lint(settings: RunSettings) -> Loaded:
    """``check`` with every selected lint rule."""
    return check(replace(settings, all_rules=True))


def _checked(settings: RunSettings) -> Loaded:
    loaded = _load(settings.root, settings.sources_dir)
    if loaded.ok and loaded.deck is not None:
        loaded.add(run_rules(loaded.deck, loaded.sources, errors_only=not settings.all_rules))
    return loaded


def _release(loaded: Loaded, deck: Deck, now: int, locked: bool) -> Release | None:
    """Plan the release of ``deck`` against the lock, adding its problems to
    ``loaded``. ``locked``: the lock must already record this release."""
    path = loaded.root / LOCK_NAME
    lock, problems = read_lock(path)
    if not problems and lock is None and locked:
        message = f"there is no {LOCK_NAME}: run peerdeck lock and commit it"
        problems.append(Problem(path, 1, 1, codes.LOCK_BEHIND, message))
    if problems:
        loaded.add(problems)
        _show_lock_lines(loaded, path)
        return None
    release = plan(deck, lock, path, now)
    refused = {(p.path, p.line) for p in release.problems}
    stale = [p for p in release.stale if (p.path, p.line) not in refused]
    if locked:
        stale = [replace(p, message=p.message + LOCK_ADVICE) for p in stale]
        loaded.add(release.problems + stale)
    else:
        loaded.add(release.problems)
        loaded.pending, loaded.unlocked = stale, lock is None
    _show_lock_lines(loaded, path, release.recorded)
    return None if has_errors(loaded.problems) else release


def _show_lock_lines(loaded: Loaded, path: Path, text: str | None = None) -> None:
    """Keep the lock's text when a problem points into it, to show the line:
    ``text``, the lock as read, or the file read again when it could not be
    parsed."""
    if not any(p.path == path for p in loaded.problems):
        return
    if text is None:
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


@paused
def prepare(settings: RunSettings) -> Built:
    """What ``build`` would ship, writing nothing: the release is None when
    the project has errors (with ``all_rules``, every selected lint rule runs)."""
    return _prepare(settings)


def _prepare(settings: RunSettings) -> Built:
    loaded = _checked(settings)
    built = Built(loaded)
    if loaded.ok and loaded.deck is not None:
        built.release = _release(loaded, loaded.deck, settings.timestamp, settings.locked)
        loaded.pending = []  # the caller records them
    return built


@paused
def build(settings: RunSettings) -> Built:
    """Check the project and, when it is valid, write its package and record
    the release in the lock, both or neither (``into_folder``: ``output`` is
    a folder for the package). Content that changed since the lock was written
    is stamped ``timestamp``; everything else keeps its recorded time, so the
    same sources and lock give the same bytes. ``locked``: refuse instead of
    updating the lock (for CI, like ``cargo --locked``)."""
    # Together: what a killed build left in one folder says what to undo in the other.
    remove_leftovers(settings.root, package_folder(settings.output, settings.into_folder))
    built = _prepare(replace(settings, all_rules=False))
    loaded, release = built.loaded, built.release
    if release is None or loaded.deck is None:
        return built
    target = package_path(loaded.deck.id, settings.output, settings.into_folder)
    lock_path = settings.root / LOCK_NAME
    sources = [*loaded.sources, lock_path, *(media.path for media in loaded.deck.media)]
    refused = refusal(target, settings.root, sources)
    if refused is not None:
        loaded.stop(Problem(target, 1, 1, codes.OUTPUT_REFUSED, refused))
        return built
    _write(built, release, target, lock_change(lock_path, release.lock, release.recorded))
    return built


def _write(built: Built, release: Release, target: Path, lock: dict[Path, bytes]) -> None:
    """Write the package of ``release`` at ``target`` and ``lock`` with it,
    both or neither; a failure stops ``built.loaded``."""
    try:
        built.package = write_release(release, target, together=lock)
    except WriteFailed as exc:
        built.loaded.stop(_write_problem(exc, target, bool(lock)))
        return
    except OSError as exc:  # writing the collection in the scratch folder
        reason = exc.strerror or str(exc)
        message = f"cannot write the package: {reason}"
        built.loaded.stop(Problem(target, 1, 1, codes.CANNOT_WRITE, message))
        return
    built.lock_written = bool(lock)


def write_release(
    release: Release, target: Path, together: Mapping[Path, bytes] | None = None
) -> PackageInfo:
    """Write the package of a planned release (from ``prepare``) to
    ``target``, with the files of ``together``: what ``build`` ships."""
    guids = {note_id: note.guid for note_id, note in release.lock.notes.items()}
    return write_package(
        release.deck,
        target,
        release.timestamp,
        release.mods,
        guids=guids,
        fields=release.fields,
        together=together,
    )


@paused
def lock(settings: RunSettings) -> Built:
    """Check the project and record the sources in the lock, writing no
    package: what ``build`` records, for a commit without a build."""
    built = _prepare(replace(settings, locked=False, all_rules=False))
    if built.release is not None and built.loaded.deck is not None:
        built.lock_written = write_lock(built.loaded, settings.root, built.release)
    return built


def write_lock(loaded: Loaded, root: Path, release: Release) -> bool:
    """Write the lock of ``release`` when it differs from the one read;
    whether it did. A failure is a problem added to ``loaded``."""
    path = root / LOCK_NAME
    changed = lock_change(path, release.lock, release.recorded)
    if not changed:
        return False
    try:
        with replaced_together(path, {}) as stream:
            stream.write(changed[path])
    except WriteFailed as exc:
        loaded.stop(Problem(path, 1, 1, codes.CANNOT_WRITE, f"cannot write the lock: {exc.reason}"))
        return False
    return True


def lock_change(path: Path, lock: Lock, recorded: str | None) -> dict[Path, bytes]:
    """``lock`` to write at ``path`` with a package, as {path: bytes}: none
    when the lock file as read (``recorded``, None when there was none)
    already says the same."""
    text = dumps(lock)
    return {} if text == recorded else {path: text.encode("utf-8")}


def _write_problem(exc: WriteFailed, target: Path, with_lock: bool) -> Problem:
    if exc.path == target:
        kept = "; it and the lock were left as they were" if with_lock else ""
        return Problem(
            target, 1, 1, codes.CANNOT_WRITE, f"cannot write the package: {exc.reason}{kept}"
        )
    message = f"cannot write the lock: {exc.reason}; the package was left as it was too"
    return Problem(exc.path, 1, 1, codes.CANNOT_WRITE, message)
