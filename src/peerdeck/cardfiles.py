"""Read and check the card files of a project, on every core of the machine.

Each card file is read and checked on its own; only note ids are shared
across files (a duplicate is reported where it is used again, naming where
it was first used). So a large project is split in two runs of consecutive
files: a forked worker reads the second while this process reads the first,
and the worker's results are then merged as if the files had been read in
order, one after the other: the same notes, the same problems, the same
messages. Small projects, one-core machines, systems without ``fork`` and
processes running other threads read every file here; so does this
process when a worker fails for any reason.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .media import MediaStore
from .model import Location, MediaFile, Note
from .problems import Problem
from .source import SourceFile, read_yaml
from .validate import Settings, check_card_file, duplicate_id_problem

# Below this many bytes of card files, starting a worker costs more than it saves.
PARALLEL_BYTES = 500_000


@dataclass
class Part:
    """What reading a run of consecutive card files found."""

    sources: dict[Path, SourceFile] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, Location] = field(default_factory=dict)  # each id's first use
    media: dict[Path, MediaFile] = field(default_factory=dict)


def read_card_files(root: Path, paths: list[Path], settings: Settings, media: MediaStore) -> Part:
    """Every file of ``paths``, in order, as one ``Part``; ``media`` learns
    every media file the notes ship."""
    first, second = _split(paths)
    worker = _start(root, second, settings) if second else None
    try:
        part = _read(root, first, settings, media)
    except BaseException:  # interrupted, say: leave no worker behind
        if worker is not None:
            _stop(worker)
        raise
    rest = _finish(worker) if worker is not None else None
    if rest is None:  # no worker, or it failed: read its files here
        rest = _read(root, second, settings, MediaStore(root))
    _merge(part, rest, media)
    return part


def _split(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Two runs of files of about equal size, or all in the first when a
    worker is not worth starting."""
    if not _can_fork() or len(paths) < 2:
        return paths, []
    sizes = []
    for path in paths:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)  # reading it will report why
    total = sum(sizes)
    if total < PARALLEL_BYTES:
        return paths, []
    running = 0
    for index, size in enumerate(sizes):
        running += size
        if running >= total / 2:
            return paths[: index + 1], paths[index + 1 :]
    return paths, []


def _can_fork() -> bool:
    """A second core, and fork without risk: a forked copy of a process with
    other threads may wait forever on a lock one of them held."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _read(root: Path, paths: list[Path], settings: Settings, media: MediaStore) -> Part:
    part = Part()
    inside = root.resolve()
    for path in paths:
        if not path.resolve().is_relative_to(inside):
            part.problems.append(
                Problem(path, 1, 1, "PD001", "card file is a link to outside the project")
            )
            continue
        source, tree, problems = read_yaml(path)
        part.problems += problems
        if source is not None:
            part.sources[path] = source
        if source is None or (problems and tree is None):
            continue
        notes, problems = check_card_file(source, tree, settings, media, part.ids)
        part.notes += notes
        part.problems += problems
    part.media = media.files
    return part


@dataclass
class _Worker:
    pid: int
    stream: int  # the read end of the pipe the worker writes its Part to


def _start(root: Path, paths: list[Path], settings: Settings) -> _Worker | None:
    """Fork a worker that reads ``paths`` and writes back the pickled Part;
    None when no worker can be started."""
    try:
        readable, writable = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(readable)
        os.close(writable)
        return None
    if pid == 0:  # the worker: never returns into the caller's code
        status = 1
        try:
            os.close(readable)
            part = _read(root, paths, settings, MediaStore(root))
            with os.fdopen(writable, "wb") as stream:
                pickle.dump(part, stream, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writable)
    return _Worker(pid, readable)


def _finish(worker: _Worker) -> Part | None:
    """The worker's Part, or None if it did not deliver one whole."""
    part = None
    with contextlib.suppress(Exception), os.fdopen(worker.stream, "rb") as stream:
        part = pickle.load(stream)  # read as it is written: no copy of it all
    try:
        _, status = os.waitpid(worker.pid, 0)
    except ChildProcessError:
        status = 1
    return part if status == 0 and isinstance(part, Part) else None


def _stop(worker: _Worker) -> None:
    os.close(worker.stream)
    with contextlib.suppress(OSError):
        os.kill(worker.pid, signal.SIGKILL)
        os.waitpid(worker.pid, 0)


def _merge(part: Part, rest: Part, media: MediaStore) -> None:
    """Add ``rest``, read after ``part``: an id ``part`` already used is a
    duplicate where ``rest`` used it first, and that note is dropped."""
    taken = set()
    for note_id, where in rest.ids.items():
        first = part.ids.get(note_id)
        if first is None:
            part.ids[note_id] = where
        else:
            part.problems.append(duplicate_id_problem(where, note_id, first))
            taken.add(note_id)
    part.sources.update(rest.sources)
    part.notes += (note for note in rest.notes if note.id not in taken)
    part.problems += rest.problems
    for path, shipped in rest.media.items():
        media.files.setdefault(path, shipped)
