"""A media file in the project folder is never referenced.

Only media that a field, a note type's template or its CSS refers to is
shipped. An image or sound left in the
project is usually a reference that was mistyped or removed by accident.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ...media import SOUND_SUFFIXES
from ...model import Location
from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD104"
NAME = "unused-media"
SEVERITY = Severity.WARNING

MEDIA_SUFFIXES = (
    frozenset(
        str.split(
            ".apng .avif .bmp .gif .ico .jpeg .jpg .png .svg .tif .tiff .webp .flac .m4a .mp3 "
            ".oga .ogg .opus .spx .wav .mkv .mov .mp4 .mpeg .mpg .ogv .webm"
        )
    )
    | SOUND_SUFFIXES
)


def media_files(root: Path) -> Iterator[Path]:
    """Media files below ``root``, hidden files and folders skipped."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in MEDIA_SUFFIXES:
                yield Path(folder) / name


def check(context: Context) -> Iterator[Finding]:
    root = context.deck.root
    shipped = {media.path for media in context.deck.media}
    for path in media_files(root):
        if path.resolve() not in shipped:
            shown = path.relative_to(root).as_posix()
            yield Finding(
                Location(path, 1, 1),
                f"media file '{shown}' is not used by any note, so it is not shipped",
            )
