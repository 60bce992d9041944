"""The exported JSON Schema agrees with the validator: the bundled deck
passes both, and every file in a corpus of mistakes fails both."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from peerdeck import json_schema, note_type_schema, pipeline, schema
from peerdeck.cli import main
from peerdeck.problems import has_errors
from peerdeck.schema import Key, Kind
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, write_project

CARDS = Path(__file__).parent.parent / "cards"
CARD = Draft202012Validator(json_schema.card_schema())
DECK = Draft202012Validator(json_schema.deck_schema())
GOOD_CARD_FILE = "notes:\n  - id: good\n    front: Q\n    back: A\n"


def _valid(validator: Draft202012Validator, text: str) -> bool:
    return bool(validator.is_valid(yaml.safe_load(textwrap.dedent(text))))


@pytest.mark.parametrize("kind", sorted(json_schema.SCHEMAS))
def test_the_schemas_are_valid_draft_2020_12(kind: str) -> None:
    exported: dict[str, Any] = json_schema.SCHEMAS[kind]()
    Draft202012Validator.check_schema(exported)
    assert exported["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", sorted(CARDS.glob("*.yaml")), ids=lambda p: p.name)
def test_the_bundled_deck_follows_the_schema(path: Path) -> None:
    validator = DECK if path.name == "deck.yaml" else CARD
    errors = [error.message for error in validator.iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []


BAD_CARD_FILES = {
    "unknown key": "notes:\n  - {id: a, front: Q, back: A, fornt: Q}",
    "field of another type": "notes:\n  - {id: a, front: Q, back: A, text: '{{c1::x}}'}",
    "number for text": "notes:\n  - {id: a, front: 42, back: A}",
    "boolean for text": "notes:\n  - {id: a, front: Q, back: yes}",
    "missing back": "notes:\n  - {id: a, front: Q}",
    "missing id": "notes:\n  - {front: Q, back: A}",
    "empty front": "notes:\n  - {id: a, front: '  ', back: A}",
    "bad id": "notes:\n  - {id: Bad_Id, front: Q, back: A}",
    "bad tag": "notes:\n  - {id: a, front: Q, back: A, tags: [has space]}",
    "tags as mapping": "tags: {a: b}\nnotes:\n  - {id: a, front: Q, back: A}",
    "unknown note type": "notes:\n  - {id: a, type: flip, front: Q, back: A}",
    "unknown file type": "type: flip\nnotes:\n  - {id: a, front: Q, back: A}",
    "cloze file, basic fields": "type: cloze\nnotes:\n  - {id: a, front: Q, back: A}",
    "cloze note without text": "notes:\n  - {id: a, type: cloze, extra: E}",
    "basic note in cloze file without back": "type: cloze\nnotes:\n"
    "  - {id: a, type: basic, front: Q}",
    "too many choices": "notes:\n  - {id: a, type: multiple-choice, question: Q,"
    " choices: [a, b, c, d, e, f, g], answer: a}",
    "one choice": "notes:\n  - {id: a, type: multiple-choice, question: Q,"
    " choices: [a], answer: a}",
    "repeated choice": "notes:\n  - {id: a, type: multiple-choice, question: Q,"
    " choices: [a, a], answer: a}",
    "choices as text": "notes:\n  - {id: a, type: multiple-choice, question: Q,"
    " choices: a, answer: a}",
    "source without ref": "notes:\n  - {id: a, front: Q, back: A, source: {quote: q}}",
    "source with unknown key": "notes:\n  - {id: a, front: Q, back: A,"
    " source: {ref: article, page: 3}}",
    "note is text": "notes:\n  - just a question",
    "notes not a list": "notes: {id: a}",
    "no notes key": "deck: Sub\n",
    "unknown file key": "decks: Sub\nnotes:\n  - {id: a, front: Q, back: A}",
}

BAD_DECK_FILES = {
    "missing id": "name: Deck\n",
    "missing name": "id: deck\n",
    "bad id": "name: Deck\nid: My Deck\n",
    "unknown key": "name: Deck\nid: deck\ndescripton: x\n",
    "empty name": "name: ''\nid: deck\n",
    "bad url": "name: Deck\nid: deck\nsources:\n  a: {title: T, url: ftp://x.org}\n",
    "source without title": "name: Deck\nid: deck\nsources:\n  a: {file: a.txt}\n",
    "source key not a slug": "name: Deck\nid: deck\nsources:\n  A B: {title: T}\n",
    "sources as list": "name: Deck\nid: deck\nsources:\n  - {title: T}\n",
    "number for file": "name: Deck\nid: deck\nsources:\n  a: {title: T, file: 12}\n",
    "subdecks as list": "name: Deck\nid: deck\nsubdecks: [Sub]\n",
    "subdeck without description": "name: Deck\nid: deck\nsubdecks:\n  Sub: {format: html}\n",
    "unknown description format": "name: Deck\nid: deck\ndescription: x\ndescription_format: xml\n",
    "empty subdeck description": "name: Deck\nid: deck\nsubdecks:\n  Sub: {description: ''}\n",
}

GOOD_CARD_FILES = {
    "file type for untyped notes": "type: cloze\nnotes:\n  - {id: a, text: '{{c1::x}}'}",
    "note type over file type": "type: cloze\nnotes:\n  - {id: a, type: basic, front: Q, back: A}",
    "one tag as text, empty extra": "tags: one\nnotes:\n  - {id: a, type: cloze,"
    " text: '{{c1::x}}', extra: }",
    "every note type": """\
        notes:
          - {id: a, front: Q, back: A, note: why, source: {ref: article, quote: q}}
          - {id: b, type: reversed, front: Q, back: A, tags: [x::y]}
          - {id: c, type: type-in, front: Q, back: A}
          - {id: d, type: multiple-choice, question: Q, choices: [a, b], answer: a}
        """,
}


@pytest.mark.parametrize("text", BAD_CARD_FILES.values(), ids=BAD_CARD_FILES)
def test_bad_card_files_fail_the_schema_and_the_check(tmp_path: Path, text: str) -> None:
    assert not _valid(CARD, text)
    root = write_project(tmp_path, {"cards.yaml": text})
    assert has_errors(pipeline.check(RunSettings(root)).problems)


@pytest.mark.parametrize("text", BAD_DECK_FILES.values(), ids=BAD_DECK_FILES)
def test_bad_deck_files_fail_the_schema_and_the_check(tmp_path: Path, text: str) -> None:
    assert not _valid(DECK, text)
    root = write_project(tmp_path, {"cards.yaml": GOOD_CARD_FILE}, deck=text)
    assert has_errors(pipeline.check(RunSettings(root)).problems)


@pytest.mark.parametrize("text", GOOD_CARD_FILES.values(), ids=GOOD_CARD_FILES)
def test_good_card_files_pass_the_schema_and_the_check(tmp_path: Path, text: str) -> None:
    assert _valid(CARD, text)
    assert _valid(DECK, DECK_YAML)
    root = write_project(tmp_path, {"cards.yaml": text})
    assert pipeline.check(RunSettings(root)).problems == []


def test_a_key_kind_without_a_schema_cannot_be_declared() -> None:
    class Level(Kind):  # forgot json_schema
        pass

    with pytest.raises(TypeError, match="abstract"):
        Key("level", Level(), "A lint setting.")  # type: ignore[abstract]


@pytest.mark.parametrize(
    "keys",
    [
        note_type_schema.NOTE_TYPE_KEYS,
        note_type_schema.NOTE_TYPE_FIELD_KEYS,
        note_type_schema.NOTE_TYPE_TEMPLATE_KEYS,
        schema.CUSTOM_NOTE_KEYS,
    ],
)
def test_every_declared_kind_exports_a_schema(keys: tuple[Key, ...]) -> None:
    Draft202012Validator.check_schema(json_schema.object_schema(keys))


@pytest.mark.parametrize("kind", ["card", "deck"])
def test_schema_prints_the_schema_as_json(kind: str) -> None:
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema.SCHEMAS[kind]()


def test_schema_refuses_an_unknown_kind() -> None:
    result = CliRunner().invoke(main, ["schema", "notes"])
    assert result.exit_code == 2
    assert "'notes' is not one of 'card', 'deck'" in result.stderr


def test_described_subdecks_pass_the_schema_and_the_check(tmp_path: Path) -> None:
    deck = (
        "name: Deck\nid: deck\ndescription: <b>raw</b>\ndescription_format: html\n"
        "subdecks:\n  Sub::Inner: {description: '*Markdown*'}\n"
        "  Sub: {description: <i>raw</i>, description_format: html}\n"
    )
    assert _valid(DECK, deck)
    cards = "deck: Sub::Inner\n" + GOOD_CARD_FILE
    root = write_project(tmp_path, {"cards.yaml": cards}, deck=deck)
    assert pipeline.check(RunSettings(root)).problems == []
