"""The zip writer: zipfile's own bytes for small entries, and a valid,
machine-independent archive when large entries are deflated in pieces."""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from pathlib import Path

import pytest

from peerdeck import archive


def entries(tmp_path: Path) -> list[archive.Entry]:
    rng = random.Random(7)
    text = " ".join(rng.choice(["peer", "trust", "rapport", "support"]) for _ in range(30_000))
    picture = tmp_path / "pic.png"
    picture.write_bytes(rng.randbytes(5_000))  # does not deflate smaller
    return [
        ("collection.anki2", text.encode()),
        ("media", b'{"0": "pic.png"}'),
        ("0", picture),
        ("empty", b""),
        ("naïve", b"a name that is not ASCII"),
    ]


def written(items: list[archive.Entry], large: bool = False) -> bytes:
    stream = io.BytesIO()
    if large:
        archive._write_large(stream, items)
    else:
        archive.write_zip(stream, items)
    return stream.getvalue()


def contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as opened:
        assert opened.testzip() is None  # every CRC checks
        return {info.filename: opened.read(info) for info in opened.infolist()}


def expected(items: list[archive.Entry]) -> dict[str, bytes]:
    return {name: data if isinstance(data, bytes) else data.read_bytes() for name, data in items}


def test_small_entries_are_the_bytes_zipfile_writes(tmp_path: Path) -> None:
    items = entries(tmp_path)
    ours = written(items)
    assert ours == written(items, large=True)
    assert contents(ours) == expected(items)
    with zipfile.ZipFile(io.BytesIO(ours)) as opened:
        info = opened.getinfo("0")
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.create_system == 3 and info.external_attr == 0o100644 << 16
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_large_entries_deflate_in_pieces_the_same_on_any_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = entries(tmp_path)
    monkeypatch.setattr(archive, "PIECE", 4096)  # the collection is 40 pieces
    pieced = written(items)
    assert pieced != written(items, large=True)  # so the pieces were used
    assert contents(pieced) == expected(items)
    monkeypatch.setattr(archive, "cores", lambda: 1)
    assert written(items) == pieced


def test_pieces_join_into_one_deflate_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "PIECE", 1000)
    data = random.Random(3).randbytes(2_500) + b"x" * 10_000
    assert zlib.decompress(archive.deflate(data), -zlib.MAX_WBITS) == data
    assert zlib.decompress(archive.deflate(b""), -zlib.MAX_WBITS) == b""


def test_archives_near_the_zip32_limits_are_left_to_zipfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = entries(tmp_path)
    monkeypatch.setattr(archive, "PIECE", 4096)
    monkeypatch.setattr(archive, "ZIP32_LIMIT", 1000)
    assert written(items) == written(items, large=True)
