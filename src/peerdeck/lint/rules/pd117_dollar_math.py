r"""Text that looks like `$...$` math in a deck that does not use dollars.

Anki reads math only between `\(...\)` and `\[...\]`: `$x^2$` is shown as
it is written, dollars and all. Write `\(x^2\)`, or set `math: dollars` in
`deck.yaml` to have `$...$` and `$$...$$` converted (with Pandoc's rules,
so prices such as `$5 and $6` stay text).
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import mathtext
from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD117"
NAME = "dollar-math"
SEVERITY = Severity.WARNING

_TEX = frozenset("\\^_{}=")


def problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each ``$...$`` or ``$$...$$`` of ``text`` that reads as TeX."""
    if "$" not in text:
        return
    for span in mathtext.spans(text, dollars=True):
        if text[span.start] != "$":
            continue
        inner = text[span.inner_start : span.inner_end]
        if span.display or not _TEX.isdisjoint(inner):
            delimiter = "$$" if span.display else "$"
            anki = "\\[...\\]" if span.display else "\\(...\\)"
            yield (
                span.start,
                (
                    f"'{delimiter}{inner}{delimiter}' is plain text in Anki; write {anki},"
                    " or set 'math: dollars' in deck.yaml"
                ),
            )


def check(context: Context) -> Iterator[Finding]:
    if context.deck.dollar_math:
        return iter(())
    return context.in_texts(problems)
