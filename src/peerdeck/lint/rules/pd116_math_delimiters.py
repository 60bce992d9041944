r"""Math whose delimiters do not pair up, so Anki shows it as text.

Anki typesets math only between `\(` and `\)` (inline) or `\[` and `\]`
(display), and MathJax looks for the closing delimiter outside braces: an
opener never closed, a `{` inside with no `}`, or a closer with no opener
leaves the expression as plain text, backslashes and all. With
`math: dollars`, a `$$` never closed is reported too.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import mathtext
from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD116"
NAME = "math-delimiters"
SEVERITY = Severity.WARNING

_PAIRS = {"\\(": "\\)", "\\[": "\\]", "$$": "$$", "\\)": "\\(", "\\]": "\\["}


def problems(text: str, dollars: bool) -> Iterator[tuple[int, str]]:
    """(offset, message) for each delimiter of ``text`` that pairs with nothing."""
    if "\\" not in text and not (dollars and "$$" in text):
        return
    for found in mathtext.scan(text, dollars):
        if isinstance(found, mathtext.Span):
            continue
        delimiter, offset = found
        other = _PAIRS[delimiter]
        if delimiter in mathtext.CLOSERS or delimiter == "$$":
            yield (
                offset,
                (
                    f"'{delimiter}' is never closed with '{other}' (outside braces: every '{{'"
                    " inside needs its '}'), so Anki shows the math as text"
                ),
            )
        else:
            yield offset, f"'{delimiter}' closes no '{other}', so Anki shows it as text"


def check(context: Context) -> Iterator[Finding]:
    dollars = context.deck.dollar_math
    return context.in_texts(lambda text: problems(text, dollars))
