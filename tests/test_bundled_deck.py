"""The Peer Support deck that ships in cards/, as a learner's Anki sees it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from peerdeck import pipeline
from peerdeck.model import NoteKind
from peerdeck.settings import RunSettings

from helpers import Learner, visible

ROOT = Path(__file__).parent.parent
CARDS = ROOT / "cards"
SHARED = ROOT.parent / "shared"

# Counts by note type: update them when the deck grows, on purpose.
EXPECTED_NOTES = {
    NoteKind.BASIC: 52,
    NoteKind.CLOZE: 15,
    NoteKind.TYPE_IN: 4,
    NoteKind.REVERSED: 1,
    NoteKind.MULTIPLE_CHOICE: 25,
}
EXPECTED_CARDS = 116
# Notes retired since the first edition: they keep shipping as notices.
RETIRED_NOTES = 14
RETIRED_CARDS = 17


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # --locked: the committed lock must record the deck as it is, and stays untouched.
    out = tmp_path_factory.mktemp("bundled") / "deck.apkg"
    built = pipeline.build(RunSettings(CARDS, output=out, timestamp=1_700_000_000, locked=True))
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package.path


def test_the_deck_is_valid_with_the_expected_notes() -> None:
    loaded = pipeline.check(RunSettings(CARDS))
    assert loaded.problems == [] and loaded.deck is not None
    counts: dict[str, int] = {kind: 0 for kind in NoteKind}
    for note in loaded.deck.notes:
        counts[note.kind] += 1
    assert counts == EXPECTED_NOTES
    assert loaded.deck.name == "Peer Support" and loaded.deck.id == "peer-support"
    assert len(loaded.deck.sources) == 5


def test_every_note_cites_a_source_with_a_quote() -> None:
    deck = pipeline.check(RunSettings(CARDS)).deck
    assert deck is not None
    for note in deck.notes:
        assert note.source is not None, note.id
        assert note.quote and len(note.quote.split()) <= 35, note.id


def test_a_learner_gets_every_card_rendered(package: Path, learner: Learner) -> None:
    learner.import_package(package)
    col = learner.col
    assert col.note_count() == sum(EXPECTED_NOTES.values()) + RETIRED_NOTES
    assert col.card_count() == EXPECTED_CARDS + RETIRED_CARDS
    retired = col.find_cards("tag:peerdeck::retired")
    assert len(retired) == RETIRED_CARDS
    # A new learner never studies a retired note: its cards arrive suspended.
    assert col.find_cards("tag:peerdeck::retired is:suspended") == retired
    for card in learner.cards():
        question, answer = visible(card.question()), visible(card.answer())
        note = card.note()
        if "peerdeck::retired" in note.tags:
            # A notice cites nothing; its reason is in a field the answer shows
            # (a type-in's only through the typed-answer comparison).
            assert "has been retired" in question + answer, note.guid
            assert any("Why: " in value for value in note.values()), note.guid
            continue
        assert question and answer and answer != question, note.guid
        assert note["Source"], note.guid
    decks = {d.name for d in col.decks.all_names_and_ids()} - {"Default"}
    assert "Peer Support::Exam practice" in decks
    assert all(name == "Peer Support" or name.startswith("Peer Support::") for name in decks)
    tags = col.tags.all()
    assert tags and all(
        tag.startswith("peer-support::") or tag == "peerdeck::retired" for tag in tags
    )


@pytest.mark.skipif(
    not (SHARED / "tools" / "check_quotes.py").exists(),
    reason="the source articles are not beside the project",
)
def test_every_quote_is_in_its_articles() -> None:
    result = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "check_quotes.py"), str(CARDS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deck_passes_every_lint_rule_without_exceptions() -> None:
    loaded = pipeline.lint(RunSettings(CARDS))
    assert loaded.problems == []
    assert loaded.deck is not None
    assert all(not note.lint_ignore for note in loaded.deck.notes)
