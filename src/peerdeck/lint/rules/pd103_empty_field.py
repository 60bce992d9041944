"""A field renders empty although its source is not.

Text such as `<br>`, `&nbsp;`, an HTML comment or a zero-width space passes
as "not empty" but shows nothing: Anki makes no card from an empty front,
and an empty answer teaches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...html_tokens import Tag, tokens
from ...problems import Severity
from ..rule import Context, Finding
from ..text import INVISIBLE, visible

CODE = "PD103"
NAME = "empty-field"
SEVERITY = Severity.ERROR

_MEDIA_ELEMENTS = frozenset(str.split("img audio video svg"))
_SOUND = re.compile(r"\[sound:", re.IGNORECASE)
# A character shown for certain: not space or invisible, and before any tag,
# comment or entity could hide it. Most fields start with one.
_SHOWN_FIRST = re.compile(rf"[\s{INVISIBLE}]*[^\s<&{INVISIBLE}]")


def renders_empty(source: str, html: str) -> bool:
    if not source.strip() or _SHOWN_FIRST.match(html):
        return False
    return not visible(html) and not has_media(html)


def has_media(html: str) -> bool:
    """True when ``html`` shows an image, a sound or a video."""
    return _SOUND.search(html) is not None or any(
        isinstance(tag, Tag) and not tag.closing and tag.name in _MEDIA_ELEMENTS
        for tag in tokens(html)
    )


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes():
        for name, value in note.fields.items():
            shown = note.html.get(name, "")
            pairs = (
                [(value, shown)]
                if isinstance(value, str) and isinstance(shown, str)
                else list(zip(value, shown, strict=True))
            )
            if any(renders_empty(source, html) for source, html in pairs):
                yield context.in_field(
                    note, name, f"'{name}' shows nothing on the card: it has no visible text"
                )
