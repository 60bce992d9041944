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

from ...html_tokens import VOID_ELEMENTS, Tag, tokens
from ...problems import Severity
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
    for tag in tokens(without_code(text)):
        if not isinstance(tag, Tag) or not tag.finished:
            continue  # comments, and tags left unfinished (PD108)
        name, start = tag.name, tag.start
        if name in DOCUMENT_TAGS:
            if not tag.closing:
                yield start, f"<{name}> belongs to a whole page, not to a field"
            continue
        if name in VOID_ELEMENTS or tag.self_closing or name in OPTIONAL_END:
            continue
        if not tag.closing:
            opened.append((name, start))
        elif any(open_name == name for open_name, _ in opened):
            while opened[-1][0] != name:
                left, offset = opened.pop()
                yield offset, f"<{left}> is not closed before </{name}>"
            opened.pop()
        else:
            yield start, f"</{name}> closes nothing opened in this field"
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
