"""What a learner's Anki makes of our packages, through the official importer."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from peerdeck import pipeline
from peerdeck.ids import guid_for_note
from peerdeck.settings import RunSettings

from helpers import Learner, visible, write_project

# A 1x1 PNG, so the media really is an image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

CARDS = """\
deck: Topic::Sub
tags: [test::topic]
notes:
  - id: plain
    front: What is **plain**?
    back: Just text.
    source: {ref: article, quote: "plain words"}
  - id: both-ways
    type: reversed
    front: Term
    back: Meaning
  - id: typed
    type: type-in
    front: Which word?
    back: Answer
  - id: three-gaps
    type: cloze
    text: "{{c1::One}}, {{c2::two}} and {{c3::three::a number}}."
    extra: Counting.
    tags: [test::cloze]
  - id: pick-one
    type: multiple-choice
    question: Which is right?
    choices: [Wrong, Right, Also wrong, Nope]
    answer: Right
    explanation: Because it is.
  - id: with-image
    front: "What is shown? ![dot](media/dot.png)"
    back: A dot.
"""


def build(project: Path, out: Path, epoch: int) -> Path:
    built = pipeline.build(RunSettings(project, output=out, timestamp=epoch))
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package.path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "cards", {"topic.yaml": CARDS, "media/dot.png": PNG, "other/x/dot.png": PNG}
    )


def test_notes_cards_decks_tags_and_media(project: Path, tmp_path: Path, learner: Learner) -> None:
    package = build(project, tmp_path / "deck.apkg", 1_700_000_000)
    log = learner.import_package(package)
    assert len(log.new) == 6
    col = learner.col
    assert col.note_count() == 6
    # basic 1 + reversed 2 + type-in 1 + cloze 3 + multiple choice 1 + image 1
    assert col.card_count() == 9
    assert len(col.find_cards('"note:peerdeck Cloze"')) == 3
    assert len(col.find_cards('"note:peerdeck Reversed"')) == 2
    assert {d.name for d in col.decks.all_names_and_ids()} >= {
        "Test Deck",
        "Test Deck::Topic",
        "Test Deck::Topic::Sub",
    }
    assert len(col.find_cards('"deck:Test Deck::Topic::Sub"')) == 9
    assert set(col.tags.all()) == {"test::topic", "test::cloze"}
    for card in learner.cards():
        assert card.question().strip() and card.answer().strip()
        assert card.question() != card.answer()
    media = Path(col.media.dir())
    stored = [p.name for p in media.iterdir()]
    assert len(stored) == 1 and stored[0].startswith("dot-") and stored[0].endswith(".png")
    assert (media / stored[0]).read_bytes() == PNG
    image_note = learner.notes_by_guid()[guid_for_note("test-deck", "with-image")]
    assert f'src="{stored[0]}"' in image_note["Front"]


def test_rendered_cards_show_what_the_author_wrote(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    learner.import_package(build(project, tmp_path / "deck.apkg", 1_700_000_000))
    notes = learner.notes_by_guid()
    plain = notes[guid_for_note("test-deck", "plain")]
    card = plain.cards()[0]
    assert "What is <strong>plain</strong>?" in card.question()
    assert "Just text." in card.answer()
    assert "An Article" in card.answer() and "plain words" in card.answer()
    assert "An Article" not in card.question()

    cloze = notes[guid_for_note("test-deck", "three-gaps")]
    third = next(c for c in cloze.cards() if c.ord == 2)
    assert visible(third.question()) == "One , two and [a number] ."
    assert "three" in visible(third.answer()) and "Counting." in visible(third.answer())

    choice = notes[guid_for_note("test-deck", "pick-one")].cards()[0]
    assert "Also wrong" in visible(choice.question())
    assert "B. Right" in visible(choice.answer())
    assert "Because it is." in visible(choice.answer())

    both = notes[guid_for_note("test-deck", "both-ways")].cards()
    forward, backward = sorted(both, key=lambda c: c.ord)
    assert visible(forward.question()) == "Term"
    assert visible(backward.question()) == "Meaning"


def test_new_cards_are_introduced_in_source_order(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    learner.import_package(build(project, tmp_path / "deck.apkg", 1_700_000_000))
    notes = learner.notes_by_guid()
    order = ["plain", "both-ways", "typed", "three-gaps", "pick-one", "with-image"]
    dues = [min(c.due for c in notes[guid_for_note("test-deck", i)].cards()) for i in order]
    assert dues == sorted(dues) and len(set(dues)) == len(dues)


def test_a_new_build_updates_notes_in_place_and_keeps_history(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    first = build(project, tmp_path / "v1.apkg", 1_700_000_000)
    learner.import_package(first)
    answered = learner.answer_all()
    assert answered == 9
    before_ids = {guid: note.id for guid, note in learner.notes_by_guid().items()}
    before_cards = {card.id: (card.nid, card.ord) for card in learner.cards()}
    before_reviews = learner.reviews()
    assert sum(before_reviews.values()) == 9

    edited = (project / "topic.yaml").read_text()
    edited = edited.replace("Just text.", "Just plain text, corrected.")
    edited = edited.replace("{{c2::two}}", "{{c2::TWO}}")
    edited = edited.replace("explanation: Because it is.", "explanation: It is the right one.")
    edited += "  - id: added-later\n    front: New question?\n    back: New answer.\n"
    (project / "topic.yaml").write_text(edited)
    second = build(project, tmp_path / "v2.apkg", 1_700_086_400)
    log = learner.import_package(second)

    # Only the three edited notes carry the new build's time; Anki rewrites
    # those in place and leaves the other three alone.
    assert len(log.new) == 1 and len(log.updated) == 3
    notes = learner.notes_by_guid()
    assert learner.col.note_count() == 7  # six kept, one added, nothing duplicated
    assert learner.col.card_count() == 10
    for guid, note_id in before_ids.items():
        assert notes[guid].id == note_id
    assert notes[guid_for_note("test-deck", "plain")]["Back"] == "Just plain text, corrected."
    assert "TWO" in notes[guid_for_note("test-deck", "three-gaps")]["Text"]
    assert "right one" in notes[guid_for_note("test-deck", "pick-one")]["Explanation"]
    after_cards = {card.id: (card.nid, card.ord) for card in learner.cards()}
    assert before_cards.items() <= after_cards.items()
    assert learner.reviews() == before_reviews
    for card in learner.cards():
        if card.id in before_cards:
            assert card.reps == 1 and card.type != 0  # still scheduled, not new again


def test_an_unchanged_rebuild_changes_nothing(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    learner.import_package(build(project, tmp_path / "v1.apkg", 1_700_000_000))
    learner.answer_all()
    log = learner.import_package(build(project, tmp_path / "v2.apkg", 1_700_000_000))
    assert len(log.new) == 0 and len(log.updated) == 0
    assert learner.col.note_count() == 6
