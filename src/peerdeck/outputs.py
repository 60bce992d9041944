"""Files peerdeck writes: replaced together or not at all, and never left
behind.

A release is a pair, the package and the lock: a learner's package and the
author's record of it must agree. Every file of a group is written in full
to a temporary beside it and synced first; only then are they renamed into
place, one after the other, with SIGTERM, SIGINT and SIGHUP held back so
that no signal falls between two renames. A rename that fails puts back
what the earlier ones replaced, from a hard link kept to each old file.

Every temporary is named for the process writing it (its host and id), so
that the next build in the same folder removes what a process killed
outright (SIGKILL, a power cut) left, and finishes or undoes its renames: a
temporary that was never renamed means the group was not complete, and the
old files come back.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from .errors import WriteFailed

_HELD = {signal.SIGTERM, signal.SIGINT} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())
_HOST = (
    re.sub(r"[^A-Za-z0-9]", "", os.uname().nodename if hasattr(os, "uname") else "")[:32] or "host"
)
# ``.NAME.peerdeck-HOST-PID-TOKEN.KIND`` beside a file; KIND: ``tmp`` a file
# being written, ``old`` a link to the file it replaces, ``none`` a mark
# that there was no file to replace.
_LEFTOVER = re.compile(
    r"^\.(?P<name>.+)\.peerdeck-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-\w+\.(?P<kind>tmp|old|none)$"
)
# Scratch folders in the system's temporary folder: ``peerdeck-HOST-PID-...``.
_SCRATCH = re.compile(r"^peerdeck-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-")


@contextlib.contextmanager
def replaced_together(target: Path, others: Mapping[Path, bytes]) -> Iterator[IO[bytes]]:
    """A stream to write ``target``; when the block completes, ``target``
    and each file of ``others`` (with its bytes) are replaced, all of them
    or none. Raises ``WriteFailed`` naming the file that could not be
    written."""
    written: list[tuple[Path, Path]] = []  # (temporary, destination), in order
    try:
        with _temporary(target, written) as stream:
            yield stream
        for path, data in others.items():
            with _temporary(path, written) as stream:
                stream.write(data)
        _commit(written)
    finally:
        for temporary, _ in written:
            with contextlib.suppress(OSError):
                temporary.unlink()


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A private folder in the system's temporary folder, removed after the
    block, however it ends; those of processes that no longer run go first."""
    remove_leftovers(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix=f"peerdeck-{_HOST}-{os.getpid()}-") as work:
        yield Path(work)


def remove_leftovers(*folders: Path) -> None:
    """Remove what processes of this host that no longer run left in
    ``folders``: temporaries and scratch folders; a group of renames they
    did not finish is undone."""
    found: dict[int, list[tuple[Path, str, str]]] = {}
    for folder in folders:
        try:
            names = [entry.name for entry in folder.iterdir()]
        except OSError:
            continue
        for name in names:
            match = _LEFTOVER.match(name) or _SCRATCH.match(name)
            if match is None or match["host"] != _HOST:
                continue
            kind = match.groupdict().get("kind") or "scratch"
            original = match.groupdict().get("name") or ""
            found.setdefault(int(match["pid"]), []).append((folder / name, kind, original))
    for pid, leftovers in found.items():
        if not _running(pid):
            _undo(leftovers)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def _undo(leftovers: list[tuple[Path, str, str]]) -> None:
    """Put back what a dead process's unfinished renames replaced, then
    remove everything it left."""
    unfinished = any(kind == "tmp" for _, kind, _ in leftovers)
    with contextlib.suppress(OSError):
        for path, kind, original in leftovers:
            destination = path.parent / original
            if unfinished and kind == "old":
                path.replace(destination)
            elif unfinished and kind == "none":
                with contextlib.suppress(FileNotFoundError):
                    destination.unlink()
    for path, kind, _ in leftovers:
        with contextlib.suppress(OSError):
            if kind == "scratch":
                shutil.rmtree(path)
            else:
                path.unlink()


def _token() -> str:
    return os.urandom(4).hex()


def _name(destination: Path, token: str, kind: str) -> Path:
    return destination.with_name(
        f".{destination.name}.peerdeck-{_HOST}-{os.getpid()}-{token}.{kind}"
    )


@contextlib.contextmanager
def _temporary(destination: Path, written: list[tuple[Path, Path]]) -> Iterator[IO[bytes]]:
    """A new temporary beside ``destination``, synced after the block."""
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = _name(destination, _token(), "tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise WriteFailed(destination, exc.strerror or str(exc)) from None
    written.append((temporary, destination))
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)  # as a new file, whatever the umask
    except WriteFailed:
        raise
    except OSError as exc:
        raise WriteFailed(destination, exc.strerror or str(exc)) from None


