from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_lists_in_a_basic_answer_are_reported(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            notes:
              - id: series
                front: What builds rapport?
                back: Empathy, listening and respect.
              - id: markdown-list
                type: type-in
                front: What builds rapport?
                back: |
                  - empathy
                  - listening
              - id: sentence
                front: Why does sharing help?
                back: It shows that recovery is possible, and that nobody is alone.
              - id: pair
                front: What does disclosure foster?
                back: Connection and trust.
            """
        },
    )
    cloze = "make it a cloze note with one deletion per item"
    assert lint_found(tmp_path, "PD110") == [
        ("a.yaml", 4, 11, f"'back' lists 3 items; {cloze}"),
        ("a.yaml", 8, 11, f"'back' lists 2 items; {cloze}"),
    ]
