"""Writing an imported project: every file into a temporary folder beside
the destination, renamed into place only once complete, so a failed or
interrupted import leaves nothing behind and never touches what exists."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

from .. import codes
from ..errors import ImportRefused

CANNOT_WRITE = codes.IMPORT_DESTINATION
_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"
_LEFTOVER = re.compile(r"^\..+\.peerdeck-import-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-[0-9a-f]{8}$")


def check_destination(target: Path) -> None:
    """Refuse a destination that holds anything: an import never overwrites."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ImportRefused(CANNOT_WRITE, f"{target} already exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise ImportRefused(
            CANNOT_WRITE,
            f"{target} already exists and is not empty: an import writes a new project"
            " and never overwrites one",
        )
    if not target.parent.is_dir():
        raise ImportRefused(CANNOT_WRITE, f"the folder {target.parent} does not exist")


@contextlib.contextmanager
def new_folder(target: Path) -> Iterator[Path]:
    """A temporary folder beside ``target`` to write the project into; when
    the block completes it becomes ``target``, else it is removed."""
    check_destination(target)
    _remove_leftovers(target)
    temporary = target.with_name(
        f".{target.name}.peerdeck-import-{_HOST}-{os.getpid()}-{os.urandom(4).hex()}"
    )
    try:
        temporary.mkdir()
    except OSError as exc:
        raise ImportRefused(
            CANNOT_WRITE, f"cannot write in {target.parent}: {exc.strerror}"
        ) from None
    try:
        yield temporary
        check_destination(target)
        # Replaces an empty folder (and nothing else) in one step.
        temporary.rename(target)
    except OSError as exc:
        raise ImportRefused(CANNOT_WRITE, f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _remove_leftovers(target: Path) -> None:
    """Remove what an import into ``target`` killed outright (SIGKILL, a
    power cut) left: its temporary folder, named for its host and process."""
    for path in target.parent.glob(f".{glob.escape(target.name)}.peerdeck-import-*"):
        match = _LEFTOVER.match(path.name)
        if match and match["host"] == _HOST and not _running(int(match["pid"])):
            shutil.rmtree(path, ignore_errors=True)


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


def write_file(root: Path, relative: str, data: bytes) -> None:
    """A new file under ``root``: created, never opened if it exists, and
    only in a folder made here (``relative`` is a name peerdeck chose)."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644
    )
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
