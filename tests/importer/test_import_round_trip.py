"""Decks peerdeck did not write by hand: the bundled deck's own package
imported and built again, and a CrowdAnki export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from authoring import crowdanki_export, export, make_author_collection

from peerdeck import pipeline
from peerdeck.importer.collection import Collection, read_package
from peerdeck.importer.crowdanki import read_crowdanki
from peerdeck.settings import RunSettings

from helpers import run_cli

REPOSITORY = Path(__file__).resolve().parents[2]
EPOCH = 1_900_000_000


def build(project: Path, out: Path) -> Path:
    built = pipeline.build(RunSettings(root=project, output=out, timestamp=EPOCH, locked=True))
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package.path


def notes_of(collection: Collection) -> dict[str, tuple[tuple[str, ...], str, int]]:
    """Each note's fields, deck and note type id, by GUID."""
    decks = {deck.id: deck.name for deck in collection.decks}
    return {n.guid: (n.fields, decks[n.deck_id or 0], n.note_type_id) for n in collection.notes}


def types_of(collection: Collection) -> dict[int, tuple[object, ...]]:
    """The note types the notes use, by id."""
    used = {n.note_type_id for n in collection.notes}
    return {
        t.id: (t.name, t.cloze, t.fields, t.templates, t.css)
        for t in collection.note_types
        if t.id in used
    }


def test_the_bundled_deck_comes_back_as_it_was(tmp_path: Path) -> None:
    cards = shutil.copytree(REPOSITORY / "cards", tmp_path / "cards")
    bundled = build(cards, tmp_path / "bundled.apkg")
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(bundled), str(project))
    assert status == 0, out + err
    # Retirement notices carry peerdeck's own tag, which a project cannot write.
    assert "'peerdeck::' are reserved" in err
    again = build(project, tmp_path / "again.apkg")
    with read_package(bundled) as first, read_package(again) as second:
        assert notes_of(second) == notes_of(first)
        assert types_of(second) == types_of(first)
        assert len(first.notes) == 111  # 97 notes and 14 retirement notices


def test_a_crowdanki_export_becomes_a_project_that_builds(tmp_path: Path) -> None:
    col = make_author_collection(tmp_path / "author")
    try:
        folder = crowdanki_export(col, tmp_path / "crowdanki")
    finally:
        col.close()
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(folder), str(project))
    assert status == 0, out + err
    built = build(project, tmp_path / "built.apkg")
    source = read_crowdanki(folder)
    with read_package(built) as read:
        notes, types = notes_of(read), types_of(read)
    # CrowdAnki keeps no note type ids: the project makes its own.
    expected = notes_of(source)
    assert {guid: note[:2] for guid, note in notes.items()} == {
        guid: note[:2] for guid, note in expected.items()
    }
    assert sorted(map(repr, types.values())) == sorted(map(repr, types_of(source).values()))
    assert sorted(p.name for p in (project / "media").iterdir()) == [
        "_font.ttf",
        "cat.png",
        "chat.mp3",
    ]


def test_release_notes_name_an_imported_note_by_its_id(tmp_path: Path) -> None:
    """An imported note's GUID is its learners', not one made from its id:
    diff still names it by its id."""
    col = make_author_collection(tmp_path / "author")
    try:
        package = export(col, tmp_path / "deck.apkg", legacy=False)
    finally:
        col.close()
    project = tmp_path / "project"
    assert run_cli("import", str(package), str(project))[0] == 0
    first = build(project, tmp_path / "v1.apkg")
    cards = project / "1-main.yaml"
    cards.write_text(cards.read_text().replace("Back: Hello", "Back: Hello (informal)"))
    status, out, err = run_cli("diff", str(first), str(project), "--format", "json")
    assert status == 0, out + err
    changed = json.loads(out)["changed"]
    assert [(note["id"], note["deck"]) for note in changed] == [("bonjour", "French")]


def test_an_edited_note_keeps_the_guid_the_lock_records(tmp_path: Path) -> None:
    col = make_author_collection(tmp_path / "author")
    try:
        package = export(col, tmp_path / "deck.apkg", legacy=True)
    finally:
        col.close()
    with read_package(package) as read:
        expected = {n.fields[0]: n.guid for n in read.notes}
    project = tmp_path / "project"
    assert run_cli("import", str(package), str(project))[0] == 0
    cards = project / "1-main.yaml"
    cards.write_text(cards.read_text().replace("Back: Hello", "Back: Hello (informal)"))
    built = pipeline.build(RunSettings(root=project, output=tmp_path / "v2.apkg", timestamp=EPOCH))
    assert built.loaded.problems == [] and built.package is not None
    with read_package(built.package.path) as read:
        assert {n.fields[0]: n.guid for n in read.notes} == expected
        assert ("Bonjour", "Hello (informal)") in [n.fields for n in read.notes]
