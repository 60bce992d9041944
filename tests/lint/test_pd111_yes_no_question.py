from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_questions_answered_by_yes_or_no_are_reported(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            notes:
              - id: starts-with-a-verb
                front: Is confidentiality absolute?
                back: It has exceptions.
              - id: verdict
                front: Confidentiality is absolute.
                back: "False: it has exceptions."
              - id: true-or-false
                type: multiple-choice
                question: "True or false: confidentiality is absolute."
                choices: ["True", "False"]
                answer: "False"
              - id: alternative
                front: Is confidentiality absolute or does it have exceptions?
                back: It has exceptions.
              - id: context-first
                front: A member threatens harm. Does confidentiality still hold?
                back: No.
              - id: open
                front: When may confidentiality be broken?
                back: When someone is in danger.
            """
        },
    )
    ask = "ask what, why or how"
    assert lint_found(tmp_path, "PD111") == [
        ("a.yaml", 3, 12, f"'front' is a yes/no question (it starts with 'is'); {ask}"),
        ("a.yaml", 6, 12, f"'front' is a yes/no question (its answer is 'false'); {ask}"),
        ("a.yaml", 10, 15, f"'question' is a yes/no question (it asks 'true or false'); {ask}"),
        ("a.yaml", 17, 12, f"'front' is a yes/no question (its answer is 'no'); {ask}"),
    ]
