"""A project's own note types (``note-types/<key>/``), in a learner's Anki:
fields, cards per note, rendered sides, kept ids, and updates in place."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from custom_types import CARDS, CLOZE_TYPE, FILES, VOCAB_TYPE
from peerdeck import pipeline
from peerdeck.cli import main
from peerdeck.ids import guid_for_note
from peerdeck.settings import RunSettings

from helpers import Learner, visible, write_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", FILES)


def build(project: Path, out: Path, epoch: int) -> Path:
    built = pipeline.build(RunSettings(project, output=out, timestamp=epoch))
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package.path


def test_custom_types_reach_anki_with_their_fields_cards_and_ids(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    log = learner.import_package(build(project, tmp_path / "deck.apkg", 1_700_000_000))
    assert len(log.new) == 4
    notes = learner.notes_by_guid()
    bonjour = notes[guid_for_note("test-deck", "bonjour")]
    vocab = bonjour.note_type()
    assert vocab["id"] == 1596422417921 and vocab["name"] == "Vocabulary (FR)"
    assert [f["name"] for f in vocab["flds"]] == ["Word", "Meaning", "Audio"]
    assert [f["id"] for f in vocab["flds"]][:2] == [8122370157418125052, -4242424242424242]
    assert [t["name"] for t in vocab["tmpls"]] == ["Recognition", "Production"]
    assert [t["id"] for t in vocab["tmpls"]] == [3339158235092003071, 77]
    assert ".word { font-size: 2em; }" in vocab["css"]
    assert vocab["sortf"] == 1  # sort-field: Meaning
    # Markdown fields rendered, the html field exactly as written
    assert bonjour["Meaning"] == "<em>hello</em>"
    assert bonjour["Audio"] == '<span class="raw">**not Markdown**</span>'
    recognition, production = sorted(bonjour.cards(), key=lambda card: card.ord)
    assert visible(recognition.question()) == "bonjour **not Markdown**"
    assert visible(recognition.answer()).endswith("hello")
    assert visible(production.question()) == "hello"
    assert visible(production.answer()).endswith("bonjour")
    # no Meaning: the production template's front is empty, so one card only
    merci = notes[guid_for_note("test-deck", "merci")]
    assert [card.ord for card in merci.cards()] == [0]
    capital = notes[guid_for_note("test-deck", "capital")]
    assert capital.note_type()["name"] == "Cloze Plus" and capital.note_type()["type"] == 1
    first, second = sorted(capital.cards(), key=lambda card: card.ord)
    assert visible(first.question()).startswith("[...] is the capital of France")
    assert visible(second.question()).startswith("Paris is the capital of [...]")
    assert "A fact" in visible(second.answer()) and "A fact" not in visible(second.question())
    assert learner.col.card_count() == 6


def test_a_changed_template_updates_in_place_without_a_fork(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    learner.import_package(build(project, tmp_path / "v1.apkg", 1_700_000_000))
    learner.answer_all()
    front = project / "note-types/vocab-fr/recognition.front.html"
    front.write_text('<div class="word big">{{Word}}</div>\n{{Audio}}\n', encoding="utf-8")
    back = project / "note-types/cloze-plus/back.html"  # a type without ids of its own
    back.write_text("{{cloze:Passage}}\n<hr>\n{{Notes}}\n", encoding="utf-8")
    log = learner.import_package(build(project, tmp_path / "v2.apkg", 1_700_000_100))
    assert len(log.new) == 0 and len(log.conflicting) == 0
    names = sorted(model.name for model in learner.col.models.all_names_and_ids())
    assert not any(name.endswith("+") for name in names)
    note = learner.notes_by_guid()[guid_for_note("test-deck", "bonjour")]
    assert 'class="word big"' in note.note_type()["tmpls"][0]["qfmt"]
    capital = learner.notes_by_guid()[guid_for_note("test-deck", "capital")]
    assert "<hr>" in capital.note_type()["tmpls"][0]["afmt"]
    assert len(names) == len(set(names))  # no type imported twice
    assert {"Cloze Plus", "Vocabulary (FR)", "peerdeck Basic"} <= set(names)
    assert all(count == 1 for count in learner.reviews().values())


def test_renaming_a_field_needs_a_new_version(project: Path, tmp_path: Path) -> None:
    build(project, tmp_path / "v1.apkg", 1_700_000_000)
    declared = project / "note-types/vocab-fr/note-type.yaml"
    declared.write_text(VOCAB_TYPE.replace("Meaning", "Sense"), encoding="utf-8")
    cards = project / "cards.yaml"
    cards.write_text(CARDS.replace('Meaning: "*hello*"', 'Sense: "*hello*"'), encoding="utf-8")
    (project / "note-types/vocab-fr/recognition.back.html").write_text("{{Sense}}\n")
    (project / "note-types/vocab-fr/production.front.html").write_text("{{Sense}}\n")
    refused = pipeline.build(
        RunSettings(project, output=tmp_path / "v2.apkg", timestamp=1_700_000_100)
    )
    assert [(p.code, p.path.name) for p in refused.loaded.problems] == [("PD023", "deck.yaml")]
    assert "note_types: {vocab-fr: 2}" in refused.loaded.problems[0].message
    deck = (project / "deck.yaml").read_text() + "note_types: {vocab-fr: 2}\n"
    (project / "deck.yaml").write_text(deck, encoding="utf-8")
    built = pipeline.build(
        RunSettings(project, output=tmp_path / "v2.apkg", timestamp=1_700_000_100)
    )
    assert built.loaded.problems == [] and built.release is not None
    locked = built.release.lock.note_types["vocab-fr"]
    assert locked.name == "Vocabulary (FR) v2" and locked.id != 1596422417921


def test_the_schema_of_a_project_knows_its_note_types(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    printed = CliRunner().invoke(main, ["schema", "card"])
    assert printed.exit_code == 0, printed.output
    validator = Draft202012Validator(json.loads(printed.stdout))
    assert validator.is_valid(yaml.safe_load(CARDS))
    misspelt = CARDS.replace("Word: merci", "Wrod: merci")
    assert not validator.is_valid(yaml.safe_load(misspelt))
    (project / "cards.yaml").write_text(misspelt, encoding="utf-8")
    assert [p.code for p in pipeline.check(RunSettings(project)).problems] == ["PD004", "PD006"]
    typed = project / "note-types/typed"  # a key that could name another definition
    typed.mkdir()
    (typed / "note-type.yaml").write_text(
        "name: Typed\nfields: [{name: T}]\ntemplates: [{name: C, front: f.html, back: f.html}]\n"
    )
    (typed / "f.html").write_text("{{T}}\n")
    both = Draft202012Validator(json.loads(CliRunner().invoke(main, ["schema", "card"]).stdout))
    assert both.is_valid(yaml.safe_load(CARDS + "  - {id: t, type: typed, fields: {T: x}}\n"))
    assert not both.is_valid(yaml.safe_load(CARDS + "  - {id: t, type: typed, fields: {U: x}}\n"))
    deck = Draft202012Validator(json.loads(CliRunner().invoke(main, ["schema", "deck"]).stdout))
    assert deck.is_valid({"name": "D", "id": "d", "note_types": {"vocab-fr": 2}})


def test_lint_stats_and_diff_treat_custom_types_as_their_own(project: Path, tmp_path: Path) -> None:
    cards = project / "cards.yaml"
    cards.write_text(
        CARDS.replace("**not Markdown**", "<script>alert(1)</script>")
        + "  - id: again\n    type: vocab-fr\n    fields:\n      Word: bonjour\n",
        encoding="utf-8",
    )
    found = [(p.code, p.line) for p in pipeline.lint(RunSettings(project)).problems]
    assert ("PD108", 7) in found  # the raw HTML field holds a script
    assert ("PD101", 24) in found  # the same first field as 'bonjour', within one type
    assert [line for code, line in found if code == "PD115"] == [18]  # the basic note only
    cards.write_text(CARDS, encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(main, ["stats", str(project), "--format", "json"])
    types = json.loads(shown.stdout)["types"]
    assert types["vocab-fr"] == {"notes": 2, "cards": 3}
    assert types["cloze-plus"] == {"notes": 1, "cards": 2}
    old = build(project, tmp_path / "old.apkg", 1_700_000_000)
    (project / "note-types/vocab-fr/style.css").write_text(".card { color: teal; }\n")
    cards.write_text(CARDS.replace("Word: merci", "Word: merci beaucoup"), encoding="utf-8")
    listed = runner.invoke(main, ["diff", str(old), str(project)])
    assert listed.exit_code == 0, listed.output
    assert "Word: merci {+beaucoup+}" in listed.stdout
    assert "Vocabulary (FR) (1596422417921): styling changed" in listed.stdout


def test_raw_html_fields_ship_their_media_under_the_names_written(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    picture = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    (project / "media").mkdir()
    (project / "media/chat photo.png").write_bytes(picture)
    (project / "media/chat.mp3").write_bytes(b"ID3 not really a sound")
    audio = '<img src="chat photo.png"> [sound:chat.mp3]'
    cards = CARDS.replace("'<span class=\"raw\">**not Markdown**</span>'", repr(audio))
    (project / "cards.yaml").write_text(cards, encoding="utf-8")
    learner.import_package(build(project, tmp_path / "deck.apkg", 1_700_000_000))
    note = learner.notes_by_guid()[guid_for_note("test-deck", "bonjour")]
    assert note["Audio"] == audio
    stored = Path(learner.col.media.dir())
    assert (stored / "chat photo.png").read_bytes() == picture
    assert (stored / "chat.mp3").read_bytes() == b"ID3 not really a sound"
    (project / "cards.yaml").write_text(cards.replace("chat.mp3", "dog.mp3"), encoding="utf-8")
    missing = pipeline.check(RunSettings(project)).problems
    assert [(p.code, p.line, p.column) for p in missing] == [("PD014", 7, 49)]


def test_a_retired_custom_note_shows_its_notice_in_its_own_fields(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    learner.import_package(build(project, tmp_path / "v1.apkg", 1_700_000_000))
    kept = CARDS.split("  - id: merci")[0] + "  - id: plain" + CARDS.split("  - id: plain")[1]
    (project / "cards.yaml").write_text(kept, encoding="utf-8")
    retired = "retired:\n  - {id: merci, reason: Too easy.}\n  - {id: capital, reason: Moved.}\n"
    (project / "deck.yaml").write_text((project / "deck.yaml").read_text() + retired)
    log = learner.import_package(build(project, tmp_path / "v2.apkg", 1_700_000_100))
    assert len(log.new) == 0 and len(log.conflicting) == 0
    notes = learner.notes_by_guid()
    merci = notes[guid_for_note("test-deck", "merci")]
    assert merci["Word"] == "This card has been retired from the deck."
    assert merci["Meaning"].startswith("Why: Too easy.")
    capital = notes[guid_for_note("test-deck", "capital")]
    assert "{{c1::retired}}" in capital["Passage"] and "{{c2::retired}}" in capital["Passage"]
    assert capital["Notes"].startswith("Why: Moved.")
    assert len(capital.cards()) == 2


def test_a_note_type_made_in_anki_stays_the_same_note_type(
    tmp_path: Path, learner: Learner
) -> None:
    """The learner's Anki already has the type (an author's own, say): a
    project that declares its ids and names adds notes to it, no copy."""
    models = learner.col.models
    made = models.new("Vocab Anki")
    for name in ("Word", "Meaning"):
        models.add_field(made, models.new_field(name))
    template = models.new_template("Recognition")
    template["qfmt"], template["afmt"] = "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"
    models.add_template(made, template)
    models.add(made)
    anki = models.by_name("Vocab Anki")
    assert anki is not None
    field_ids = [field["id"] for field in anki["flds"]]
    declared = (
        f"name: Vocab Anki\nid: {anki['id']}\nfields:\n"
        f"  - {{name: Word, id: {field_ids[0]}}}\n  - {{name: Meaning, id: {field_ids[1]}}}\n"
        "templates:\n"
        f"  - {{name: Recognition, id: {anki['tmpls'][0]['id']}, front: f.html, back: b.html}}\n"
    )
    project = write_project(
        tmp_path / "project",
        {
            "note-types/vocab/note-type.yaml": declared,
            "note-types/vocab/f.html": "{{Word}}",
            "note-types/vocab/b.html": "{{FrontSide}}<hr id=answer>{{Meaning}}",
            "cards.yaml": "notes:\n  - {id: chat, type: vocab, fields: {Word: chat}}\n",
        },
    )
    log = learner.import_package(build(project, tmp_path / "deck.apkg", 1_700_000_000))
    assert len(log.new) == 1
    names = [entry.name for entry in models.all_names_and_ids()]
    assert names.count("Vocab Anki") == 1 and "Vocab Anki+" not in names
    note = learner.notes_by_guid()[guid_for_note("test-deck", "chat")]
    assert note.mid == anki["id"] and visible(note.cards()[0].question()) == "chat"


def test_the_note_type_schema_agrees_with_the_check(project: Path) -> None:
    printed = CliRunner().invoke(main, ["schema", "note-type"])
    validator = Draft202012Validator(json.loads(printed.stdout))
    assert validator.is_valid(yaml.safe_load(VOCAB_TYPE))
    assert validator.is_valid(yaml.safe_load(CLOZE_TYPE))
    mistakes = {
        "kind": VOCAB_TYPE.replace("kind: standard", "kind: standrd"),
        "id": VOCAB_TYPE.replace("id: 1596422417921", "id: 0"),
        "no fields": VOCAB_TYPE.split("fields:")[0] + "fields: []\ntemplates: []\n",
        "format": VOCAB_TYPE.replace("format: html", "format: text"),
        "template key": VOCAB_TYPE.replace("back: production", "bak: production"),
    }
    declared = project / "note-types/vocab-fr/note-type.yaml"
    for what, text in mistakes.items():
        assert not validator.is_valid(yaml.safe_load(text)), what
        declared.write_text(text, encoding="utf-8")
        assert not pipeline.check(RunSettings(project)).ok, what
