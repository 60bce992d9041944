"""A template, a stylesheet or a deck description names a media file that Anki will not import.

When a learner imports a package, Anki copies only the media files that the
imported notes' fields name, and those whose names start with `_` (or
`latex-`), which it keeps although no note names them. A file that only a
note type's template or CSS, or a raw HTML deck or subdeck description,
names ships in the package but never reaches the learner's collection: the
card shows no image, the font falls back, the script is missing, and
nothing says why. Rename the file to start with `_` (`_logo.png`) and
write the new name where it is used. A Markdown description's images ship
under such names already.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ...model import Deck, Location
from ...problems import Severity
from ...template_refs import MediaRef, css_media, html_media, template_media
from ..rule import Context, Finding
from ..text import position

CODE = "PD122"
NAME = "media-not-imported"
SEVERITY = Severity.WARNING

STATIC_PREFIXES = ("_", "latex-")  # what Anki's importer keeps unasked


def check(context: Context) -> Iterator[Finding]:
    candidates = [
        (where, ref, what)
        for where, refs, what in _references(context)
        for ref in refs
        if not ref.name.startswith(STATIC_PREFIXES)
    ]
    if not candidates:
        return
    named = _named_by_notes(context.deck)
    for (path, text, at), ref, what in candidates:
        if ref.name in named:
            continue
        source = context.sources.get(path)
        if at is None and source is not None:
            line, column = source.position_of(ref.start)
            where = Location(path, line, column)
        else:
            where = position(source, at or Location(path, 1, 1), text, ref.start)
        yield Finding(
            where,
            f"{what} names '{ref.name}', which no note names: Anki will not import it with"
            f" the deck. Name the file '_{ref.name}' and write that name here",
        )


Place = tuple[Path, str, Location | None]  # the file, the text, where the text starts


def _references(context: Context) -> Iterator[tuple[Place, list[MediaRef], str]]:
    """Each template, stylesheet and raw HTML description, with the media it names."""
    for note_type in context.deck.custom_types.values():
        for template in note_type.templates:
            sides = zip(template.files or (), (template.front, template.back), strict=False)
            for path, text in sides:
                what = f"template '{template.name}' of '{note_type.name}'"
                yield (path, text, None), template_media(text), what
        if note_type.css_file is not None:
            what = f"the stylesheet of '{note_type.name}'"
            yield (note_type.css_file, note_type.css, None), css_media(note_type.css), what
    for described in context.deck.descriptions:
        at, written = described.location, described.text
        if described.html == written:  # raw HTML: Markdown's media are named '_...'
            yield (at.path, written, at), html_media(written), "the description"


def _named_by_notes(deck: Deck) -> set[str]:
    """Every media name the notes' shipped fields hold."""
    names: set[str] = set()
    for note in deck.notes:
        for value in note.html.values():
            for text in _texts(value):
                if "[sound:" in text or "<" in text:
                    names.update(ref.name for ref in html_media(text))
    return names


def _texts(value: str | Iterable[str]) -> Iterable[str]:
    return (value,) if isinstance(value, str) else value
