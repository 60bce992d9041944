"""The zip around a package: checked whole before any entry is read, and
each entry read with a cap on what it may grow to.

Everything a zip bomb or a damaged archive relies on is visible in the
central directory: how many entries, how large each claims to be once
inflated and how far that is from its compressed size, names that would
escape a folder, compression methods and encryption peerdeck does not
read. The claims are then held to while reading: an entry that inflates
past its declared size (or past the cap) stops there.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

import zstandard

from .. import codes, limits
from ..errors import PackageError
from ..safefile import kind_of

CHUNK = 1 << 20
_END = struct.Struct("<4s4H2LH")
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
# Methods Anki's exporter and genanki write.
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_METHOD_NAMES = {12: "bzip2", 14: "lzma", 93: "zstd", 99: "AES encryption"}
_DRIVE = re.compile(r"^[A-Za-z]:")
_ENCRYPTED, _PATCHED, _STRONG_ENCRYPTION = 0x1, 0x20, 0x40  # general purpose flags


@contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """The package's zip, its central directory checked against the limits."""
    with _open_regular(path) as stream, _read_zip(stream) as archive:
        check_entries(archive.infolist())
        yield archive


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened once, without waiting on a FIFO or reading a device."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise PackageError(codes.INPUT_UNREADABLE, "no such file or folder") from None
    except OSError as exc:
        raise PackageError(
            codes.INPUT_UNREADABLE, f"cannot be read: {exc.strerror or exc}"
        ) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise PackageError(
            codes.INPUT_UNREADABLE, f"the input is {kind_of(mode)}, not a regular file"
        )
    return os.fdopen(descriptor, "rb")


def _read_zip(stream: BinaryIO) -> zipfile.ZipFile:
    try:
        _check_directory_size(stream)
        return zipfile.ZipFile(stream)
    except zipfile.BadZipFile as exc:
        raise PackageError(
            codes.INPUT_UNREADABLE, f"not an Anki package (.apkg): {_bad_zip(exc)}"
        ) from None
    except UnicodeDecodeError:
        raise PackageError(
            codes.PACKAGE_ZIP_DAMAGED, "an entry's name is marked UTF-8 but is not"
        ) from None
    except ValueError as exc:  # zipfile's own checks of offsets and sizes
        raise PackageError(codes.PACKAGE_ZIP_DAMAGED, f"damaged zip ({exc})") from None
    except NotImplementedError as exc:  # a zip version zipfile cannot read
        raise PackageError(codes.PACKAGE_ZIP_DAMAGED, f"unsupported zip ({exc})") from None
    except OSError as exc:
        raise PackageError(
            codes.INPUT_UNREADABLE, f"cannot be read: {exc.strerror or exc}"
        ) from None


def _bad_zip(exc: zipfile.BadZipFile) -> str:
    text = str(exc)
    return "not a zip file" if text == "File is not a zip file" else f"damaged zip ({text})"


def _check_directory_size(stream: BinaryIO) -> None:
    """Refuse a central directory too large to read before zipfile reads it
    whole. Finding no end record is left to zipfile to report."""
    size = stream.seek(0, 2)
    tail_start = max(0, size - _END.size - 0xFFFF)
    stream.seek(tail_start)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END.size > len(tail):
        return
    *_, entries, directory, _, _ = _END.unpack_from(tail, at)
    if at >= _END64_LOCATOR.size and tail[at - _END64_LOCATOR.size :].startswith(b"PK\x06\x07"):
        _, _, offset, _ = _END64_LOCATOR.unpack_from(tail, at - _END64_LOCATOR.size)
        stream.seek(offset)
        record = stream.read(_END64.size)
        if len(record) == _END64.size and record.startswith(b"PK\x06\x06"):
            *_, entries, directory, _ = _END64.unpack(record)
    if entries > limits.PACKAGE_ENTRIES:
        raise _over(f"{entries:,} entries", f"{limits.PACKAGE_ENTRIES:,}")
    if directory > limits.PACKAGE_DIRECTORY_BYTES:
        limit = _size(limits.PACKAGE_DIRECTORY_BYTES)
        raise _over(f"a zip directory of {directory:,} bytes", limit)


