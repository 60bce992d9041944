"""Media referenced from fields (images, and sounds and videos in
``[sound:...]`` tags): checked to stay inside the project, stored under
content-hashed names so two ``img.png`` from different folders never collide
and an unchanged file keeps its name from build to build. Stored names are
safe on every system Anki runs on: Unicode-normalised (NFC, as Anki stores
names), without the characters Windows refuses in a file name or ``[`` and
``]``, which would end a ``[sound:...]`` tag."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .errors import MediaError, UnsafeFile
from .limits import MEDIA_FILE_BYTES
from .model import MediaFile
from .safefile import link_loop, read_file

_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_WINDOWS_DRIVE = re.compile(r"^[a-zA-Z]:[\\/]")
# Characters a stored name keeps: Anki renames on import a file whose name
# holds characters Windows refuses (rewriting the notes it imports, but not
# the package's own idea of the name), and a name is written into HTML
# attributes, where a quote would end the value.
_UNSAFE_NAME_CHARS = re.compile(r"[^\w.-]+")
_STEM_CHARS = 60
# What Anki plays in [sound:...] tags (its list of audio and video extensions).
SOUND_SUFFIXES = frozenset(
    str.split(
        ".3gp .aac .avi .flac .flv .m4a .mkv .mov .mp3 .mp4 .mpeg .mpg .oga .ogg .ogv .ogx"
        " .opus .spx .wav .webm"
    )
)


# Where raw HTML fields find their media: Anki's names, in one folder.
MEDIA_DIR = "media"


class MediaStore:
    """Resolves references for one project, remembering every file shipped."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.files: dict[tuple[Path, bool], MediaFile] = {}  # by file and static
        self.kept: dict[Path, MediaFile] = {}  # shipped under their own names

    def add_kept(self, reference: str, user: str = "a raw HTML field") -> str:
        """The file ``reference`` names in the project's ``media`` folder,
        shipped under its own name: a raw HTML field (or ``user``) names media
        as Anki stores them, and must ship exactly as written. Raises
        MediaError."""
        # Anki reads the name as written, '%' and all (measured: a percent-encoded
        # name is not found), so it is not decoded like a Markdown link's target.
        target = self._locate(reference.replace("%", "%25"), self.root / MEDIA_DIR)
        known = self.kept.get(target)
        if known is not None:
            return known.name
        if target.parent != self.root / MEDIA_DIR:
            raise MediaError(
                f"media file '{reference}' of {user} must be a file name in"
                f" the project's '{MEDIA_DIR}' folder"
            )
        try:
            data = read_file(target, MEDIA_FILE_BYTES, self.root)
        except UnsafeFile as exc:
            raise MediaError(f"media file '{reference}' {exc}") from None
        except OSError as exc:
            raise MediaError(f"media file '{reference}' cannot be read: {exc.strerror}") from None
        self.kept[target] = MediaFile(target, target.name, data)
        return target.name

    def add(self, reference: str, card_dir: Path, static: bool = False) -> str:
        """The stored name for ``reference`` written in a file in ``card_dir``;
        ``static`` (for a deck description) starts it with ``_``, for Anki
        imports only the media notes name and files whose names start so.
        Raises MediaError when the reference cannot be packaged."""
        target = self._locate(reference, card_dir)
        known = self.files.get((target, static))
        if known is not None:
            return known.name
        try:
            data = read_file(target, MEDIA_FILE_BYTES, self.root)
        except UnsafeFile as exc:
            raise MediaError(f"media file '{reference}' {exc}") from None
        except OSError as exc:
            raise MediaError(f"media file '{reference}' cannot be read: {exc.strerror}") from None
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = ("_" if static else "") + stored_name(target.stem, digest, target.suffix)
        self.files[target, static] = MediaFile(target, name, data)
        return name

    def _locate(self, reference: str, card_dir: Path) -> Path:
        reference = unquote(reference)  # Markdown percent-encodes link targets
        if reference.startswith("data:"):
            raise MediaError("inline data: images are not packaged; save the image as a file")
        if _WINDOWS_DRIVE.match(reference) or reference.startswith(("/", "\\")):
            raise MediaError(f"media path '{reference}' is absolute; write it relative to the file")
        if _REMOTE.match(reference):
            raise MediaError(
                f"remote media '{reference}' is not packaged; save it into the project"
            )
        if "\x00" in reference:
            raise MediaError(f"media path {reference!r} contains a NUL character")
        relative = PurePosixPath(reference.replace("\\", "/"))
        try:
            target = (card_dir / relative).resolve()
            if not target.is_relative_to(self.root):
                raise MediaError(f"media path '{reference}' leads outside the project")
            if link_loop(target):  # which resolve() leaves unresolved since Python 3.13
                raise MediaError(f"media path '{reference}' is a symbolic link loop")
            if not target.exists():
                raise MediaError(f"media file '{reference}' not found")
            if not target.is_file():
                raise MediaError(f"media path '{reference}' is not a file")
        except RuntimeError:  # a loop of links, before Python 3.13
            raise MediaError(f"media path '{reference}' is a symbolic link loop") from None
        except OSError as exc:  # a name too long for the file system, and the like
            raise MediaError(f"media path '{reference}' cannot be used: {exc.strerror}") from None
        return target

    @property
    def shipped(self) -> tuple[MediaFile, ...]:
        files = {media.name: media for media in self.files.values()}
        files.update({media.name: media for media in self.kept.values()})
        return tuple(sorted(files.values(), key=lambda m: m.name))


def stored_name(stem: str, digest: str, suffix: str) -> str:
    """The name a media file is packaged under: its stem (in NFC, with runs
    of characters other than letters, digits, '.', '_' and '-' made '_', and
    shortened), its content digest and its lowercased suffix."""
    safe = _UNSAFE_NAME_CHARS.sub("_", unicodedata.normalize("NFC", stem))[:_STEM_CHARS]
    ending = _UNSAFE_NAME_CHARS.sub("_", suffix.lower())
    return f"{safe}-{digest}{ending}"
