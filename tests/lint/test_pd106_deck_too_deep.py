from __future__ import annotations

from pathlib import Path

from helpers import DECK_YAML, lint_found, write_project

NOTE = "notes: [{id: %s, front: Q %s?, back: A.}]\n"


def test_a_deck_deeper_than_the_limit_is_reported_at_the_deck_key(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": "# topics\ndeck: A::B::C::D\n" + NOTE % ("one", 1),
            "b.yaml": "deck: A::B::C\n" + NOTE % ("two", 2),
        },
    )
    assert lint_found(tmp_path, "PD106") == [
        (
            "a.yaml",
            2,
            7,
            "deck 'Test Deck::A::B::C::D' is 5 levels deep, more than 4; use tags for finer topics",
        )
    ]


def test_the_depth_is_configurable(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {"b.yaml": "deck: A::B\n" + NOTE % ("two", 2)},
        deck=DECK_YAML + "lint: {limits: {deck-depth: 2}}\n",
    )
    assert [found[:3] for found in lint_found(tmp_path, "PD106")] == [("b.yaml", 1, 7)]
