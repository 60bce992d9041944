"""Bounded fuzzing of the `.apkg` reader.

Hypothesis writes packages from raw bytes, from a real package with bytes
overwritten, from zips of random entries (names, methods, flags), and from
a real collection whose JSON, rows and schema it replaces. Whatever it
writes, reading the package must return its contents or raise
``PackageError`` with a documented code, and leave nothing in the
temporary folder.

The example count is small so the suite stays fast; for a longer run by
hand raise ``PEERDECK_FUZZ_EXAMPLES`` (default 300, of which each test here
runs a fifth), e.g.::

    PEERDECK_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz_apkg.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck import pipeline
from peerdeck.anki_package import PackageError, open_package, protobuf
from peerdeck.codes import CODES
from peerdeck.settings import RunSettings

from helpers import HYPOTHESIS_SETTINGS, write_project

EXAMPLES = max(1, int(os.environ.get("PEERDECK_FUZZ_EXAMPLES", "300")) // 5)
FUZZ = settings(max_examples=EXAMPLES, **HYPOTHESIS_SETTINGS)
CARDS = """\
notes:
  - {id: one, front: What is one?, back: The first number.}
  - {id: two, type: cloze, text: "{{c1::Two}} follows one."}
"""


@cache
def real_package() -> bytes:
    """A real package peerdeck built, as bytes to damage."""
    with tempfile.TemporaryDirectory() as work:
        project = write_project(Path(work) / "p", {"a.yaml": CARDS})
        built = pipeline.build(
            RunSettings(project, output=Path(work) / "p.apkg", timestamp=1_700_000_000)
        )
        assert built.package is not None
        return built.package.path.read_bytes()


@cache
def anki_export() -> bytes:
    """A package real Anki exported in its current format (collection.anki21b)."""
    from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions

    with tempfile.TemporaryDirectory() as work:
        col = Collection(str(Path(work) / "collection.anki2"))
        deck_id = col.decks.id("Top::Sub")
        note_type = col.models.by_name("Basic")
        assert deck_id is not None and note_type is not None
        note = col.new_note(note_type)
        note["Front"], note["Back"] = "One?", "The first number."
        col.add_note(note, deck_id)
        out = Path(work) / "current.apkg"
        options = ExportAnkiPackageOptions(with_media=True)
        col.export_anki_package(out_path=str(out), options=options, limit=DeckIdLimit(deck_id))
        col.close()
        return out.read_bytes()


def real_collection() -> bytes:
    with zipfile.ZipFile(io.BytesIO(real_package())) as archive:
        return archive.read("collection.anki2")


@contextmanager
def private_temporary() -> Iterator[Path]:
    """A fresh folder as the temporary folder, for the duration of one example."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "tmp"
        folder.mkdir()
        saved, tempfile.tempdir = tempfile.tempdir, str(folder)
        try:
            yield Path(work)
        finally:
            tempfile.tempdir = saved
        assert list(folder.iterdir()) == []


def read_or_refuse(data: bytes) -> None:
    """Read everything a package holds; only ``PackageError`` may stop it."""
    with private_temporary() as work:
        path = work / "fuzzed.apkg"
        path.write_bytes(data)
        try:
            with open_package(path) as opened:
                list(opened.note_types())
                list(opened.decks())
                list(opened.notes())
                for file in opened.media():
                    opened.read_media(file)
        except PackageError as exc:
            assert exc.code in CODES and exc.message


def zipped(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return stream.getvalue()


@FUZZ
@given(st.binary(max_size=4096))
def test_raw_bytes(data: bytes) -> None:
    read_or_refuse(data)


@pytest.mark.parametrize("made_by", ["peerdeck", "anki"])
@FUZZ
@given(st.data())
def test_a_real_package_with_bytes_overwritten(made_by: str, data: st.DataObject) -> None:
    damaged = bytearray(real_package() if made_by == "peerdeck" else anki_export())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    read_or_refuse(bytes(damaged))


def test_an_entry_offset_past_the_start_of_the_file_is_refused() -> None:
    """A local header offset that makes zipfile seek before the file's start
    (found by the test above) is a damaged package, not an OSError."""
    damaged = bytearray(real_package())
    damaged[4578] = 18
    with private_temporary() as work:
        path = work / "damaged.apkg"
        path.write_bytes(damaged)
        with pytest.raises(PackageError) as refused, open_package(path) as opened:
            list(opened.notes())
    assert refused.value.code == "PD061"
    assert "is damaged (cannot be read: Invalid argument)" in refused.value.message


@FUZZ
@given(st.binary(max_size=512))
def test_protobuf_messages(data: bytes) -> None:
    with contextlib.suppress(PackageError):
        found = protobuf.message(data, "fuzzed message")
        protobuf.text(found, 1, "fuzzed message")
        protobuf.number(found, 2, "fuzzed message")


names = st.one_of(
    st.sampled_from(
        ["collection.anki2", "collection.anki21", "collection.anki21b", "media", "meta"]
    ),
    st.text(max_size=12),
)


@FUZZ
@given(st.lists(st.tuples(names, st.binary(max_size=256)), max_size=6), st.booleans())
def test_zips_of_random_entries(entries: list[tuple[str, bytes]], stored: bool) -> None:
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of repeated names
            data = zipped(entries, method)
    except (ValueError, IndexError, UnicodeEncodeError):
        return  # a name zipfile itself cannot write
    read_or_refuse(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
sql_values = st.one_of(
    st.none(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=20), st.binary(max_size=20)
)


@FUZZ
@given(
    st.sampled_from(["models", "decks"]),
    json_values,
    st.sampled_from(["flds", "tags", "guid", "mid", "id"]),
    sql_values,
    st.sampled_from(["", "DROP TABLE cards", "DELETE FROM col", "CREATE VIEW v AS SELECT 1"]),
)
def test_a_real_collection_with_values_replaced(
    column: str, value: Any, note_column: str, note_value: Any, statement: str
) -> None:
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / "c.db"
        database.write_bytes(real_collection())
        connection = sqlite3.connect(database)
        connection.execute(f"UPDATE col SET {column} = ?", (json.dumps(value),))
        with contextlib.suppress(sqlite3.IntegrityError):  # an id that is no integer
            connection.execute(f"UPDATE notes SET {note_column} = ? WHERE rowid = 1", (note_value,))
        if statement:
            connection.execute(statement)
        connection.commit()
        connection.close()
        data = zipped([("collection.anki2", database.read_bytes()), ("media", b"{}")])
    read_or_refuse(data)
