"""What ``peerdeck import`` does with packages hostile, damaged or odd: it
refuses what it cannot import safely (a clear message at the package, exit
status 1, nothing written anywhere) and says what a project cannot keep."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from authoring import make_exports

from peerdeck import limits, pipeline
from peerdeck.settings import RunSettings

from helpers import Learner, run_cli


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_exports(tmp_path_factory.mktemp("exports"))


def rewrite_zip(package: Path, entries: dict[str, bytes | None]) -> None:
    """Replace (or, with None, drop) entries of ``package``."""
    with zipfile.ZipFile(package) as archive:
        kept: dict[str, bytes | None] = {name: archive.read(name) for name in archive.namelist()}
    kept.update(entries)
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in kept.items():
            if data is not None:
                archive.writestr(name, data)


def rewrite_legacy(
    package: Path, *statements: str, decks: Callable[[dict[str, Any]], list[str]] | None = None
) -> None:
    """Run ``statements`` on a legacy package's collection.anki21; ``decks``
    first edits its decks (col.decks, by id) and gives more statements."""
    with zipfile.ZipFile(package) as archive:
        data = archive.read("collection.anki21")
    database = package.with_suffix(".db")
    database.write_bytes(data)
    connection = sqlite3.connect(database)
    more: list[str] = []
    if decks is not None:
        found = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        more = decks(found)
        connection.execute("UPDATE col SET decks = ?", (json.dumps(found),))
    for statement in (*statements, *more):
        connection.execute(statement)
    connection.commit()
    connection.close()
    rewrite_zip(package, {"collection.anki21": database.read_bytes()})
    database.unlink()


def second_top_level_deck(package: Path) -> None:
    """One note moved to a deck beside the root deck."""

    def spanish(decks: dict[str, Any]) -> list[str]:
        decks["4242"] = {**decks["1"], "id": 4242, "name": "Spanish"}
        return ["UPDATE cards SET did = 4242 WHERE nid = (SELECT min(id) FROM notes)"]

    rewrite_legacy(package, decks=spanish)


def media_list(package: Path, names: dict[str, str]) -> None:
    rewrite_zip(package, {"media": json.dumps(names).encode()})


# name: (format, how the export is spoiled, code, words of the message)
HOSTILE: dict[str, tuple[str, Callable[[Path], None], str, str]] = {
    "placeholder collection only": (
        "current",
        lambda p: rewrite_zip(p, {"collection.anki21b": None}),
        "PD063",
        "Please update to the latest Anki version",
    ),
    "zip bomb": (
        "legacy",
        lambda p: rewrite_zip(p, {"collection.anki21": bytes(64 * limits.MiB)}),
        "PD060",
        "inflating",
    ),
    "entry name with ..": (
        "legacy",
        lambda p: rewrite_zip(p, {"../../evil": b"x"}),
        "PD061",
        "a name that leaves its folder",
    ),
    "absolute entry name": (
        "current",
        lambda p: rewrite_zip(p, {"/etc/evil": b"x"}),
        "PD061",
        "a name that leaves its folder",
    ),
    "media name with ..": (
        "legacy",
        lambda p: media_list(p, {"0": "../../evil.png", "1": "cat.png"}),
        "PD061",
        "has an unsafe name",
    ),
    "media name with a folder": (
        "legacy",
        lambda p: media_list(p, {"0": "sub/evil.png", "1": "cat.png"}),
        "PD061",
        "has an unsafe name",
    ),
    "not SQLite": (
        "legacy",
        lambda p: rewrite_zip(p, {"collection.anki21": b"SQLite? no." * 100}),
        "PD025",
        "is not an Anki collection",
    ),
    "current collection not zstd": (
        "current",
        lambda p: rewrite_zip(p, {"collection.anki21b": b"SQLite format 3\0 plain"}),
        "PD061",
        "is not valid zstd data",
    ),
    "unknown schema version": (
        "legacy",
        lambda p: rewrite_legacy(p, "UPDATE col SET ver = 19"),
        "PD063",
        "schema version 19",
    ),
    "table missing": (
        "legacy",
        lambda p: rewrite_legacy(p, "DROP TABLE cards"),
        "PD062",
        "it has no cards table",
    ),
    "view instead of a table": (
        "legacy",
        lambda p: rewrite_legacy(
            p,
            "DROP TABLE notes",
            "CREATE VIEW notes AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
            " FROM n) SELECT i AS id, 'g' AS guid, 1 AS mid, 0 AS mod, '' AS tags,"
            " 'x' AS flds FROM n",
        ),
        "PD062",
        "notes is a view, not a table",
    ),
    "no notes": (
        "legacy",
        lambda p: rewrite_legacy(p, "DELETE FROM notes", "DELETE FROM cards"),
        "PD065",
        "holds no notes",
    ),
    "two notes with one GUID": (
        "legacy",
        lambda p: rewrite_legacy(p, "UPDATE notes SET guid = 'same'"),
        "PD062",
        "two notes have the GUID 'same'",
    ),
    "notes in two top-level decks": (
        "legacy",
        second_top_level_deck,
        "PD066",
        "2 top-level decks ('French', 'Spanish')",
    ),
}


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system's temporary folder, of this test alone."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


@pytest.mark.parametrize("case", HOSTILE)
def test_each_hostile_package_is_refused_writing_nothing(
    case: str, exports: dict[str, Path], tmp_path: Path, temporary: Path
) -> None:
    kind, spoil, code, words = HOSTILE[case]
    work = tmp_path / "work"
    work.mkdir()
    package = work / "deck.apkg"
    shutil.copy(exports[kind], package)
    spoil(package)
    status, out, err = run_cli("import", str(package), str(work / "project"))
    assert status == 1, out + err
    assert out.startswith(f"{package.as_posix()}:1:1: {code} "), out
    assert words in out, out
    assert "Traceback" not in out + err
    assert sorted(p.name for p in work.iterdir()) == ["deck.apkg"]
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("existing", ["a file", "a folder with a file"])
def test_an_existing_destination_is_never_overwritten(
    existing: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "project"
    if existing == "a file":
        target.write_text("mine")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    status, out, _ = run_cli("import", str(exports["legacy"]), str(target))
    assert status == 1
    assert out.startswith(f"{target.as_posix()}:1:1: PD064 "), out
    assert "never overwrites" in out or "is not a folder" in out
    if existing == "a file":
        assert target.read_text() == "mine"
    else:
        assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("step", ["mkdir", "rename"])
def test_a_destination_that_cannot_be_written_is_named(
    step: str, exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary folder cannot be made (the folder is named), or the
    finished project cannot be renamed into place (the project is)."""
    real = getattr(Path, step)

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if ".peerdeck-" in self.name:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, step, refuse)
    target = tmp_path / "project"
    status, out, err = run_cli("import", str(exports["legacy"]), str(target))
    named = f"in {tmp_path.as_posix()}" if step == "mkdir" else target.as_posix()
    assert (status, out, err) == (
        1,
        f"{target.as_posix()}:1:1: PD064 cannot write {named}: No space left on device\n",
        "Found 1 error in 1 file.\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_missing_package_is_refused(tmp_path: Path) -> None:
    status, out, _ = run_cli("import", str(tmp_path / "none.apkg"), str(tmp_path / "p"))
    assert status == 1
    assert "PD025 no such file or folder" in out
    assert not (tmp_path / "p").exists()


def test_a_folder_without_deck_json_is_not_a_crowdanki_export(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    status, out, _ = run_cli("import", str(folder), str(tmp_path / "p"))
    assert status == 1
    assert out.startswith(f"{folder.as_posix()}:1:1: PD067 ")
    assert "has no deck.json" in out
    assert not (tmp_path / "p").exists()


def test_media_names_are_made_safe_and_fields_follow(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    package = tmp_path / "deck.apkg"
    shutil.copy(exports["legacy"], package)
    with zipfile.ZipFile(package) as archive:
        names = json.loads(archive.read("media"))
    renamed = {
        entry: "my cat (1).png" if name == "cat.png" else name for entry, name in names.items()
    }
    media_list(package, renamed)
    rewrite_legacy(package, "UPDATE notes SET flds = replace(flds, 'cat.png', 'my cat (1).png')")
    status, out, err = run_cli("import", str(package), str(tmp_path / "project"))
    assert status == 0, out + err
    assert sorted(p.name for p in (tmp_path / "project" / "media").iterdir()) == [
        "_font.ttf",
        "chat.mp3",
        "my_cat_1_.png",
    ]
    vocabulary = (tmp_path / "project" / "4-vocabulary.yaml").read_text()
    assert """Meaning: 'cat <img src="my_cat_1_.png">'""" in vocabulary


def test_a_field_peerdeck_refuses_is_imported_and_reported_by_check(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    package = tmp_path / "deck.apkg"
    shutil.copy(exports["legacy"], package)
    rewrite_legacy(
        package,
        "UPDATE notes SET flds = '<script>alert(1)</script>' || char(31) || 'x'"
        " WHERE id = (SELECT min(id) FROM notes)",
    )
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(package), str(project))
    assert status == 0, out + err
    status, out, _ = run_cli("check", str(project))
    assert status == 1
    assert "1-main.yaml:5:" in out and "PD108" in out, out


def test_a_failure_half_way_leaves_nothing(tmp_path: Path, temporary: Path) -> None:
    """A CrowdAnki export whose second media file is missing: the project
    was half written when it failed, and is gone."""
    folder = tmp_path / "export"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "a.png").write_bytes(b"png")
    model = {
        "crowdanki_uuid": "m",
        "name": "Basic",
        "flds": [{"name": "Front", "ord": 0}],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Front}}"}],
    }
    note = {"guid": "g", "fields": ['<img src="a.png">'], "tags": [], "note_model_uuid": "m"}
    deck = {
        "name": "D",
        "note_models": [model],
        "notes": [note],
        "media_files": ["a.png", "b.png"],
    }
    (folder / "deck.json").write_text(json.dumps(deck))
    status, out, _ = run_cli("import", str(folder), str(tmp_path / "project"))
    assert status == 1
    assert "PD067" in out and "media file 'b.png' cannot be read" in out, out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "tmp"]
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize(
    "reference", ["../outside.png", "/etc/hostname", "media/../../outside.png"]
)
def test_a_field_never_makes_peerdeck_read_outside_the_project(
    reference: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "outside.png").write_bytes(b"secret")
    package = tmp_path / "deck.apkg"
    shutil.copy(exports["legacy"], package)
    rewrite_legacy(
        package,
        f"UPDATE notes SET flds = '<img src=\"{reference}\">' || char(31) || 'x'"
        " WHERE id = (SELECT min(id) FROM notes)",
    )
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(package), str(project))
    assert status == 0, out + err
    status, out, _ = run_cli("build", str(project), "-o", str(tmp_path / "built.apkg"))
    assert status == 1
    assert "1-main.yaml:5:25: PD014 media " in out, out
    assert not (tmp_path / "built.apkg").exists()


