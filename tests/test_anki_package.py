"""The `.apkg` reader on packages real Anki exports (current and legacy
formats) and on hostile ones built here, each read through `peerdeck diff`:
a clear problem, exit 1, no traceback and nothing left in the temporary
folder."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import zstandard

from peerdeck import limits
from peerdeck.anki_package import Note, NoteType, PackageError, open_package

from helpers import run_cli, write_project

CARDS = """\
notes:
  - {id: one, front: What is one?, back: The first number.}
  - {id: two, type: cloze, text: "{{c1::Two}} follows one."}
"""


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One collection exported by real Anki in the current format, the
    legacy one, and again after an edit (current format)."""
    from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions

    folder = tmp_path_factory.mktemp("anki")
    col = Collection(str(folder / "collection.anki2"))
    deck_id = col.decks.id("Top::Sub")
    basic_type, cloze_type = col.models.by_name("Basic"), col.models.by_name("Cloze")
    assert deck_id is not None and basic_type is not None and cloze_type is not None
    (folder / "dot.png").write_bytes(b"\x89PNG not really")
    col.media.add_file(str(folder / "dot.png"))
    basic = col.new_note(basic_type)
    basic["Front"], basic["Back"] = "What is <b>one</b>?", 'The first <img src="dot.png">'
    basic.tags = ["numbers", "first"]
    col.add_note(basic, deck_id)
    cloze = col.new_note(cloze_type)
    cloze["Text"] = "{{c1::Two}} follows one."
    col.add_note(cloze, deck_id)

    def export(name: str, legacy: bool) -> Path:
        out = folder / name
        options = ExportAnkiPackageOptions(with_media=True, legacy=legacy)
        col.export_anki_package(out_path=str(out), options=options, limit=DeckIdLimit(deck_id))
        return out

    paths = {"current": export("current.apkg", False), "legacy": export("legacy.apkg", True)}
    basic["Back"] = "The first whole number."
    col.update_note(basic)
    paths["edited"] = export("edited.apkg", False)
    col.close()
    return paths


@dataclass
class Contents:
    note_types: list[NoteType]
    decks: dict[int, str]
    notes: list[Note]
    collection: str
    media: dict[str, bytes]


def read_all(path: Path) -> Contents:
    with open_package(path) as package:
        return Contents(
            sorted(package.note_types(), key=lambda t: t.id),
            {deck.id: deck.name for deck in package.decks()},
            list(package.notes()),
            package.collection,
            {file.name: package.read_media(file) for file in package.media()},
        )


def test_current_and_legacy_exports_read_the_same(exports: dict[str, Path]) -> None:
    current, legacy = read_all(exports["current"]), read_all(exports["legacy"])
    assert (current.collection, legacy.collection) == ("collection.anki21b", "collection.anki21")
    assert (current.note_types, current.decks) == (legacy.note_types, legacy.decks)
    assert current.notes == legacy.notes
    assert current.media == legacy.media == {"dot.png": b"\x89PNG not really"}
    notes = current.notes
    assert [n.fields for n in notes] == [
        ("What is <b>one</b>?", 'The first <img src="dot.png">'),
        ("{{c1::Two}} follows one.", ""),
    ]
    assert notes[0].tags == ("first", "numbers")
    assert {current.decks[n.deck_id] for n in notes if n.deck_id} == {"Top::Sub"}
    [cloze] = [t for t in current.note_types if t.name == "Cloze"]
    assert cloze.cloze and cloze.fields == ("Text", "Back Extra")
    assert "{{cloze:Text}}" in cloze.templates[0].front and ".card" in cloze.css


def test_diff_reads_anki_exports_in_both_formats(exports: dict[str, Path]) -> None:
    status, out, err = run_cli("diff", str(exports["legacy"]), str(exports["current"]))
    assert (status, err) == (0, "") and "no differences." in out
    status, out, _ = run_cli("diff", str(exports["current"]), str(exports["edited"]))
    assert status == 0 and "Changed (1)" in out and "whole number" in out


