"""TeX to MathML, offline: the page typesets math without MathJax.

``latex2mathml`` (pure Python, maintained) writes MathML Core, which
Chromium and Firefox render natively: no script, no font, no network. An
expression it cannot convert is shown as its TeX source, marked.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def convert(tex: str, display: bool) -> str | None:
    """The MathML of ``tex``, or None when it cannot be converted."""
    from latex2mathml.converter import convert as to_mathml

    try:
        markup: str = to_mathml(tex, display="block" if display else "inline")
    except Exception:  # the converter raises many kinds on bad TeX
        return None
    return markup
