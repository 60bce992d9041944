"""Where a note type's templates and CSS name media files: the one home of
what counts, for the build (which ships them) and the importer (which
renames them with the files).

Anki's rules, read in its source (rslib/src/text.rs and notetype/mod.rs):
its exporter gathers a note type's media with ``gather_media_names``, which
takes from the CSS ``@import "_x.css"`` and ``url(_x)`` and from each
template ``[sound:_x]``, any quoted string that starts with ``_`` (so
``<script src="_x.js">`` too) and an unquoted ``src=``/``data=``; only names
starting with ``_`` are gathered, since Anki's media check keeps those files
although no note names them. The media tags it finds in fields
(``HTML_MEDIA_TAGS``) are ``src``/``data`` of ``img``, ``audio``, ``video``,
``object`` and ``source``, and sound tags (``[sound:x]``, entities decoded).

Here every reference that loads a file when a card is shown counts,
whatever its name: ``[sound:x]`` written in a template (Anki plays it), the
``src`` of ``img``, ``audio``, ``video``, ``source``, ``script`` and
``embed``, the ``data`` of ``object``, the ``href`` of ``<link
rel=stylesheet>``, and in CSS (a style sheet, a ``<style>`` element or a
``style`` attribute) ``url(x)`` and ``@import "x"``. Not Anki's bare quoted
``"_x"`` strings: a class or a script's text is not a file, and a name that
is not there would be reported as missing. References that name no file of
the collection (another site, ``data:``, a fragment, or a field's value
filled in when the card is shown, ``{{...}}``) are left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .html_policy import CSS_URL, media_references
from .html_tokens import Attribute, ascii_lower
from .render import SOUND

# The attributes of a template that load a file when the card is shown;
# <link href> only with rel=stylesheet.
TEMPLATE_LOADS_FILE = frozenset(
    {
        ("img", "src"),
        ("audio", "src"),
        ("video", "src"),
        ("source", "src"),
        ("script", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("link", "href"),
    }
)
# CSS @import of a quoted name (``@import url(x)`` is a url()).
CSS_IMPORT = re.compile(
    r"""@import\s+(?:"(?P<double>[^"\n]*)"|'(?P<single>[^'\n]*)')""", re.IGNORECASE
)
_IMPORT_PREFIX = re.compile(r"@import\s+", re.IGNORECASE)
_NOT_A_FILE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#|//)|\{\{")
_QUOTES = ("double", "single", "bare")


@dataclass(frozen=True)
class MediaRef:
    """A media file's ``name`` (character references decoded in HTML) and
    where it is written: ``start`` to ``end``, quotes left out."""

    name: str
    start: int
    end: int


def html_media(text: str) -> list[MediaRef]:
    """The media files a raw HTML field (or description) names, in order, as
    Anki finds them in fields: ``[sound:x]`` (entities decoded) and ``<img
    src>``; every name written, a file's or not."""
    found = [
        MediaRef(html.unescape(match[1]), match.start(1), match.end(1))
        for match in SOUND.finditer(text)
    ]
    found += [
        MediaRef(attr.value, attr.value_start + attr.quoted, attr.value_end - attr.quoted)
        for _, attr in media_references(text)
        if attr.value
    ]
    return sorted(found, key=lambda ref: ref.start)


def template_media(text: str) -> list[MediaRef]:
    """The media files a template names, in order."""
    found = css_media(text)
    found += [
        MediaRef(html.unescape(match[1]), match.start(1), match.end(1))
        for match in SOUND.finditer(text)
    ]
    for tag, attribute in media_references(text, TEMPLATE_LOADS_FILE):
        if tag.name == "link" and not _stylesheet(tag.attributes):
            continue
        quoted = int(attribute.quoted)
        start, end = attribute.value_start + quoted, attribute.value_end - quoted
        found.append(MediaRef(attribute.value, start, end))
    return sorted((ref for ref in found if _a_file(ref.name)), key=lambda ref: ref.start)


def css_media(text: str) -> list[MediaRef]:
    """The media files CSS names with ``url()`` and ``@import``, in order."""
    found = [
        MediaRef(match[group], match.start(group), match.end(group))
        for pattern in (CSS_URL, CSS_IMPORT)
        for match in pattern.finditer(text)
        for group in _QUOTES
        if group in match.groupdict() and match[group] is not None
    ]
    return sorted((ref for ref in found if _a_file(ref.name)), key=lambda ref: ref.start)


def css_reference(text: str, offset: int) -> str | None:
    """The name the ``url()`` or ``@import`` at ``offset`` loads, if one does."""
    match = CSS_IMPORT.match(text, offset)
    if match is None:
        prefix = _IMPORT_PREFIX.match(text, offset)
        match = CSS_URL.match(text, prefix.end() if prefix else offset)
    if match is None:
        return None
    return next(match[g] for g in _QUOTES if g in match.groupdict() and match[g] is not None)


def rename_media(text: str, refs: list[MediaRef], renamed: Mapping[str, str]) -> str:
    """``text`` with each of ``refs`` whose file is ``renamed`` rewritten to
    the new name (a safe one, which needs no quoting or escaping)."""
    pieces, last = [], 0
    for ref in refs:
        if ref.name in renamed and ref.start >= last:
            pieces += [text[last : ref.start], renamed[ref.name]]
            last = ref.end
    return "".join(pieces) + text[last:]


def _stylesheet(attributes: tuple[Attribute, ...]) -> bool:
    rel = next((a for a in attributes if a.name == "rel"), None)
    return rel is not None and "stylesheet" in ascii_lower(rel.value).split()


def _a_file(name: str) -> bool:
    return bool(name.strip()) and _NOT_A_FILE.search(name) is None
