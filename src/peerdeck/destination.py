"""Where a build writes its package, and where it must not.

``-o`` names a file, or a folder (when it ends with ``/`` or is one) that
gets ``<deck id>.apkg``. Nothing the project is made of may be an output:
replacing a card file, ``deck.yaml``, the lock or a media file with a zip
would destroy the sources the package is built from.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable
from pathlib import Path

from .release.lockfile import LOCK_NAME
from .safefile import link_loop

DEFAULT_OUTPUT_DIR = Path("build")
_CARD_SUFFIXES = (".yaml", ".yml")
_ELSEWHERE = "write it elsewhere (-o build/, say)"


def package_path(deck_id: str, output: Path | None, into_folder: bool = False) -> Path:
    """The package's path: ``build/<deck id>.apkg`` by default, ``output``,
    or ``<deck id>.apkg`` in the folder ``output``."""
    name = f"{deck_id}.apkg"
    if output is None or into_folder or output.is_dir():
        return package_folder(output, into_folder) / name
    return output


def package_folder(output: Path | None, into_folder: bool = False) -> Path:
    """The folder the package goes to, known before the deck is read."""
    if output is None:
        return DEFAULT_OUTPUT_DIR
    if into_folder or output.is_dir():
        return output
    return output.parent


def refusal(target: Path, root: Path, sources: Iterable[Path]) -> str | None:
    """Why the package may not be written to ``target``, or None when it
    may. ``sources``: every file the project was built from (each has one
    name only, or reading it failed: another name cannot hide one)."""
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links, say
        return f"the output cannot be used: {getattr(exc, 'strerror', None) or exc}"
    if link_loop(target):
        return f"the output cannot be used: {os.strerror(errno.ELOOP)}"
    if os.path.lexists(target) and not target.is_file():
        return "the output exists and is not a regular file: name a file or a folder"
    for source in sources:
        with contextlib.suppress(OSError, RuntimeError):
            if source.resolve() == resolved:
                return f"the output is a file of the project, which it would destroy; {_ELSEWHERE}"
    if resolved.is_relative_to(root.resolve()) and (
        resolved.name == LOCK_NAME or resolved.name.endswith(_CARD_SUFFIXES)
    ):
        return f"the output would be a card file or the lock of the project; {_ELSEWHERE}"
    return None
