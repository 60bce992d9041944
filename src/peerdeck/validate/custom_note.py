"""The fields of a note of one of the project's own note types.

They are written under ``fields:`` by their Anki names (any case, spaces
allowed), so they never clash with a note's own keys. A ``markdown`` field
is rendered like every field of the built-in types; an ``html`` field ships
exactly as written. Then Anki's own rules decide whether the note is
complete: its first field filled, one card at least (a cloze type: one
deletion at least in its cloze fields).
"""

from __future__ import annotations

from .. import anki_template, cloze, codes
from ..media import MediaStore
from ..model import Location, NoteType
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
    node = _fields_node(checker, note, note_type)
    if node is None:
        return raw, html, locations
    first = note_type.fields[0]
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
            html[name] = checker.raw(value, text, media)
        else:
            html[name] = checker.render(value, text, media)
    if len(checker.problems) == before or note_type.is_cloze:
        _check_cards(checker, node, note_type, raw, html)
    return raw, html, locations


def _fields_node(checker: Checker, note: Node, note_type: NoteType) -> Node | None:
    """The note's ``fields`` mapping, after reporting what is wrong with its
    keys: unknown fields, and the first field missing (Anki requires it)."""
    node: Node | None = note.value.get("fields") if isinstance(note.value, dict) else None
    first = note_type.fields[0]
    if node is None or node.value is None:
        checker.at(
            node or note,
            codes.MISSING_KEY,
            f"note is missing 'fields', with at least '{first}' (the first field of"
            f" '{note_type.name}', which Anki requires)",
        )
        return None
    if not isinstance(node.value, dict):
        message = f"'fields' must map field names to text, not {kind_of(node)}"
        checker.at(node, codes.WRONG_TYPE, message)
        return None
    for name, (line, column) in node.keys.items():
        if name not in note_type.fields:
            message = (
                f"'{note_type.name}' has no field '{name}'{suggest(name, note_type.fields)};"
                f" its fields: {', '.join(note_type.fields)}"
            )
            checker.report(line, column, codes.UNKNOWN_KEY, message)
    if first not in node.value:
        checker.at(
            node,
            codes.MISSING_KEY,
            f"note is missing the field '{first}': it is the first field of"
            f" '{note_type.name}', which Anki requires",
        )
    return node


def _check_cards(
    checker: Checker, node: Node, note_type: NoteType, raw: Fields, html: Fields
) -> None:
    """Cloze deletions where they make cards (and only there), and at least
    one card."""
    numbers, malformed = _check_clozes(checker, node, note_type, raw, html)
    if note_type.is_cloze:
        if not numbers and not malformed:
            where = " or ".join(f"'{name}'" for name in anki_template.cloze_fields(note_type))
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


def _check_clozes(
    checker: Checker, node: Node, note_type: NoteType, raw: Fields, html: Fields
) -> tuple[set[int], bool]:
    """Malformed deletions in the cloze fields, and deletions anywhere else
    (shown as literal text); the cloze numbers, and whether any was malformed."""
    cloze_fields = anki_template.cloze_fields(note_type) if note_type.is_cloze else ()
    numbers: set[int] = set()
    malformed = False
    for name, text in raw.items():
        value = node.value.get(name)
        if value is None or not isinstance(text, str):
            continue
        if name not in cloze_fields:
            offset = cloze.first_deletion(text)
            if offset is not None:
                message = (
                    f"cloze deletion in '{name}' is shown as literal text: only a cloze"
                    " field (one a cloze type's template shows with {{cloze:...}}) makes"
                    " cards from deletions"
                )
                checker.at(value, codes.CLOZE_OUTSIDE_CLOZE, message, offset)
            continue
        found = cloze.scan(text, checker.dollars)
        numbers |= found.numbers
        for offset, message in found.problems:
            if offset is not None:  # not the "no deletion" of one field: said once
                malformed = True
                checker.at(value, codes.MALFORMED_CLOZE, message, offset)
        shown = html[name]
        rendered = isinstance(shown, str) and shown != text  # a Markdown field
        if found.numbers and rendered and _breaks_deletions(str(shown), found.numbers):
            checker.at(value, codes.MALFORMED_CLOZE, cloze.MARKUP_CROSSES)
    return numbers, malformed


def _breaks_deletions(shown: str, numbers: set[int]) -> bool:
    """Whether rendering Markdown cut or lost a deletion of the text."""
    return cloze.cloze_numbers(shown) != numbers or not cloze.keeps_markup(shown)
