"""A field holds code that would run on learners' machines.

`<script>` elements, event-handler attributes (`onclick=`, `onerror=`, ...)
and `javascript:` links run when a card is shown. A shared deck must not run
code on the machines of the people who study it, so this is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Severity
from ...validate import HTML_TAG
from ..rule import Context, Finding
from ..text import without_code

CODE = "PD108"
NAME = "active-content"
SEVERITY = Severity.ERROR

_HANDLER = re.compile(r"\s(on[a-z]+)\s*=", re.IGNORECASE)
_JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*(javascript:)""", re.IGNORECASE)


def active_content(text: str) -> Iterator[tuple[int, str]]:
    """(offset, what) for each piece of ``text`` that runs code."""
    if "<" not in text:  # no tag, so nothing that runs
        return
    for match in HTML_TAG.finditer(without_code(text)):
        tag = match.group()
        if match.group(2).lower() == "script" and not match.group(1):
            yield match.start(), "a <script> element"
        handler = _HANDLER.search(tag)
        if handler:
            yield match.start() + handler.start(1), f"an event handler '{handler.group(1)}='"
        url = _JAVASCRIPT_URL.search(tag)
        if url:
            yield match.start() + url.start(1), "a 'javascript:' link"


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes():
        for name, value in note.fields.items():
            texts = (value,) if isinstance(value, str) else value
            for text in texts:
                for offset, what in active_content(text):
                    yield context.in_field(
                        note,
                        name,
                        f"'{name}' has {what}, which runs code on every learner's machine;"
                        " a shared deck must not run code",
                        offset if isinstance(value, str) else None,
                    )
