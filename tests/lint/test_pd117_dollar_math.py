from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project

CARDS = r"""notes:
  - id: one
    front: 'Is $x^2$ the same as $$\sum_i i$$?'
    back: 'It costs $5 and $6, or $ten$, or `$a^b$`.'
"""


def test_dollar_math_is_reported_unless_the_deck_uses_it(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.yaml": CARDS})
    assert lint_found(tmp_path, "PD117") == [
        (
            "a.yaml",
            3,
            16,
            "'front': '$x^2$' is plain text in Anki; write \\(...\\),"
            " or set 'math: dollars' in deck.yaml",
        ),
        (
            "a.yaml",
            3,
            34,
            "'front': '$$\\sum_i i$$' is plain text in Anki; write \\[...\\],"
            " or set 'math: dollars' in deck.yaml",
        ),
    ]
    write_project(tmp_path, {"a.yaml": CARDS}, deck="name: D\nid: d\nmath: dollars\n")
    assert lint_found(tmp_path, "PD117") == []
