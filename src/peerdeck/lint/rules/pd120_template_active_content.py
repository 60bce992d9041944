"""A note type's template or stylesheet holds code that would run on learners' machines.

The templates and `style.css` of a project's own note types ship with the
deck like its fields, so they are read against the same HTML policy (see
"HTML in fields" in the README): `<script>` elements, event-handler
attributes and `javascript:` links run whenever a card is shown; other
elements and attributes off the list, and CSS that loads something
(`url(...)`, `@import`), may load what the deck does not show (a `url()`
or `@import` naming a media file the deck ships, such as Anki's
`_font.ttf`, is fine). Decks imported from Anki sometimes carry scripts in
their templates on purpose, so this is a warning: read what the template does, then remove it or
exempt the rule in `deck.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...html_policy import violations
from ...model import Location
from ...problems import Severity
from ...source import SourceFile
from ...template_refs import css_reference
from ..rule import Context, Finding

CODE = "PD120"
NAME = "template-active-content"
SEVERITY = Severity.WARNING

# What in a stylesheet loads or runs something.
_CSS_LOADS = re.compile(
    r"url\s*\(|@import|expression\s*\(|behavior\s*:|-moz-binding", re.IGNORECASE
)


def check(context: Context) -> Iterator[Finding]:
    for note_type in context.deck.custom_types.values():
        for template in note_type.templates:
            sides = zip(template.files or (), (template.front, template.back), strict=False)
            for path, text in sides:
                for violation in violations(text):
                    why = (
                        "runs code on every learner's machine"
                        if violation.runs_code
                        else "is not on the list of safe HTML"
                    )
                    message = (
                        f"template '{template.name}' of '{note_type.name}' has"
                        f" {violation.what}, which {why}"
                    )
                    yield Finding(_at(path, text, violation.offset), message)
        if note_type.css_file is not None:
            shipped = {media.name for media in context.deck.media}
            for match in _CSS_LOADS.finditer(note_type.css):
                if css_reference(note_type.css, match.start()) in shipped:
                    continue
                message = (
                    f"the stylesheet of '{note_type.name}' has '{match.group()}', which"
                    " loads what the deck does not show"
                )
                yield Finding(_at(note_type.css_file, note_type.css, match.start()), message)


def _at(path: Path, text: str, offset: int) -> Location:
    return Location(path, *SourceFile(path, text).position_of(offset))
