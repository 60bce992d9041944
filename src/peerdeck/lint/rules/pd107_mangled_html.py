"""HTML in a field that Anki will mangle.

A field is a fragment inside the card's template: a tag left open runs on
into the rest of the card (the source line turns bold, a `<div>` swallows
the answer), a stray closing tag closes the template's own elements, and
`<html>`, `<head>`, `<body>`, `<style>`, `<link>`, `<meta>` or `<title>` do
not belong in a fragment (a `<style>` restyles every card it is shown with).
Elements whose end tag HTML makes optional (`<p>`, `<li>`, ...) are not
required to be closed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Severity
from ...validate import HTML_TAG, VOID_ELEMENTS
from ..rule import Context, Finding
from ..text import without_code

CODE = "PD107"
NAME = "mangled-html"
SEVERITY = Severity.WARNING

DOCUMENT_TAGS = frozenset(str.split("html head body style link meta title base"))
OPTIONAL_END = frozenset(str.split("p li dt dd tr td th option optgroup thead tbody tfoot rt rp"))


def tag_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each tag that Anki's card will not show as meant."""
    opened: list[tuple[str, int]] = []
    for match in HTML_TAG.finditer(without_code(text)):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in DOCUMENT_TAGS:
            if not closing:
                yield match.start(), f"<{name}> belongs to a whole page, not to a field"
            continue
        if name in VOID_ELEMENTS or self_closing or name in OPTIONAL_END:
            continue
        if not closing:
            opened.append((name, match.start()))
        elif any(open_name == name for open_name, _ in opened):
            while opened[-1][0] != name:
                left, offset = opened.pop()
                yield offset, f"<{left}> is not closed before </{name}>"
            opened.pop()
        else:
            yield match.start(), f"</{name}> closes nothing opened in this field"
    for name, offset in opened:
        yield offset, f"<{name}> is never closed: it runs on into the rest of the card"


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes():
        for name, value in note.fields.items():
            texts = (value,) if isinstance(value, str) else value
            for text in texts:
                for offset, message in sorted(tag_problems(text)):
                    at = offset if isinstance(value, str) else None
                    yield context.in_field(note, name, f"'{name}': {message}", at)
