from __future__ import annotations

from pathlib import Path

from helpers import DECK_YAML, lint_found, write_project

CARDS = """\
type: cloze
notes:
  - id: six
    text: "Rapport: {{c1::a}}, {{c2::b}}, {{c3::c}}, {{c4::d}}, {{c5::e}} and {{c6::f}}."
  - id: five
    text: "Rapport: {{c1::a}}, {{c2::b}}, {{c3::c}}, {{c4::d}} and {{c5::e}}."
"""


def test_more_cloze_numbers_than_the_limit_are_reported_at_the_first_one_over(
    tmp_path: Path,
) -> None:
    write_project(tmp_path, {"a.yaml": CARDS})
    assert lint_found(tmp_path, "PD114") == [
        (
            "a.yaml",
            4,
            79,
            "6 cloze numbers, over 5: each card shows the others; split the note into smaller"
            " groups",
        )
    ]


def test_the_limit_is_configurable(tmp_path: Path) -> None:
    write_project(
        tmp_path, {"a.yaml": CARDS}, deck=DECK_YAML + "lint: {limits: {cloze-deletions: 6}}\n"
    )
    assert lint_found(tmp_path, "PD114") == []
