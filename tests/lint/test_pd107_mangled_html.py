from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_unbalanced_and_page_level_tags_are_reported_at_the_tag(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            notes:
              - id: open
                front: "Why <b>trust?"
                back: "<div><i>Safety</div>"
              - id: stray
                front: Why trust?
                back: "Safety</span> <style>b {color: red}</style>"
              - id: fine
                front: "Why <b>trust</b>?<br>"
                back: "<p>Safety<ul><li>one<li>two</ul> `<b>` <hr/>"
            """
        },
    )
    assert lint_found(tmp_path, "PD107") == [
        ("a.yaml", 3, 17, "'front': <b> is never closed: it runs on into the rest of the card"),
        ("a.yaml", 4, 17, "'back': <i> is not closed before </div>"),
        ("a.yaml", 7, 18, "'back': </span> closes nothing opened in this field"),
        ("a.yaml", 7, 26, "'back': <style> belongs to a whole page, not to a field"),
    ]


def test_comparisons_in_math_are_not_tags(tmp_path: Path) -> None:
    cards = r"""notes:
  - {id: one, front: 'Is \(a<b\) or \(c>d\)?', back: '<b>yes'}
"""
    write_project(tmp_path, {"a.yaml": cards})
    assert [found[1:3] for found in lint_found(tmp_path, "PD107")] == [(2, 55)]
