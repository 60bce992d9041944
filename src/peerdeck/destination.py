"""Where a build writes its package, and where it must not.

``-o`` names a file, or a folder (when it ends with ``/`` or is one) that
gets ``<deck id>.apkg``. Nothing the project is made of may be an output:
replacing a card file, ``deck.yaml``, the lock or a media file with a zip
would destroy the sources the package is built from.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .lockfile import LOCK_NAME

DEFAULT_OUTPUT_DIR = Path("build")
_CARD_SUFFIXES = (".yaml", ".yml")
_ELSEWHERE = "write the package elsewhere (-o build/, say)"


def package_path(deck_id: str, output: Path | None, into_folder: bool = False) -> Path:
    """The package's path: ``build/<deck id>.apkg`` by default, ``output``,
    or ``<deck id>.apkg`` in the folder ``output``."""
    name = f"{deck_id}.apkg"
    if output is None:
        return DEFAULT_OUTPUT_DIR / name
    if into_folder or output.is_dir():
        return output / name
    return output


def refusal(target: Path, root: Path, sources: Iterable[Path]) -> str | None:
    """Why the package may not be written to ``target``, or None when it
    may. ``sources``: every file the project was built from."""
    try:
        resolved = target.resolve()
        existing = target.stat() if os.path.lexists(target) else None
    except (OSError, RuntimeError) as exc:  # a loop of links, say
        return f"the output cannot be used: {getattr(exc, 'strerror', None) or exc}"
    if existing is not None and not target.is_file():
        return "the output exists and is not a regular file: name a file or a folder"
    for source in sources:
        if _same(resolved, existing, source):
            named = "" if resolved == source.resolve() else f" ({source}, by another name)"
            return (
                f"the output is a file of the project{named}: the package would destroy it;"
                f" {_ELSEWHERE}"
            )
    inside = root.resolve()
    if resolved.is_relative_to(inside) and (
        resolved.name == LOCK_NAME or resolved.name.endswith(_CARD_SUFFIXES)
    ):
        return f"the output would be a card file or the lock of the project; {_ELSEWHERE}"
    return None


def _same(resolved: Path, existing: os.stat_result | None, source: Path) -> bool:
    try:
        if source.resolve() == resolved:
            return True
        if existing is None:
            return False
        status = source.stat()
    except (OSError, RuntimeError):
        return False
    return (status.st_dev, status.st_ino) == (existing.st_dev, existing.st_ino)