def check_entries(entries: list[zipfile.ZipInfo]) -> None:
    """Every entry readable by peerdeck and within the limits, before any is read."""
    if len(entries) > limits.PACKAGE_ENTRIES:
        raise _over(f"{len(entries):,} entries", f"{limits.PACKAGE_ENTRIES:,}")
    seen: set[str] = set()
    total = 0
    for info in entries:
        name = info.filename
        if unsafe_name(name):
            raise PackageError(
                codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} has a name that leaves its folder"
            )
        if name in seen:
            raise PackageError(codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} appears twice")
        seen.add(name)
        if info.flag_bits & (_ENCRYPTED | _STRONG_ENCRYPTION):
            raise PackageError(codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} is encrypted")
        if info.flag_bits & _PATCHED:
            raise PackageError(
                codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} is compressed patch data"
            )
        if info.compress_type not in _METHODS:
            method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise PackageError(
                codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} is compressed with {method}"
            )
        _check_sizes(info)
        total += info.file_size
    if total > limits.PACKAGE_TOTAL_BYTES:
        raise _over(f"{_size(total)} uncompressed", _size(limits.PACKAGE_TOTAL_BYTES))


def _check_sizes(info: zipfile.ZipInfo) -> None:
    name, size = info.filename, info.file_size
    if size > limits.PACKAGE_ENTRY_BYTES:
        raise _over(f"entry {name!r} of {_size(size)}", _size(limits.PACKAGE_ENTRY_BYTES))
    ratio = size / max(1, info.compress_size)
    if size > limits.PACKAGE_RATIO_FROM and ratio > limits.PACKAGE_RATIO:
        raise _over(
            f"entry {name!r} inflating {ratio:,.0f} times (a zip bomb?)",
            f"{limits.PACKAGE_RATIO} times",
        )


def unsafe_name(name: str) -> bool:
    """A name that is absolute, climbs out with "..", or is not a plain path
    on some system (backslashes, drive letters, NUL)."""
    if not name or "\\" in name or "\0" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    return any(part in ("..", ".") for part in name.split("/"))


def extract(archive: zipfile.ZipFile, name: str, target: Path, zstd: bool, cap: int) -> None:
    """Write entry ``name`` to ``target`` (zstd-decompressed when ``zstd``),
    stopping with ``PackageError`` at ``cap`` bytes."""
    with target.open("wb") as out:
        for chunk in read_chunks(archive, name, zstd, cap):
            out.write(chunk)


def read_bytes(archive: zipfile.ZipFile, name: str, zstd: bool, cap: int) -> bytes:
    """Entry ``name`` in memory, with the same cap."""
    return b"".join(read_chunks(archive, name, zstd, cap))


def read_chunks(archive: zipfile.ZipFile, name: str, zstd: bool, cap: int) -> Iterator[bytes]:
    raw_size = archive.getinfo(name).file_size
    try:
        with archive.open(name) as raw:
            stream: IO[bytes] = raw
            ratio_cap: int | None = None
            if zstd:
                decompressor = zstandard.ZstdDecompressor(max_window_size=1 << 27)
                stream = decompressor.stream_reader(raw, read_across_frames=True)
                # zstd inside an entry is held to the zip's ratio too.
                ratio_cap = max(limits.PACKAGE_RATIO_FROM, limits.PACKAGE_RATIO * raw_size)
            yield from _capped(stream, name, cap, ratio_cap)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise PackageError(
            codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} is damaged ({exc})"
        ) from None
    except UnicodeDecodeError:
        # The local header's copy of the name, which zipfile checks.
        raise PackageError(
            codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} is damaged (a name not UTF-8)"
        ) from None
    except zstandard.ZstdError as exc:
        raise PackageError(
            codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} is not valid zstd data ({exc})"
        ) from None
    except OSError as exc:  # an offset zipfile seeks to that the file cannot have
        reason = exc.strerror or str(exc)
        raise PackageError(
            codes.PACKAGE_ZIP_DAMAGED, f"entry {name!r} is damaged (cannot be read: {reason})"
        ) from None


def _capped(stream: IO[bytes], name: str, cap: int, ratio_cap: int | None) -> Iterator[bytes]:
    """``stream``'s chunks until it inflates past ``cap`` bytes, or past
    ``ratio_cap`` (zstd data, held to the zip's ratio)."""
    written = 0
    while chunk := stream.read(CHUNK):
        written += len(chunk)
        if written > cap:
            raise PackageError(
                codes.PACKAGE_OVER_LIMIT,
                f"too large to read safely: entry {name!r} inflates past {_size(cap)}",
            )
        if ratio_cap is not None and written > ratio_cap:
            raise _over(
                f"entry {name!r} inflating further (a zstd bomb?)",
                f"{limits.PACKAGE_RATIO} times",
            )
        yield chunk


def _over(what: str, limit: str) -> PackageError:
    return PackageError(
        codes.PACKAGE_OVER_LIMIT, f"too large to read safely: {what}, over the limit of {limit}"
    )


def _size(count: int) -> str:
    for unit, scale in (("GiB", limits.GiB), ("MiB", limits.MiB), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:,.1f} {unit}"
    return f"{count:,} bytes"
