"""The proof that matters: a learner who has the author's deck from Anki's
own export imports the first peerdeck build of the imported project, and
Anki sees the very notes they have. No new note, no conflict, no note type
copied as "Name+", every field as it was, every card with its reviews, the
media in place; and a new learner gets the same deck."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from authoring import FONT, MP3, NOTES, PNG, VOCAB_CSS, make_exports

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import Learner, run_cli

EPOCH = 1_900_000_000


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_exports(tmp_path_factory.mktemp("exports"))


def imported_and_built(package: Path, folder: Path) -> Path:
    """``peerdeck import``, then the first ``peerdeck build``."""
    folder.mkdir(exist_ok=True)
    project = folder / "project"
    status, out, err = run_cli("import", str(package), str(project))
    assert status == 0, out + err
    built = pipeline.build(
        RunSettings(root=project, output=folder / "built.apkg", timestamp=EPOCH, locked=True)
    )
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package.path


def snapshot(learner: Learner) -> dict[str, Any]:
    col = learner.col
    notes = learner.notes_by_guid()
    return {
        "fields": {guid: list(note.fields) for guid, note in notes.items()},
        "tags": {guid: sorted(note.tags) for guid, note in notes.items()},
        "types": sorted((m["id"], m["name"]) for m in col.models.all()),
        "types used": sorted(
            {
                (n.mid, col.models.get(n.mid)["name"], col.models.get(n.mid)["css"])
                for n in notes.values()
            }
        ),
        "cards": sorted(
            (card.id, card.nid, card.ord, card.type, card.queue, card.ivl, card.did)
            for card in learner.cards()
        ),
        "reviews": learner.reviews(),
        "decks": sorted(
            (d["name"], d["desc"], bool(d.get("md"))) for d in col.decks.all() if d["id"] != 1
        ),
    }


def media(learner: Learner) -> dict[str, bytes]:
    folder = Path(learner.col.media.dir())
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


@pytest.mark.parametrize("kind", ["current", "legacy"])
def test_a_learner_updates_to_the_first_build_and_keeps_everything(
    kind: str, exports: dict[str, Path], tmp_path: Path, learner: Learner
) -> None:
    first = learner.import_package(exports[kind])
    assert len(first.new) == len(NOTES)
    answered = learner.answer_all()
    assert answered == 11  # 2 basic, 2 reversed, 3 clozes, 2 x 2 vocabulary
    before = snapshot(learner)
    assert len(before["reviews"]) == answered
    package = imported_and_built(exports[kind], tmp_path)

    log = learner.import_package(package)

    assert len(log.new) == 0
    assert len(log.conflicting) == 0
    assert len(log.missing_notetype) == 0
    after = snapshot(learner)
    # The first import already named the author's stock types "Basic+" and
    # so on (the learner has a "Basic" of their own); the build adds none.
    assert after["types"] == before["types"]
    assert after == before
    assert media(learner) == {"_font.ttf": FONT, "cat.png": PNG, "chat.mp3": MP3}


@pytest.mark.parametrize("kind", ["current", "legacy"])
def test_a_new_learner_gets_the_authors_deck(
    kind: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    author = Learner.open(tmp_path / "from-anki")
    newcomer = Learner.open(tmp_path / "from-peerdeck")
    try:
        author.import_package(exports[kind])
        package = imported_and_built(exports[kind], tmp_path / "work")
        log = newcomer.import_package(package)
        assert len(log.new) == len(NOTES)
        expected, got = snapshot(author), snapshot(newcomer)
        for key in ("fields", "tags", "types used", "decks"):
            assert got[key] == expected[key], key
        assert media(newcomer) == {"_font.ttf": FONT, "cat.png": PNG, "chat.mp3": MP3}
        # New cards come in the author's order, and render as the author's did.
        order = [newcomer.col.get_note(card.nid).fields[0] for card in by_due(newcomer)]
        assert list(dict.fromkeys(order)) == [fields[0] for _, _, fields, _ in NOTES]
        shown = {(c.note().guid, c.ord): (c.question(), c.answer()) for c in newcomer.cards()}
        assert shown == {(c.note().guid, c.ord): (c.question(), c.answer()) for c in author.cards()}
    finally:
        author.close()
        newcomer.close()


def by_due(learner: Learner) -> list[Any]:
    return sorted(learner.cards(), key=lambda card: (card.due, card.nid, card.ord))


def test_the_project_keeps_ids_names_and_raw_fields(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    status, _, _ = run_cli("import", str(exports["current"]), str(project))
    assert status == 0
    assert sorted(p.name for p in project.iterdir()) == [
        "1-main.yaml",
        "2-grammar.yaml",
        "3-grammar-math.yaml",
        "4-vocabulary.yaml",
        "deck.yaml",
        "media",
        "note-types",
        "peerdeck.lock",
    ]
    deck = (project / "deck.yaml").read_text()
    assert re.fullmatch(
        r"name: French\nid: french-[0-9a-f]{6}\ndescription: French for <b>beginners</b>.\n"
        r"description_format: html\nsubdecks:\n"
        r"  Grammar:\n    description: \|-\n      Verbs <i>and</i> more:\n"
        r"      <ul><li>être</li></ul>\n    description_format: html\n"
        r"  Vocabulary:\n    description: Words and sounds.\n",
        deck,
    ), deck
    vocab = (project / "note-types" / "vocabulary-fr" / "note-type.yaml").read_text()
    assert "name: Vocabulary (FR)\nkind: standard\nid: " in vocab
    assert "sort-field: Meaning\n" in vocab
    assert vocab.count("format: html") == 4
    assert (project / "note-types" / "vocabulary-fr" / "style.css").read_text() == VOCAB_CSS
    grammar = (project / "2-grammar.yaml").read_text()
    assert "deck: Grammar\n" in grammar and "  - id: etre\n" in grammar
    assert (project / "media" / "cat.png").read_bytes() == PNG
    shutil.rmtree(project)


def test_the_command_says_what_it_wrote(exports: dict[str, Path], tmp_path: Path) -> None:
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(exports["legacy"]), str(project))
    assert status == 0
    assert out == (
        f"Imported French into {project}: 7 notes, 4 note types, 3 media files in 4 card"
        f" files.\nNext: cd {project} && peerdeck build\n"
    )
    assert err == ""


def test_the_project_matches_the_editor_schemas(exports: dict[str, Path], tmp_path: Path) -> None:
    """What an editor with peerdeck's JSON Schemas says of the files written."""
    import jsonschema
    import yaml

    from peerdeck import json_schema

    project = tmp_path / "project"
    assert run_cli("import", str(exports["current"]), str(project))[0] == 0
    custom = pipeline.project_note_types(project).types
    assert len(custom) == 4
    schemas = {
        "deck": json_schema.deck_schema(custom),
        "card": json_schema.card_schema(custom),
        "note-type": json_schema.note_type_schema(custom),
    }
    for path in project.rglob("*.yaml"):
        if path.name == "deck.yaml":
            kind = "deck"
        elif path.name == "note-type.yaml":
            kind = "note-type"
        else:
            kind = "card"
        jsonschema.validate(yaml.safe_load(path.read_text()), schemas[kind])
