"""Which imported fields may be written as Markdown: those whose every
value is text that Markdown renders to exactly itself, so the field ships
byte for byte either way and the author can write Markdown in it later.

The test is a pattern, not a rendering (rendering every field of a large
deck would double an import's time): a letter first, then letters,
digits, single spaces and punctuation Markdown leaves alone; no markup,
no emphasis, no escapes, no line breaks, nothing HTML escapes. A test
renders generated values of the pattern to hold it to that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PLAIN = re.compile(r"[^\W\d_](?: ?[^\W_]|[,.;:?!'()%+=/-])*")


def plain_fields(names: tuple[str, ...], notes: Iterable[tuple[str, ...]]) -> frozenset[str]:
    """The fields (of ``names``) that every note leaves empty or plain, and
    one note at least fills."""
    plain = [True] * len(names)
    filled = [False] * len(names)
    for values in notes:
        for index, value in enumerate(values[: len(names)]):
            if value:
                filled[index] = True
                plain[index] = plain[index] and PLAIN.fullmatch(value) is not None
    return frozenset(name for name, p, f in zip(names, plain, filled, strict=True) if p and f)
