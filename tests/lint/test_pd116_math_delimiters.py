from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project

CARDS = r"""notes:
  - id: one
    front: 'Open \(x + 1 and \(\frac{1}{2\) and `\(code` fine \(y\)'
    back: 'Stray \] here, and \[a\]'
  - id: two
    front: 'Dollars $$x'
    back: '\(a\)'
"""


def test_delimiters_that_pair_with_nothing_are_reported_where_they_stand(
    tmp_path: Path,
) -> None:
    write_project(tmp_path, {"a.yaml": CARDS})
    never = "is never closed with '\\)' (outside braces: every '{' inside needs its '}'),"
    assert lint_found(tmp_path, "PD116") == [
        ("a.yaml", 3, 18, f"'front': '\\(' {never} so Anki shows the math as text"),
        ("a.yaml", 3, 30, f"'front': '\\(' {never} so Anki shows the math as text"),
        ("a.yaml", 3, 42, "'front': '\\)' closes no '\\(', so Anki shows it as text"),
        ("a.yaml", 4, 18, "'back': '\\]' closes no '\\[', so Anki shows it as text"),
    ]


def test_unclosed_double_dollars_count_only_with_dollar_math(tmp_path: Path) -> None:
    deck = "name: D\nid: d\nmath: dollars\n"
    write_project(tmp_path, {"a.yaml": CARDS}, deck=deck)
    found = lint_found(tmp_path, "PD116")
    assert (
        "a.yaml",
        6,
        21,
        "'front': '$$' is never closed with '$$' (outside braces: every"
        " '{' inside needs its '}'), so Anki shows the math as text",
    ) in found
