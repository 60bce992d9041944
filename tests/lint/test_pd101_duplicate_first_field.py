from __future__ import annotations

from pathlib import Path

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import Learner, lint_found, write_project


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


def test_anki_flags_as_duplicates_exactly_the_notes_reported(
    tmp_path: Path, learner: Learner
) -> None:
    write_project(
        tmp_path / "cards",
        {
            "a.yaml": """\
            notes:
              - {id: bold, front: "What is **trust**?", back: A.}
              - {id: html, front: "What is <b>trust</b>?", back: B.}
              - {id: spaced, front: "What is  trust?", back: C.}
              - {id: other, front: "What is rapport?", back: D.}
            """
        },
    )
    reported = [line for _, line, _, _ in lint_found(tmp_path / "cards", "PD101")]
    assert reported == [3]
    built = pipeline.build(
        RunSettings(tmp_path / "cards", output=tmp_path / "deck.apkg", timestamp=1_700_000_000)
    )
    assert built.package is not None
    learner.import_package(built.package.path)
    duplicate = 2  # NoteFieldsCheckResponse.DUPLICATE
    flagged = {
        learner.col.get_note(nid)["Front"]
        for nid in learner.col.find_notes("")
        if learner.col.get_note(nid).fields_check() == duplicate
    }
    assert flagged == {"What is <strong>trust</strong>?", "What is <b>trust</b>?"}
