"""A field holds code that would run on learners' machines.

Every piece of HTML a deck ships (each field, each choice, the deck and subdeck
descriptions) is read as a browser reads it and checked against one policy:
an allow-list of inert elements and attributes, links to `http:`, `https:`
and `mailto:` only, and `style` attributes that load nothing (see "HTML in
fields" in the README). `<script>` elements, event-handler attributes
(`onclick=`, `onerror=`, ...) and `javascript:` links run when a card is
shown; `<iframe>`, `<svg>`, `<form>`, unknown attributes and CSS with
`url(...)` may load or run what the deck does not show. A shared deck must
not run code on the machines of the people who study it, so this is an
error. A tag left unfinished at the end of a field runs on into the card's
template: write `&lt;` for a `<` shown as text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...html_policy import Violation, violations
from ...model import Location
from ...problems import Severity
from ..rule import Context, Finding
from ..text import position, without_code

CODE = "PD108"
NAME = "active-content"
SEVERITY = Severity.ERROR

_SNIPPET = 40  # characters of the shipped HTML looked for in the source


def _message(name: str, violation: Violation) -> str:
    if violation.runs_code:
        why = "which runs code on every learner's machine; a shared deck must not run code"
    else:
        why = "which is not on the list of safe HTML (see 'HTML in fields' in the README)"
    return f"'{name}' has {violation.what}, {why}"


def placed(shipped: str, written: str) -> Iterator[tuple[Violation, int | None]]:
    """Each violation of the ``shipped`` HTML, with the offset in the
    ``written`` Markdown where it stands (None when it cannot be found: the
    HTML came from Markdown, or a media reference was rewritten)."""
    source = None  # the Markdown without code spans, made only when needed
    cursor = 0
    for violation in violations(shipped):
        source = without_code(written) if source is None else source
        offset = None
        for length in (_SNIPPET, 8):
            snippet = shipped[violation.offset : violation.offset + length]
            found = source.find(snippet, cursor)
            if found >= 0:
                offset, cursor = found, found + 1
                break
        yield violation, offset


def check(context: Context) -> Iterator[Finding]:
    yield from _descriptions(context)
    for note in context.notes():
        for name, shipped in note.html.items():
            written = note.fields.get(name, "")
            if isinstance(shipped, str) and isinstance(written, str):
                for violation, offset in placed(shipped, written):
                    yield context.in_field(note, name, _message(name, violation), offset)
                continue
            for html, text in zip(shipped, written, strict=False):
                for violation, _ in placed(html, text):
                    yield context.in_field(note, name, _message(name, violation))


def _descriptions(context: Context) -> Iterator[Finding]:
    """The deck's and its subdecks' descriptions."""
    for described in context.deck.descriptions:
        at, written = described.location, described.text
        for violation, offset in placed(described.html, written):
            where = at if offset is None else _in_source(context, at, written, offset)
            yield Finding(where, _message("description", violation))


def _in_source(context: Context, at: Location, value: str, offset: int) -> Location:
    return position(context.sources.get(at.path), at, value, offset)
