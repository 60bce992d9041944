from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_a_skipped_number_is_reported_at_the_deletion_after_the_gap(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            type: cloze
            notes:
              - id: gap
                text: "{{c1::Trust}} needs {{c3::time}} and {{c4::care}}."
              - id: fine
                text: "{{c2::Trust}} needs {{c1::time}}."
            """
        },
    )
    assert lint_found(tmp_path, "PD102") == [
        (
            "a.yaml",
            4,
            32,
            "cloze numbers skip c2 (the note has c1, c3, c4); number the deletions c1, c2, ...",
        )
    ]


def test_a_huge_gap_is_counted_not_listed(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            type: cloze
            notes:
              - id: far
                text: "{{c1::Trust}} needs {{c65535::time}}."
            """
        },
    )
    assert lint_found(tmp_path, "PD102") == [
        (
            "a.yaml",
            4,
            32,
            "cloze numbers skip c2, c3, c4, c5, c6 and 65528 more (the note has c1, c65535);"
            " number the deletions c1, c2, ...",
        )
    ]
