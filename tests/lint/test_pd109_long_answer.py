from __future__ import annotations

from pathlib import Path

from helpers import DECK_YAML, lint_found, write_project

CARDS = """\
notes:
  - id: long
    front: Why does peer support work?
    back: Because people who have lived through the same struggles understand each other deeply.
  - id: short
    front: What is rapport?
    back: A relationship of mutual trust.
  - id: both-ways
    type: reversed
    front: Rapport
    back: A relationship of mutual trust.
  - id: deletion
    type: cloze
    text: "Peer support works {{c1::because people who have lived through the same struggles
      understand each other}}."
"""


def test_answers_over_the_word_limit_are_reported(tmp_path: Path) -> None:
    write_project(
        tmp_path, {"a.yaml": CARDS}, deck=DECK_YAML + "lint: {limits: {answer-words: 5}}\n"
    )
    assert lint_found(tmp_path, "PD109") == [
        (
            "a.yaml",
            4,
            11,
            "'back' is 13 words long, over 5: too long to recall; ask for one idea per card",
        ),
        (
            "a.yaml",
            14,
            31,
            "deletion c1 is 12 words long, over 5; delete less, or split it into several deletions",
        ),
    ]


def test_the_default_limit_is_15_words(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.yaml": CARDS})
    assert lint_found(tmp_path, "PD109") == []