def test_a_peerdeck_package_reads_as_its_project(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {"a.yaml": CARDS})
    package = good_package(tmp_path)
    status, out, _ = run_cli("diff", str(package), str(project))
    assert status == 0 and "no differences." in out


# --- hostile packages ----------------------------------------------------------


def good_package(tmp_path: Path) -> Path:
    """A package peerdeck built (a legacy collection.anki2)."""
    project = write_project(tmp_path / "good", {"a.yaml": CARDS})
    out = tmp_path / "good.apkg"
    status, _, err = run_cli("build", str(project), "-o", str(out))
    assert status == 0, err
    return out


def rewrite_zip(package: Path, entries: dict[str, bytes | None], method: int = 8) -> None:
    """Replace (or, with None, drop) entries of ``package``."""
    with zipfile.ZipFile(package) as archive:
        kept: dict[str, bytes | None] = {name: archive.read(name) for name in archive.namelist()}
    kept.update(entries)
    with zipfile.ZipFile(package, "w", method) as archive:
        for name, data in kept.items():
            if data is not None:
                archive.writestr(name, data)


def rewrite_database(package: Path, *statements: str, name: str = "collection.anki2") -> None:
    """Run ``statements`` on the package's collection, as a hostile tool might."""
    with zipfile.ZipFile(package) as archive:
        data = archive.read(name)
    database = package.with_suffix(".db")
    database.write_bytes(data)
    connection = sqlite3.connect(database)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    rewrite_zip(package, {name: database.read_bytes()})
    database.unlink()


def patch_headers(
    package: Path, offset_local: int, offset_central: int, value: int, size: str = "<H"
) -> None:
    """Set a field (2 bytes unless ``size`` says otherwise) of every local
    and central header: method, flags, version, sizes."""
    data = bytearray(package.read_bytes())
    for signature, offset in ((b"PK\x03\x04", offset_local), (b"PK\x01\x02", offset_central)):
        at = data.find(signature)
        while at >= 0:
            struct.pack_into(size, data, at + offset, value)
            at = data.find(signature, at + 4)
    package.write_bytes(bytes(data))


def recursive_view(package: Path) -> None:
    rewrite_database(
        package,
        "DROP TABLE notes",
        "CREATE VIEW notes AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
        " SELECT i AS id, 'g' AS guid, 1 AS mid, '' AS tags, 'x' AS flds FROM n",
    )


def zeroblob_view(package: Path) -> None:
    rewrite_database(
        package,
        "ALTER TABLE notes RENAME TO real_notes",
        "CREATE VIEW notes AS SELECT id, guid, mid, tags, zeroblob(3000000000) AS flds"
        " FROM real_notes",
    )


def computed_column(package: Path) -> None:
    rewrite_database(
        package,
        "DROP TABLE cards",
        "CREATE TABLE cards (nid INTEGER, ord INTEGER,"
        " did BLOB GENERATED ALWAYS AS (zeroblob(999999999)) VIRTUAL)",
        "INSERT INTO cards (nid, ord) VALUES (1, 0)",
    )


def deep_json(package: Path) -> None:
    models = "[" * 100_000 + "]" * 100_000
    rewrite_database(package, f"UPDATE col SET models = '{models}'")


def zip_bomb(package: Path) -> None:
    rewrite_zip(package, {"collection.anki2": bytes(64 * limits.MiB)})


def entry_names(name: str) -> Callable[[Path], None]:
    return lambda package: rewrite_zip(package, {name: b"x"})


