from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_answers_readable_from_their_question_are_reported(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            notes:
              - id: given-away
                front: How does mutual trust grow in a group?
                back: Mutual trust.
              - id: stop-words-only
                front: Which article is it, a or the?
                back: The
              - id: cloze-given-away
                type: cloze
                text: "{{c1::Trust}} grows slowly; trust is earned with {{c2::time}}."
              - id: cloze-hint
                type: cloze
                text: "Rapport rests on {{c1::empathy::empathy}}."
              - id: cloze-fine
                type: cloze
                text: "Rapport rests on {{c1::empathy}} and {{c2::listening}}."
            """
        },
    )
    assert lint_found(tmp_path, "PD112") == [
        ("a.yaml", 3, 12, "'front' contains its own answer ('back')"),
        ("a.yaml", 10, 12, "card c1 shows its own answer 'Trust' elsewhere in the text"),
        ("a.yaml", 13, 29, "card c1 shows its own answer 'empathy' elsewhere in the text"),
    ]
