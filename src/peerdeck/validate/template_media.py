"""Media a project's note types use from their templates and CSS, such as
Anki's ``_font.ttf``, ``_logo.png`` or ``_script.js`` (files whose names
start with ``_``, which Anki keeps although no note names them): shipped
under the names written, from the project's media folder, like a raw HTML
field's media. What counts as a reference is ``template_refs``'s to say.
Each problem is placed at the reference in its template or CSS file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .. import codes
from ..errors import MediaError
from ..media import MediaStore
from ..note_type_schema import NOTE_TYPE_FILE
from ..problems import Problem
from ..source import SourceFile
from ..template_refs import css_media, template_media


def ship_template_media(sources: Mapping[Path, SourceFile], media: MediaStore) -> list[Problem]:
    """Ship what the template and CSS files in ``sources`` (those a note type
    folder's note-type.yaml names) refer to; the problems, in file order."""
    problems = []
    for path, source in sources.items():
        if path.name == NOTE_TYPE_FILE:
            continue
        css = path.suffix.lower() == ".css"
        for ref in css_media(source.text) if css else template_media(source.text):
            try:
                media.add_kept(ref.name, "a note type's template or CSS")
            except MediaError as exc:
                line, column = source.position_of(ref.start)
                problems.append(Problem(path, line, column, codes.MEDIA_PROBLEM, str(exc)))
    return problems