def duplicate_entry(package: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it writes
        with zipfile.ZipFile(package, "a") as archive:
            archive.writestr("collection.anki2", b"second")


def zip_method(method: int) -> Callable[[Path], None]:
    def patch(package: Path) -> None:
        rewrite_zip(package, {}, zipfile.ZIP_STORED)
        patch_headers(package, 8, 10, method)

    return patch


def encrypted(package: Path) -> None:
    patch_headers(package, 6, 8, 0x1)


def corrupt_deflate(package: Path) -> None:
    data = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo("collection.anki2")
    start = info.header_offset + 30 + len(info.filename) + 100
    data[start : start + 64] = bytes(range(64))
    package.write_bytes(bytes(data))


def lying_sizes(package: Path) -> None:
    """A bomb whose headers claim it inflates to 100 KiB."""
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", bytes(64 * limits.MiB))
    patch_headers(package, 22, 24, 100 * 1024, "<L")


def name_not_utf8(package: Path) -> None:
    rewrite_zip(package, {"é.png": b"x"})  # zipfile marks the name UTF-8
    package.write_bytes(package.read_bytes().replace("é".encode(), b"\x80\x80"))


def placeholder_only(package: Path) -> None:
    rewrite_database(package, "UPDATE notes SET flds = 'Please update to the latest Anki version'")
    rewrite_database(package, "DELETE FROM notes WHERE id != (SELECT min(id) FROM notes)")


def not_zstd(package: Path) -> None:
    rewrite_zip(package, {"collection.anki21b": b"SQLite format 3\0 but not compressed"})


def not_a_zip(package: Path) -> None:
    package.write_bytes(b"PK\x05\x06 not really")


HOSTILE: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "recursive CTE view": (recursive_view, "PD062", "notes is a view, not a table"),
    "zeroblob view": (zeroblob_view, "PD062", "notes is a view, not a table"),
    "computed column": (computed_column, "PD062", "cards.did is a computed column"),
    "virtual table": (
        lambda p: rewrite_database(
            p, "DROP TABLE notes", "CREATE VIRTUAL TABLE notes USING fts5(id, guid)"
        ),
        "PD062",
        "notes is a virtual table",
    ),
    "missing table": (
        lambda p: rewrite_database(p, "DROP TABLE cards"),
        "PD062",
        "it has no cards table",
    ),
    "empty col table": (
        lambda p: rewrite_database(p, "DELETE FROM col"),
        "PD062",
        "the col table is empty",
    ),
    "deep JSON": (deep_json, "PD062", "col.models is JSON nested too deeply"),
    "huge JSON number": (
        lambda p: rewrite_database(
            p, 'UPDATE col SET models = \'{"1": {"id": %s}}\'' % ("9" * 5000)
        ),
        "PD062",
        "col.models is not JSON",
    ),
    "JSON of the wrong shape": (
        lambda p: rewrite_database(p, "UPDATE col SET models = '[1, 2]'"),
        "PD062",
        "col.models is not an object of objects",
    ),
    "field of the wrong type": (
        lambda p: rewrite_database(p, "UPDATE notes SET flds = x'3132'"),
        "PD062",
        "has a value of the wrong type",
    ),
    "not SQLite": (
        lambda p: rewrite_zip(p, {"collection.anki2": b"SQLite? no." * 100}),
        "PD025",
        "collection.anki2 is not an Anki collection",
    ),
    "zip bomb": (zip_bomb, "PD060", "inflating"),
    "zip bomb with lying sizes": (lying_sizes, "PD061", "is damaged (Bad CRC-32"),
    "parent folder name": (entry_names("../../evil"), "PD061", "a name that leaves its folder"),
    "absolute name": (entry_names("/etc/evil"), "PD061", "a name that leaves its folder"),
    "backslash name": (entry_names("..\\evil"), "PD061", "a name that leaves its folder"),
    "drive name": (entry_names("C:evil"), "PD061", "a name that leaves its folder"),
    "duplicate entry": (duplicate_entry, "PD061", "appears twice"),
    "zstd method": (zip_method(93), "PD061", "compressed with zstd"),
    "lzma method": (zip_method(14), "PD061", "compressed with lzma"),
    "encryption flag": (encrypted, "PD061", "is encrypted"),
    "strong encryption flag": (
        lambda p: patch_headers(p, 6, 8, 0x40),
        "PD061",
        "is encrypted",
    ),
    "patch data flag": (
        lambda p: patch_headers(p, 6, 8, 0x20),
        "PD061",
        "is compressed patch data",
    ),
    "name not UTF-8": (name_not_utf8, "PD061", "marked UTF-8 but is not"),
    "zip version from the future": (
        lambda p: patch_headers(p, 4, 6, 64),
        "PD061",
        "unsupported zip (zip file version 6.4)",
    ),
    "corrupt deflate": (corrupt_deflate, "PD061", "is damaged"),
    "placeholder only": (placeholder_only, "PD063", "only the placeholder collection"),
    "newer package version": (
        lambda p: rewrite_zip(p, {"meta": b"\x08\x04"}),
        "PD063",
        "newer Anki (package version 4)",
    ),
    "damaged meta": (
        lambda p: rewrite_zip(p, {"meta": b"\x08"}),
        "PD062",
        "damaged package version",
    ),
    "anki21b not zstd": (not_zstd, "PD061", "is not valid zstd data"),
    "not a zip": (not_a_zip, "PD025", "not a zip file"),
    "no collection": (
        lambda p: rewrite_zip(p, {"collection.anki2": None}),
        "PD025",
        "the zip holds no collection.anki2",
    ),
}


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary folder of its own, to check nothing is left in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def assert_refused(package: Path, code: str, message: str, temporary: Path) -> None:
    other = package.with_name("other.apkg")
    if not other.exists():
        shutil.copy(good_package(package.parent / "o"), other)
    status, out, err = run_cli("diff", str(package), str(other))
    assert status == 1 and err.startswith("Found "), out + err
    assert out.startswith(f"{package.as_posix()}:1:1: {code} "), out
    assert message in out and "Traceback" not in out + err
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_packages_are_refused_clearly(tmp_path: Path, temporary: Path, case: str) -> None:
    make, code, message = HOSTILE[case]
    package = good_package(tmp_path)
    make(package)
    assert_refused(package, code, message, temporary)


