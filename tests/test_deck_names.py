"""Subdeck names equal but for letter case or Unicode normalisation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from peerdeck import pipeline
from peerdeck.package import write_package
from peerdeck.settings import RunSettings

from helpers import Learner, write_project


def test_anki_renames_one_of_two_names_equal_but_for_case(tmp_path: Path, learner: Learner) -> None:
    """Why check refuses them (PD041): the package made anyway loses a name."""
    files: dict[str, str | bytes] = {
        "a.yaml": "deck: Topic\nnotes:\n  - {id: one, front: One?, back: One.}\n",
        "b.yaml": "deck: Other\nnotes:\n  - {id: two, front: Two?, back: Two.}\n",
    }
    deck = pipeline.check(RunSettings(write_project(tmp_path / "p", files))).deck
    assert deck is not None
    first, second = deck.notes
    moved = dataclasses.replace(second, deck="Test Deck::topic")
    package = write_package(dataclasses.replace(deck, notes=(first, moved)), tmp_path / "x.apkg", 1)
    learner.import_package(package.path)
    names = {entry.name for entry in learner.col.decks.all_names_and_ids()}
    subdecks = sorted(name for name in names if name.startswith("Test Deck::"))
    # One keeps its name; the other is renamed (which one depends on the ids).
    assert subdecks in (
        ["Test Deck::Topic", "Test Deck::topic_"],
        ["Test Deck::Topic_", "Test Deck::topic"],
    )


def test_check_refuses_them_at_the_deck_key(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "a.yaml": "deck: Topic\nnotes:\n  - {id: one, front: One?, back: One.}\n",
        "b.yaml": "# lower\ndeck: topic\nnotes:\n  - {id: two, front: Two?, back: Two.}\n",
        "c.yaml": "deck: Topic::Sub\nnotes:\n  - {id: three, front: Three?, back: Three.}\n",
    }
    problems = pipeline.check(RunSettings(write_project(tmp_path, files))).problems
    assert [(p.path.name, p.line, p.code) for p in problems] == [("b.yaml", 2, "PD041")]
