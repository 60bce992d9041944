"""Writing an imported project: every file into a temporary folder beside
the destination, renamed into place only once complete, so a failed or
interrupted import leaves nothing behind and never touches what exists."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .. import codes
from ..errors import ImportRefused, WriteFailed
from ..outputs import created_folder

CANNOT_WRITE = codes.IMPORT_DESTINATION


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
    started = False
    try:
        with created_folder(target) as temporary:
            started = True
            yield temporary
            check_destination(target)
    except WriteFailed as exc:
        if not started:
            raise ImportRefused(
                CANNOT_WRITE, f"cannot write in {target.parent}: {exc.reason}"
            ) from None
        raise ImportRefused(CANNOT_WRITE, f"cannot write {target}: {exc.reason}") from None
    except OSError as exc:
        raise ImportRefused(CANNOT_WRITE, f"cannot write {target}: {exc.strerror or exc}") from None


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
