"""The one way peerdeck reads a file it is given: deck.yaml, card files, the
lock, media and source documents.

A file is opened once, without blocking (a FIFO or a device would otherwise
wait or never end), and then judged by what was opened, not by its name:
it must be a regular file, within the folder it belongs to (no symbolic link
leads out, checked on the open file), have no second hard link (another
name that may lie outside the folder), and be no larger than its limit. The
bytes returned are the bytes judged, so a file swapped between a check and
its use cannot slip in.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from .errors import UnsafeFile
from .limits import MiB

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_OPEN_FILES = Path("/proc/self/fd")


def read_file(path: Path, limit: int, inside: Path | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    ``inside`` (a resolved folder): the file must lie within it, links
    followed, and have one name only. Raises ``UnsafeFile`` for a file that
    must not be read and ``OSError`` for one that cannot be (missing,
    permission denied)."""
    target = _within(path, inside) if inside is not None else path
    try:
        descriptor = os.open(target, _FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise UnsafeFile("changed into a symbolic link while being read") from None
        _refuse_if_special(target)  # a socket cannot be opened at all
        raise
    try:
        _judge(os.fstat(descriptor), limit, descriptor, inside)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        data = stream.read(limit + 1) or b""
        while len(data) <= limit:  # a short read: a file being written, say
            more = stream.read(limit + 1 - len(data))
            if not more:
                break
            data += more
    if len(data) > limit:
        raise UnsafeFile(f"is larger than {size_text(limit)}")
    return data


def check_regular(path: Path) -> None:
    """Raise ``UnsafeFile`` when ``path`` is not a regular file (opening it
    without blocking, as a FIFO would), ``OSError`` when it cannot be opened."""
    descriptor = os.open(path, _FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
    try:
        mode = os.fstat(descriptor).st_mode
    finally:
        os.close(descriptor)
    if not stat.S_ISREG(mode):
        raise UnsafeFile(f"is {kind_of(mode)}, not a regular file")


def _refuse_if_special(path: Path) -> None:
    with contextlib.suppress(OSError):
        mode = path.lstat().st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
            raise UnsafeFile(f"is {kind_of(mode)}, not a regular file")


def link_loop(path: Path) -> bool:
    """Whether following ``path`` goes round a loop of symbolic links (which
    ``Path.resolve`` reports as RuntimeError before Python 3.13, and
    leaves unresolved since)."""
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def size_text(size: int) -> str:
    return f"{size // MiB} MiB" if size >= MiB and size % MiB == 0 else f"{size:,} bytes"


def _within(path: Path, inside: Path) -> Path:
    """``path`` with its links resolved, refused when that leads out of ``inside``."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 reports a loop so
        raise UnsafeFile("is a symbolic link loop") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile("is a symbolic link loop") from None
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            raise UnsafeFile("is a symbolic link to a file that does not exist") from None
        raise
    if not resolved.is_relative_to(inside):
        raise UnsafeFile("is a link to outside the project")
    return resolved


def _judge(status: os.stat_result, limit: int, descriptor: int, inside: Path | None) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise UnsafeFile(f"is {kind_of(status.st_mode)}, not a regular file")
    if status.st_size > limit:
        raise UnsafeFile(f"is larger than {size_text(limit)}")
    if inside is None:
        return
    with contextlib.suppress(OSError):  # where the system names open files
        opened = (_OPEN_FILES / str(descriptor)).readlink()
        if not opened.is_relative_to(inside):
            raise UnsafeFile("changed into a link to outside the project while being read")
    if status.st_nlink > 1:
        raise UnsafeFile(
            f"has {status.st_nlink} hard links, and another may lie outside the project:"
            " copy the file instead of linking it"
        )


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, for a message: "a FIFO (named pipe)"."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