def _commit(written: list[tuple[Path, Path]]) -> None:
    """Rename every temporary over its destination, with the signals that
    would interrupt a build held back; undo them all if one fails."""
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    backups: list[tuple[Path, Path]] = []  # (backup, destination)
    try:
        token = _token()
        for _, destination in written[:-1]:  # the last rename needs no undoing
            backups.append((_backup(destination, token), destination))
        done = 0
        try:
            for temporary, destination in written:
                temporary.replace(destination)
                done += 1
        except OSError as exc:
            _restore(backups[:done])
            raise WriteFailed(written[done][1], exc.strerror or str(exc)) from None
    finally:
        for backup, _ in backups:
            with contextlib.suppress(OSError):
                backup.unlink()
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _backup(destination: Path, token: str) -> Path:
    """A hard link to ``destination`` (a copy where links are refused), or a
    mark that it does not exist."""
    old = _name(destination, token, "old")
    try:
        try:
            os.link(destination, old, follow_symlinks=False)
        except FileNotFoundError:
            none = _name(destination, token, "none")
            none.touch()
            return none
        except OSError:
            shutil.copy2(destination, old, follow_symlinks=False)
    except OSError as exc:
        raise WriteFailed(destination, exc.strerror or str(exc)) from None
    return old


def _restore(backups: list[tuple[Path, Path]]) -> None:
    for backup, destination in backups:
        with contextlib.suppress(OSError):
            if backup.suffix == ".none":
                destination.unlink()
            else:
                backup.replace(destination)


# A folder written whole (the preview site, an imported project):
# ``.NAME.peerdeck-folder-HOST-PID-TOKEN.KIND`` beside it; KIND ``new`` the
# folder being written, ``old`` the one it replaces.
_FOLDER_LEFTOVER = re.compile(
    r"^\.(?P<name>.+)\.peerdeck-folder-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-\w+\.(?P<kind>new|old)$"
)


@contextlib.contextmanager
def replaced_folder(target: Path) -> Iterator[Path]:
    """A new empty folder to fill; when the block completes, it replaces
    ``target`` (a folder, or nothing) in two renames with signals held back,
    and the old folder is removed. However the block ends, no partial folder
    is left and ``target`` is as it was. Raises ``WriteFailed``."""
    new = _new_folder_beside(target)
    old = new.with_suffix(".old")
    try:
        yield new
        _swap_folders(new, target, old)
    finally:
        for leftover in (new, old):
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def created_folder(target: Path) -> Iterator[Path]:
    """A new empty folder to fill; when the block completes, it becomes
    ``target`` in one rename, which only succeeds where ``target`` does not
    exist or is an empty folder: what holds anything is never replaced.
    However the block ends, no partial folder is left. Raises ``WriteFailed``."""
    new = _new_folder_beside(target)
    try:
        yield new
        try:
            new.rename(target)
        except OSError as exc:
            raise WriteFailed(target, exc.strerror or str(exc)) from None
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _folder_temporary(target: Path, kind: str, token: str, pid: int | None = None) -> Path:
    """The name beside ``target`` of a folder of ``kind`` (``new`` or
    ``old``) that process ``pid`` (this one by default) is writing."""
    pid = os.getpid() if pid is None else pid
    return target.with_name(f".{target.name}.peerdeck-folder-{_HOST}-{pid}-{token}.{kind}")


def _new_folder_beside(target: Path) -> Path:
    """An empty folder beside ``target``, named for this process, once what
    dead processes left beside it is cleaned up."""
    _remove_folder_leftovers(target.parent)
    new = _folder_temporary(target, "new", _token())
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        new.mkdir()
    except OSError as exc:
        raise WriteFailed(target, exc.strerror or str(exc)) from None
    return new


def _swap_folders(new: Path, target: Path, old: Path) -> None:
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        existed = target.exists()
        try:
            if existed:
                target.rename(old)
            new.rename(target)
        except OSError as exc:
            if existed and old.exists() and not target.exists():
                old.rename(target)
            raise WriteFailed(target, exc.strerror or str(exc)) from None
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_folder_leftovers(folder: Path) -> None:
    """Put back a folder a dead process had moved aside, and remove what it left."""
    try:
        names = [entry.name for entry in folder.iterdir()]
    except OSError:
        return
    for name in sorted(names, key=lambda n: not n.endswith(".old")):
        match = _FOLDER_LEFTOVER.match(name)
        if match is None or match["host"] != _HOST or _running(int(match["pid"])):
            continue
        original = folder / match["name"]
        if match["kind"] == "old" and not original.exists():
            with contextlib.suppress(OSError):
                (folder / name).rename(original)
                continue
        shutil.rmtree(folder / name, ignore_errors=True)
