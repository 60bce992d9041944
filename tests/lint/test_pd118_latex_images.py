from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_latex_image_tags_are_reported(tmp_path: Path) -> None:
    cards = r"""notes:
  - id: one
    front: 'What is [latex]x^2[/latex]?'
    back: '[$]x[/$] and [$$]y[/$$] and \(z\)'
"""
    write_project(tmp_path, {"a.yaml": cards})
    found = lint_found(tmp_path, "PD118")
    assert [(line, column) for _, line, column, _ in found] == [(3, 21), (4, 12), (4, 25)]
    assert found[0][3] == (
        "'front': '[latex]' asks every learner's Anki to make an image with LaTeX, which"
        " AnkiDroid, AnkiMobile and AnkiWeb cannot; write \\(...\\) or \\[...\\] (MathJax) instead"
    )
