"""The fields of a note of one of the project's own note types.

They are written under ``fields:`` by their Anki names (any case, spaces
allowed), so they never clash with a note's own keys. A ``markdown`` field
is rendered like every field of the built-in types; an ``html`` field ships
exactly as written. Then Anki's own rules decide whether the note is
complete: its first field filled, one card at least (a cloze type: one
deletion at least in its cloze fields).
"""

from __future__ import annotations

import html as html_lib

from .. import anki_template, cloze, codes
from ..errors import MediaError
from ..html_policy import media_references
from ..media import MediaStore
from ..model import Location, NoteType
from ..render import SOUND
from ..source import Node
from .checker import Checker, kind_of, suggest

Fields = dict[str, str | tuple[str, ...]]


def custom_fields(
    checker: Checker, note: Node, note_type: NoteType, media: MediaStore
) -> tuple[Fields, Fields, dict[str, Location]]:
    """Every field of ``note_type`` in its order (an absent one empty): as
    written, as shipped, and where each is written."""
    before = len(checker.problems)
    raw: Fields = dict.fromkeys(note_type.fields, "")
    html: Fields = dict.fromkeys(note_type.fields, "")
    locations: dict[str, Location] = {}
    node = note.value.get("fields") if isinstance(note.value, dict) else None
    first = note_type.fields[0]
    if node is None or node.value is None:
        where = node or note
        checker.at(
            where,
            codes.MISSING_KEY,
            f"note is missing 'fields', with at least '{first}' (the first field of"
            f" '{note_type.name}', which Anki requires)",
        )
        return raw, html, locations
    if not isinstance(node.value, dict):
        checker.at(
            node, codes.WRONG_TYPE, f"'fields' must map field names to text, not {kind_of(node)}"
        )
        return raw, html, locations
    for name, (line, column) in node.keys.items():
        if name not in raw:
            checker.report(
                line,
                column,
                codes.UNKNOWN_KEY,
                f"'{note_type.name}' has no field '{name}'{suggest(name, note_type.fields)};"
                f" its fields: {', '.join(note_type.fields)}",
            )
    if first not in node.value:
        checker.at(
            node,
            codes.MISSING_KEY,
            f"note is missing the field '{first}': it is the first field of"
            f" '{note_type.name}', which Anki requires",
        )
    for name in note_type.fields:
        value = node.value.get(name)
        if value is None:
            continue
        locations[name] = checker.location(value)
        text = checker.string(value, name, allow_empty=name != first)
        if text is None:
            continue
        raw[name] = text
        if name in note_type.html_fields:
            html[name] = text
            _ship_media(checker, value, text, media)
        else:
            html[name] = checker.render(value, text, media)
    if len(checker.problems) == before or note_type.is_cloze:
        _check_cards(checker, node, note_type, raw, html)
    return raw, html, locations


def _ship_media(checker: Checker, node: Node, text: str, media: MediaStore) -> None:
    """The media a raw HTML field names (``<img src>``, ``[sound:...]``),
    shipped under the names written, from the project's media folder."""
    found = [(match.start(1), html_lib.unescape(match.group(1))) for match in SOUND.finditer(text)]
    found += [
        (attr.value_start + attr.quoted, attr.value)  # the value after its quote
        for _, attr in media_references(text)
        if attr.value
    ]
    for offset, reference in sorted(found):
        try:
            media.add_kept(reference)
        except MediaError as exc:
            checker.at(node, codes.MEDIA_PROBLEM, str(exc), offset)


def _check_cards(
    checker: Checker, node: Node, note_type: NoteType, raw: Fields, html: Fields
) -> None:
    """Cloze deletions where they make cards, and at least one card."""
    if note_type.is_cloze:
        names = anki_template.cloze_fields(note_type)
        numbers: set[int] = set()
        malformed = False
        for name in names:
            value, text = node.value.get(name), raw[name]
            if value is None or not isinstance(text, str):
                continue
            found = cloze.scan(text, checker.dollars)
            numbers |= found.numbers
            for offset, message in found.problems:
                if offset is not None:  # not the "no deletion" of one field: said once below
                    malformed = True
                    checker.at(value, codes.MALFORMED_CLOZE, message, offset)
        if not numbers and not malformed:
            where = " or ".join(f"'{name}'" for name in names)
            checker.at(
                node,
                codes.MALFORMED_CLOZE,
                f"a cloze note needs at least one deletion like '{{{{c1::answer}}}}' in {where}",
            )
        return
    shipped = [value if isinstance(value, str) else "" for value in html.values()]
    if not anki_template.card_ordinals(note_type, shipped):
        needs = sorted(
            {
                part.name
                for template in note_type.templates
                for part in anki_template.references(anki_template.parse(template.front))
                if part.name in note_type.fields
            }
        )
        checker.at(
            node,
            codes.NOTE_MAKES_NO_CARD,
            f"this note makes no card: the front of every template of '{note_type.name}' is"
            f" empty for it; fill {' or '.join(repr(name) for name in needs)}",
        )