def test_an_interrupted_import_leaves_nothing(
    exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peerdeck.importer import run, writer

    written: list[str] = []

    def interrupted(root: Path, relative: str, data: bytes) -> None:
        if len(written) == 3:
            raise KeyboardInterrupt
        written.append(relative)
        writer.write_file(root, relative, data)

    monkeypatch.setattr(run, "write_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run.import_deck(exports["current"], tmp_path / "project", 1_900_000_000)
    assert len(written) == 3
    assert list(tmp_path.iterdir()) == []


def test_what_a_killed_import_left_is_removed(exports: dict[str, Path], tmp_path: Path) -> None:
    """The temporary folder of an import killed outright goes; that of an
    import still running stays."""
    import subprocess
    import sys

    from peerdeck import outputs

    target = tmp_path / "project"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its id now names no process
    left = outputs._folder_temporary(target, "new", "0123abcd", pid=dead.pid)
    (left / "note-types").mkdir(parents=True)
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as live:
        try:
            running = outputs._folder_temporary(target, "new", "4567cdef", pid=live.pid)
            (running / "note-types").mkdir(parents=True)
            status, out, err = run_cli("import", str(exports["current"]), str(target))
        finally:
            live.kill()
    assert status == 0, out + err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["project", running.name])
    assert (running / "note-types").is_dir()


def test_what_a_project_cannot_say_is_named(
    exports: dict[str, Path], tmp_path: Path, learner: Learner
) -> None:
    """An empty subdeck's description, one naming media the package lacks,
    one Anki read as Markdown, and a note whose cards are in two decks."""
    package = tmp_path / "deck.apkg"
    shutil.copy(exports["legacy"], package)

    def describe(decks: dict[str, Any]) -> list[str]:
        by_name = {deck["name"]: deck for deck in decks.values()}
        by_name["French::Vocabulary"].update(desc="Words and *sounds*", md=True)
        empty = {**by_name["French::Vocabulary"], "id": 4243, "name": "French::Empty", "md": False}
        decks["4243"] = empty
        by_name["French::Grammar::Math"]["desc"] = '<img src="lost.png">'  # not in the package
        root = by_name["French"]["id"]
        return [f"UPDATE cards SET did = {root} WHERE ord = 1"]  # 4 notes have a second card

    rewrite_legacy(package, decks=describe)
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(package), str(project))
    assert status == 0, out + err
    assert "lacks, are not kept: French::Empty, French::Grammar::Math." in err
    assert "descriptions Anki read as Markdown are now Markdown" in err
    assert "4 notes have cards in several decks" in err
    subdecks = yaml.safe_load((project / "deck.yaml").read_text())["subdecks"]
    assert subdecks["Vocabulary"] == {"description": "Words and *sounds*"}
    assert sorted(subdecks) == ["Grammar", "Vocabulary"]
    built = pipeline.build(RunSettings(root=project, output=tmp_path / "built.apkg"))
    assert built.package is not None, built.loaded.problems
    learner.import_package(built.package.path)
    shipped = {d["name"]: (d["desc"], d.get("md", False)) for d in learner.col.decks.all()}
    assert shipped["French::Vocabulary"] == ("Words and <em>sounds</em>", False)
    assert "French::Empty" not in shipped


def test_cards_in_a_filtered_deck_count_in_their_home_deck(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    package = tmp_path / "deck.apkg"
    shutil.copy(exports["legacy"], package)

    def cram(decks: dict[str, Any]) -> list[str]:
        decks["4242"] = {**decks["1"], "id": 4242, "name": "French::Cram", "dyn": 1}
        return ["UPDATE cards SET odid = did, odue = due, did = 4242, due = -100000"]

    rewrite_legacy(package, decks=cram)
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(package), str(project))
    assert status == 0, out + err
    assert sorted(p.name for p in project.glob("*.yaml")) == [
        "1-main.yaml",
        "2-grammar.yaml",
        "3-grammar-math.yaml",
        "4-vocabulary.yaml",
        "deck.yaml",
    ]
    assert "  - id: bonjour\n" in (project / "1-main.yaml").read_text()
