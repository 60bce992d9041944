from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_notes_without_a_source_are_reported_at_the_note(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            notes:
              - id: cited
                front: Why?
                back: Because.
                source: {ref: article, quote: because}
              - id: uncited
                front: Why not?
                back: Because not.
            """
        },
    )
    assert lint_found(tmp_path, "PD115") == [
        ("a.yaml", 6, 5, "note 'uncited' cites no source; add 'source' with 'ref' and 'quote'")
    ]
