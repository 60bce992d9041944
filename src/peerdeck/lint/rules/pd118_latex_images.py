r"""Anki's LaTeX-image syntax: `[latex]`, `[$]` or `[$$]`.

These make each learner's Anki generate an image from the LaTeX, which
needs LaTeX installed on that learner's computer; AnkiDroid, AnkiMobile and
AnkiWeb cannot generate them at all, so most learners see the source or a
broken image. MathJax, built into every Anki, needs nothing: write
`\(...\)` for inline math and `\[...\]` for display math.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD118"
NAME = "latex-images"
SEVERITY = Severity.WARNING

_LATEX_TAG = re.compile(r"\[(latex|\$\$?)\]", re.IGNORECASE)


def problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each LaTeX-image tag of ``text``."""
    if "[" not in text:
        return
    for match in _LATEX_TAG.finditer(text):
        yield (
            match.start(),
            (
                f"'{match.group()}' asks every learner's Anki to make an image with LaTeX,"
                " which AnkiDroid, AnkiMobile and AnkiWeb cannot; write \\(...\\) or \\[...\\]"
                " (MathJax) instead"
            ),
        )


def check(context: Context) -> Iterator[Finding]:
    return context.in_texts(problems)
