"""A `[sound:...]` file in a format Anki may not play.

Anki plays audio and video in the formats its players know: mp3, ogg,
opus, wav, m4a, flac, aac, webm, mp4 and a few more. Other files are
packaged, but a learner's Anki (and AnkiDroid, AnkiMobile or AnkiWeb in
particular) may show a play button that does nothing. Convert the file,
for instance to mp3 or ogg.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ...media import SOUND_SUFFIXES
from ...problems import Severity
from ...render import SOUND
from ..rule import Context, Finding

CODE = "PD119"
NAME = "sound-format"
SEVERITY = Severity.WARNING

_KNOWN = ", ".join(sorted(suffix[1:] for suffix in SOUND_SUFFIXES))


def problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each sound of ``text`` in a format Anki may not play."""
    if "[sound:" not in text:
        return
    for match in SOUND.finditer(text):
        suffix = PurePosixPath(match.group(1).replace("\\", "/")).suffix.lower()
        if suffix not in SOUND_SUFFIXES:
            kind = f"a '{suffix}' file" if suffix else "a file without an extension"
            yield (
                match.start(),
                (
                    f"'{match.group(1)}' is {kind}, which Anki may not play;"
                    f" convert it to one of {_KNOWN}"
                ),
            )


def check(context: Context) -> Iterator[Finding]:
    return context.in_texts(problems)
