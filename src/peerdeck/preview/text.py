"""Anki's ``strip_html`` (``rslib/src/text.rs``): what the ``text`` filter
and the cloze filter's math cleanup remove."""

from __future__ import annotations

import html
import re

# Comments, style and script elements with their content, then any tag.
_HTML = re.compile(
    r"(<!--.*?-->)|(<style.*?>.*?</style>)|(<script.*?>.*?</script>)|(<.*?>)",
    re.IGNORECASE | re.DOTALL,
)


def strip_html_preserving_entities(text: str) -> str:
    return _HTML.sub("", text)


def strip_html(text: str) -> str:
    """Tags removed, entities decoded (a no-break space as a space)."""
    stripped = _HTML.sub("", text)
    return html.unescape(stripped).replace("\xa0", " ") if "&" in stripped else stripped
