"""Media a project's note types use from their templates and CSS, such as
Anki's ``_font.ttf`` and ``_logo.png`` (files whose names start with ``_``,
which Anki keeps although no note names them): shipped under the names
written, from the project's media folder, like a raw HTML field's media.
Each problem is placed at the reference in its template or CSS file."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from .. import codes
from ..errors import MediaError
from ..html_policy import CSS_URL, media_references
from ..media import MediaStore
from ..note_type_schema import NOTE_TYPE_FILE
from ..problems import Problem
from ..source import SourceFile

# References that name no file of the collection: another site, inline
# data, a fragment, or a field's value filled in when the card is shown.
_NOT_A_FILE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#|//)|\{\{")


def ship_template_media(sources: Mapping[Path, SourceFile], media: MediaStore) -> list[Problem]:
    """Ship what the template and CSS files in ``sources`` (those a note type
    folder's note-type.yaml names) refer to; the problems, in file order."""
    problems = []
    for path, source in sources.items():
        if path.name == NOTE_TYPE_FILE:
            continue
        for offset, reference in _references(source.text, path.suffix.lower() == ".css"):
            if not reference.strip() or _NOT_A_FILE.search(reference):
                continue
            try:
                media.add_kept(reference, "a note type's template or CSS")
            except MediaError as exc:
                line, column = source.position_of(offset)
                problems.append(Problem(path, line, column, codes.MEDIA_PROBLEM, str(exc)))
    return problems


def _references(text: str, css: bool) -> Iterator[tuple[int, str]]:
    """Each media reference in ``text`` with its offset: CSS ``url()``s (in a
    style sheet, a <style> element or a style attribute) and, in a template,
    the attributes that load a file."""
    found = [
        (match.start(name), match[name])
        for match in CSS_URL.finditer(text)
        for name in ("double", "single", "bare")
        if match[name] is not None
    ]
    if not css:
        found += [
            (attr.value_start + attr.quoted, attr.value)
            for _, attr in media_references(text)
            if attr.value
        ]
    return iter(sorted(found))