def test_a_trigger_never_fires_on_reading(tmp_path: Path, temporary: Path) -> None:
    package = good_package(tmp_path)
    rewrite_database(
        package,
        "CREATE TABLE log (x)",
        "CREATE TRIGGER grow AFTER UPDATE ON notes BEGIN INSERT INTO log VALUES (1); END",
    )
    status, out, _ = run_cli("diff", str(package), str(package))
    assert status == 0 and "no differences." in out
    assert list(temporary.iterdir()) == []


def test_a_placeholder_beside_a_damaged_current_collection_is_not_read(
    exports: dict[str, Path], tmp_path: Path, temporary: Path
) -> None:
    package = tmp_path / "current.apkg"
    shutil.copy(exports["current"], package)
    rewrite_zip(package, {"collection.anki21b": zstandard.compress(b"not a database" * 100)})
    assert_refused(package, "PD025", "collection.anki21b is not an Anki collection", temporary)


def rewrite_current(package: Path, *statements: str) -> None:
    """Run ``statements`` on a current-format package's collection.anki21b."""
    with zipfile.ZipFile(package) as archive:
        compressed = archive.read("collection.anki21b")
    database = zstandard.ZstdDecompressor().decompress(compressed, max_output_size=limits.GiB)
    path = package.with_suffix(".db")
    path.write_bytes(database)
    connection = sqlite3.connect(path)
    # Anki's collation for names, which renaming a table re-checks.
    connection.create_collation(
        "unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower())
    )
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    rewrite_zip(package, {"collection.anki21b": zstandard.compress(path.read_bytes())})
    path.unlink()


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (["UPDATE templates SET config = x'0a'"], "damaged card template settings"),
        (["UPDATE notetypes SET config = 'text'"], "note type settings are not a blob"),
        (
            ["ALTER TABLE notetypes RENAME TO real", "CREATE VIEW notetypes AS SELECT * FROM real"],
            "notetypes is a view, not a table",
        ),
        (["DROP TABLE templates"], "it has no templates table"),
    ],
)
def test_hostile_packages_in_the_current_format(
    exports: dict[str, Path], tmp_path: Path, temporary: Path, statements: list[str], message: str
) -> None:
    package = tmp_path / "current.apkg"
    shutil.copy(exports["current"], package)
    rewrite_current(package, *statements)
    assert_refused(package, "PD062", message, temporary)


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("COLLECTION_BYTES", 4096, "inflates past 4.0 KiB"),
        ("COLLECTION_QUERY_STEPS", 1, "took over 1 SQLite steps"),
        ("COLLECTION_VALUE_BYTES", 20, "holds a value over 20 bytes"),
        ("COLLECTION_NOTES", 1, "over 1 notes"),
        ("COLLECTION_CARDS", 1, "over 1 cards"),
        ("PACKAGE_ENTRIES", 1, "5 entries, over the limit of 1"),
        ("PACKAGE_DIRECTORY_BYTES", 10, "a zip directory of"),
        ("PACKAGE_ENTRY_BYTES", 1000, "'collection.anki21b' of"),
        ("PACKAGE_TOTAL_BYTES", 10_000, "uncompressed, over the limit of 9.8 KiB"),
    ],
)
def test_each_package_limit_holds(
    exports: dict[str, Path],
    tmp_path: Path,
    temporary: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: int,
    message: str,
) -> None:
    package = tmp_path / "current.apkg"
    shutil.copy(exports["current"], package)
    other = tmp_path / "other.apkg"
    shutil.copy(exports["current"], other)
    monkeypatch.setattr(limits, limit, value)
    assert_refused(package, "PD060", message, temporary)


