from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_equal_first_fields_of_one_type_are_reported_at_the_later_note(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            notes:
              - id: one
                front: What is **trust**?
                back: A belief.
              - id: two
                front: "What is <b>trust</b>?"
                back: Reliance.
              - id: three
                type: type-in
                front: What is trust?
                back: Reliance.
            """
        },
    )
    assert lint_found(tmp_path, "PD101") == [
        (
            "a.yaml",
            6,
            12,
            "'front' is the same as note 'one' (a.yaml:3); Anki flags basic notes with equal"
            " first fields as duplicates: reword one, or merge them",
        )
    ]


def test_image_names_keep_first_fields_apart(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.png": b"a",
            "b.png": b"b",
            "a.yaml": """\
            notes:
              - {id: one, front: "Who is this? ![](a.png)", back: Ann.}
              - {id: two, front: "Who is this? ![](b.png)", back: Bob.}
            """,
        },
    )
    assert lint_found(tmp_path, "PD101") == []
