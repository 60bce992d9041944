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

from dataclasses import dataclass, field
from pathlib import Path

from .forked import Worker, can_fork
from .limits import CARD_FILES_BYTES
from .media import MediaStore
from .model import Location, MediaFile, Note
from .problems import Problem
from .safefile import size_text
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
    every media file the notes ship. Card files larger together than the
    limit are not read at all."""
    sizes = _sizes(paths)
    if sum(sizes) > CARD_FILES_BYTES:
        message = (
            f"the card files are larger together than {size_text(CARD_FILES_BYTES)}"
            f" ({len(paths)} files, {size_text(sum(sizes))}): split the deck into several projects"
        )
        return Part(problems=[Problem(root, 1, 1, "PD052", message)])
    first, second = _split(paths, sizes)
    worker = None
    if second:
        worker = Worker.start(lambda: _read(root, second, settings, MediaStore(root)))
    try:
        part = _read(root, first, settings, media)
    except BaseException:  # interrupted, say: leave no worker behind
        if worker is not None:
            worker.stop()
        raise
    rest = worker.result() if worker is not None else None
    if not isinstance(rest, Part):  # no worker, or it failed: read its files here
        rest = _read(root, second, settings, MediaStore(root))
    _merge(part, rest, media)
    return part


def _sizes(paths: list[Path]) -> list[int]:
    sizes = []
    for path in paths:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)  # reading it will report why
    return sizes


def _split(paths: list[Path], sizes: list[int]) -> tuple[list[Path], list[Path]]:
    """Two runs of files of about equal size, or all in the first when a
    worker is not worth starting."""
    if not can_fork() or len(paths) < 2:
        return paths, []
    total = sum(sizes)
    if total < PARALLEL_BYTES:
        return paths, []
    running = 0
    for index, size in enumerate(sizes):
        running += size
        if running >= total / 2:
            return paths[: index + 1], paths[index + 1 :]
    return paths, []


def _read(root: Path, paths: list[Path], settings: Settings, media: MediaStore) -> Part:
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
    part.media = media.files
    return part


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
