"""The preview's cards are Anki's: every card of the bundled deck and of a
deck with every note type, rendered by the official ``anki`` package from a
built package, is the card in the page, with only the documented changes of
``dress`` (play buttons, the type-in box, math typeset)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from custom_types import FILES
from peerdeck import pipeline
from peerdeck.preview import preview
from peerdeck.preview.dress import dress
from peerdeck.settings import RunSettings

from helpers import Learner, write_project
from previewed import MP3, anki_side, every_type_project, hint_ids, site_data

ROOT = Path(__file__).parent.parent.parent


def _compare(root: Path, tmp_path: Path, learner: Learner) -> int:
    """Build ``root``, import it, preview it, and compare every card; the
    number of cards compared."""
    settings = RunSettings(root, output=tmp_path / "deck.apkg", timestamp=1_700_000_000)
    built = pipeline.build(settings)
    assert built.package is not None and built.release is not None, built.loaded.problems
    learner.import_package(built.package.path)
    ids_by_guid = {note.guid: note_id for note_id, note in built.release.lock.notes.items()}
    result = preview(root, tmp_path / "site")
    assert result.path is not None, result.loaded.problems
    shown = {note["i"]: note for note in site_data(result.path)["notes"]}
    compared = 0
    for card in learner.cards():
        anki_note = card.note()
        note = shown[ids_by_guid[anki_note.guid]]
        fields = dict(anki_note.items())
        cards = {entry[3]: entry for entry in note["c"]}
        assert card.ord in cards, (note["i"], card.ord)
        _, question, answer, _ = cards[card.ord]
        expected = [dress(anki_side(card, side), fields, card.ord, side) for side in (True, False)]
        assert [hint_ids(question), hint_ids(answer)] == [hint_ids(t) for t in expected]
        compared += 1
    assert compared == sum(len(note["c"]) for note in shown.values())
    return compared


def test_every_card_of_the_bundled_deck_is_as_anki_renders_it(
    tmp_path: Path, learner: Learner
) -> None:
    cards = shutil.copytree(ROOT / "cards", tmp_path / "cards")
    assert _compare(cards, tmp_path, learner) >= 116


def test_every_note_type_is_as_anki_renders_it(tmp_path: Path, learner: Learner) -> None:
    root = every_type_project(tmp_path / "project")
    assert _compare(root, tmp_path, learner) == 1 + 2 + 1 + 3 + 1


def test_a_project_s_own_note_types_are_as_anki_renders_them(
    tmp_path: Path, learner: Learner
) -> None:
    root = write_project(tmp_path / "project", FILES)
    # bonjour: both templates; merci: its second front is empty, so one card;
    # two cloze cards; one basic.
    assert _compare(root, tmp_path, learner) == 2 + 1 + 2 + 1


def test_dress_changes_only_what_anki_s_reviewer_fills_in(tmp_path: Path, learner: Learner) -> None:
    root = every_type_project(tmp_path / "project")
    result = preview(root, tmp_path / "site")
    assert result.path is not None
    notes: dict[str, Any] = {n["i"]: n for n in site_data(result.path)["notes"]}
    basic = notes["basic-math-sound"]["c"][0]
    assert '<audio class="sound" controls preload="none" src="hello-' in basic[1]
    assert "<math" in basic[1] and "\\(" not in basic[1]
    assert "<mo>&#x0003C;</mo>" in basic[2]
    typed = notes["typed"]["c"][0]
    assert '<input type="text" id="typeans"' in typed[1]
    assert '<code id="typeans">Paris</code>' in typed[2]
    gaps = [card[1] for card in notes["gaps"]["c"]]
    assert '<span class="cloze" data-cloze="Anki" data-ordinal="1">[...]</span>' in gaps[0]
    assert "[a hint]" in gaps[1]


CUSTOM_FILES: dict[str, str | bytes] = {
    "note-types/vocab/note-type.yaml": """\
name: Vocabulary
kind: standard
fields:
  - name: Word
  - name: Meaning
  - name: Hint
  - name: Audio
templates:
  - name: Recognition
    front: r.front.html
    back: r.back.html
  - name: Production
    front: p.front.html
    back: p.back.html
""",
    "note-types/vocab/r.front.html": (
        "<div class=word>{{Word}}</div>{{Audio}} {{hint:Hint}} <!-- {{Meaning}} -->"
        " <span class=tags>{{Tags}}</span> {{Deck}} {{Subdeck}} {{Card}} {{Type}}"
    ),
    "note-types/vocab/r.back.html": "{{FrontSide}}<hr id=answer>{{Meaning}} {{text:Meaning}}",
    "note-types/vocab/p.front.html": "{{#Meaning}}{{Meaning}}{{type:Word}}{{/Meaning}}",
    "note-types/vocab/p.back.html": "{{FrontSide}}<hr id=answer>{{^Hint}}no hint{{/Hint}}{{Word}}",
    "note-types/vocab/style.css": ".card { color: navy; } .nightMode .card { color: pink; }\n",
    "note-types/gaps/note-type.yaml": """\
name: Gaps
kind: cloze
fields:
  - name: Passage
  - name: Notes
templates:
  - name: Cloze
    front: f.html
    back: b.html
""",
    "note-types/gaps/f.html": "{{cloze:Passage}}{{type:cloze:Passage}}",
    "note-types/gaps/b.html": (
        "{{cloze:Passage}}<br>{{cloze-only:Passage}}{{#Notes}}{{Notes}}{{/Notes}}"
    ),
    "media/hello.mp3": MP3,
    "cards.yaml": r"""
deck: French::Greetings
notes:
  - id: bonjour
    type: vocab
    fields:
      Word: bonjour
      Meaning: "*hello* \\(x^2\\)"
      Hint: a greeting
      Audio: "[sound:media/hello.mp3]"
    tags: [zeta, french::greetings]
  - id: merci
    type: vocab
    fields:
      Word: merci
  - id: capital
    type: gaps
    fields:
      Passage: "{{c1::Paris}} is the capital of {{c2::France::a country}} and {{c1::big}}."
      Notes: A **fact**.
""",
}


def test_a_project_s_own_template_features_are_as_anki_renders_them(
    tmp_path: Path, learner: Learner
) -> None:
    """Hints, the text and type filters, conditionals, comments, special
    fields, cloze typing and cloze-only, in a project's own note types."""
    root = write_project(tmp_path / "project", CUSTOM_FILES)
    assert _compare(root, tmp_path, learner) == 2 + 1 + 2