def test_a_zstd_bomb_stops_at_the_ratio_limit(
    exports: dict[str, Path], tmp_path: Path, temporary: Path
) -> None:
    package = tmp_path / "current.apkg"
    shutil.copy(exports["current"], package)
    bomb = zstandard.ZstdCompressor().compress(bytes(64 * limits.MiB))
    assert len(bomb) < 10_000
    rewrite_zip(package, {"collection.anki21b": bomb}, zipfile.ZIP_STORED)
    assert_refused(package, "PD060", "inflating further (a zstd bomb?)", temporary)


def test_media_names_that_leave_the_folder_are_refused(tmp_path: Path) -> None:
    package = good_package(tmp_path)
    rewrite_zip(package, {"media": b'{"0": "../../escape.png"}', "0": b"x"})
    with open_package(package) as opened, pytest.raises(PackageError, match="unsafe name"):
        opened.media()


@pytest.mark.parametrize("kind", ["a FIFO (named pipe)", "a device"])
def test_a_fifo_or_a_device_is_refused_without_waiting(
    tmp_path: Path, temporary: Path, kind: str
) -> None:
    if kind.startswith("a FIFO"):
        path = tmp_path / "release.apkg"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    status, out, err = run_cli("diff", str(path), str(good_package(tmp_path)))
    assert status == 1 and err.startswith("Found ")
    assert f"{path.as_posix()}:1:1: PD025 the input is {kind}, not a regular file" in out
    assert list(temporary.iterdir()) == []


PACKAGE_LIMITS = [
    name
    for name in vars(limits)
    if name.startswith(("PACKAGE_", "COLLECTION_")) and isinstance(getattr(limits, name), int)
]


@pytest.mark.parametrize("name", PACKAGE_LIMITS)
def test_the_readme_gives_every_package_limit(name: str) -> None:
    value = getattr(limits, name)
    if value % limits.GiB == 0:
        shown = f"{value // limits.GiB} GiB"
    elif value % limits.MiB == 0:
        shown = f"{value // limits.MiB} MiB"
    else:
        shown = f"{value:,}"
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    assert f" {shown} " in section, f"{name} = {shown} is missing from the README's Limits"
