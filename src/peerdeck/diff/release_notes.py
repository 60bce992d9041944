"""``Changes`` between two releases as text (a terminal), Markdown (release
notes a course page can publish) or JSON (for tools).

The Markdown tells learners what Anki will and will not do with each kind of
change when they import the new release; see ``diff`` for the measurements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from ..model import RETIRED_TAG
from .compare import Changes, FieldEdit, NoteEdit, NoteRef, NoteTypeChange
from .word_diff import compact

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1

ADDED = "New notes: they arrive as new cards when you import."
CHANGED = "Your copies update in place when you import; your review history is kept."
RETYPED = "Anki keeps your copy as it was (it reports the note as conflicting)"
RETIRED = (
    f"These notes are retired: they carry the tag `{RETIRED_TAG}`, and new learners"
    " get their cards suspended. Importing does not suspend cards you already have:"
    f" to stop reviewing them, search for `tag:{RETIRED_TAG}` in the Browse window,"
    " select the cards and choose Toggle Suspend."
)
REMOVED = (
    "These notes are no longer in the deck. Importing never deletes notes, so your"
    " copies stay in your collection; delete them in the Browse window if you no"
    " longer want them."
)
MOVED = (
    "These notes now belong to another subdeck. Importing does not move cards you"
    " already have: they stay where they were. To follow the new layout, select them"
    " in the Browse window and choose Change Deck."
)
TAGS = "Tags update with the notes when you import."
FORKED = (
    'field or template names changed: Anki adds it as a copy named "{name}+" and'
    " does not update the notes that use it"
)


def render(changes: Changes, output_format: str) -> str:
    """``changes`` in one of ``FORMATS``."""
    renderers = {"text": as_text, "markdown": as_markdown, "json": as_json}
    return renderers[output_format](changes)


def counts(changes: Changes) -> dict[str, int]:
    return {
        "added": len(changes.added),
        "changed": len(changes.changed),
        "retired": len(changes.retired),
        "removed": len(changes.removed),
        "moved": len(changes.moved),
        "tags": len(changes.tags),
        "note_types": len(changes.note_types),
    }


def summary(changes: Changes) -> str:
    """One line of counts: "2 notes added, 1 changed"."""
    return _summary(changes)


def _summary(changes: Changes) -> str:
    words = {"moved": "moved to another subdeck", "tags": "with new tags"}
    parts = [
        f"{number} {words.get(key, key)}"
        for key, number in counts(changes).items()
        if number and key != "note_types"
    ]
    if parts:  # the first count names what is counted: "2 notes added, 1 changed"
        number, rest = parts[0].split(" ", 1)
        parts[0] = f"{number} note{'' if number == '1' else 's'} {rest}"
    summary = ", ".join(parts)
    types = len(changes.note_types)
    if types:
        changed = f"{types} note type{'' if types == 1 else 's'} changed"
        summary = f"{summary}; {changed}" if summary else changed
    return summary


def _type_notes(change: NoteTypeChange) -> list[str]:
    """What changed in a note type and what Anki does about it."""
    if change.status == "new":
        return ["added with the notes that use it"]
    if change.status == "unused":
        return ["no longer used by any note; it stays in your collection"]
    notes = []
    if change.old_name is not None:
        notes.append(f'renamed from "{change.old_name}"')
    if change.renames_fields_or_templates:
        notes.append(FORKED.format(name=change.name))
    if change.edited_templates:
        notes.append(f"card templates changed: {', '.join(change.edited_templates)}")
    if change.css_changed:
        notes.append("styling changed")
    return notes


# --- text ---------------------------------------------------------------------


def as_text(changes: Changes) -> str:
    if changes.empty:
        return f"{changes.new_deck}: no differences."
    lines = [f"{changes.new_deck}: {_summary(changes)}."]
    for heading, count, hint, items in _text_sections(changes):
        if count:
            lines.extend(["", f"{heading} ({count}){': ' + hint if hint else ''}", *items])
    return "\n".join(lines)


# A section of the notes: its title, how many changes it lists, a hint
# about what Anki does with them, and its lines.
_Section = tuple[str, int, str, Iterable[str]]


def _text_sections(changes: Changes) -> list[_Section]:
    return [
        ("Added", len(changes.added), "", (f"  {_text_ref(n)}" for n in changes.added)),
        (
            "Changed",
            len(changes.changed),
            "",
            (line for edit in changes.changed for line in _text_edit(edit)),
        ),
        (
            "Retired",
            len(changes.retired),
            "new learners get the cards suspended; existing cards stay as they are",
            (f"  {_text_ref(n)}" for n in changes.retired),
        ),
        (
            "Removed",
            len(changes.removed),
            "Anki's import never deletes notes; learners keep these",
            (f"  {_text_ref(n)}" for n in changes.removed),
        ),
        (
            "Moved",
            len(changes.moved),
            "Anki's import does not move existing cards; learners keep them where they were",
            (f"  {m.note.label}: {m.old_deck} -> {m.note.deck}" for m in changes.moved),
        ),
        (
            "Tags",
            len(changes.tags),
            "",
            (f"  {t.note.label}: {_signed(t.added, t.removed)}" for t in changes.tags),
        ),
        (
            "Note types",
            len(changes.note_types),
            "",
            (f"  {t.name} ({t.id}): {'; '.join(_type_notes(t))}" for t in changes.note_types),
        ),
    ]


def _text_ref(note: NoteRef) -> str:
    return f"{note.label}  ({note.deck})"


def _text_edit(edit: NoteEdit) -> list[str]:
    note = edit.note
    lines = [f"  {_text_ref(note)}"]
    if edit.old_note_type is not None:
        lines.append(f"    note type: {edit.old_note_type} -> {note.note_type} ({RETYPED})")
    lines += [f"    {f.name}: {_words(f, '[-{}-]', '{{+{}+}}', str)}" for f in edit.fields]
    return lines


def _signed(added: tuple[str, ...], removed: tuple[str, ...]) -> str:
    return " ".join([*(f"+{t}" for t in added), *(f"-{t}" for t in removed)])


def _words(edit: FieldEdit, deleted: str, inserted: str, show: Callable[[str], str]) -> str:
    if edit.old == edit.new:
        return "formatting only"
    formats = {"=": "{}", "-": deleted, "+": inserted}
    return " ".join(formats[op].format(show(text)) for op, text in compact(edit.words))


# --- markdown -----------------------------------------------------------------


def as_markdown(changes: Changes, version: str | None = None) -> str:
    """Release notes for learners; ``version`` names the release in the title."""
    title = changes.new_deck if version is None else f"{changes.new_deck} {version}"
    lines = [f"# {_escape(title)}: release notes", ""]
    if changes.empty:
        return "\n".join([*lines, "No changes."])
    lines += [_summary(changes) + "."]
    for heading, count, hint, items in _md_sections(changes):
        if count:
            lines.extend(["", f"## {heading} ({count})", "", hint, "", *items])
    if changes.note_types:
        lines += ["", f"## Note types ({len(changes.note_types)})", ""]
        lines += [
            f"- **{_escape(t.name)}**: {'; '.join(_escape(n) for n in _type_notes(t))}."
            for t in changes.note_types
        ]
    return "\n".join(lines)


def _md_sections(changes: Changes) -> list[_Section]:
    """The sections about notes; the note types' own, with no hint, follows them."""
    return [
        ("Added", len(changes.added), ADDED, (f"- {_md_ref(n)}" for n in changes.added)),
        (
            "Changed",
            len(changes.changed),
            CHANGED,
            (line for edit in changes.changed for line in _md_edit(edit)),
        ),
        ("Retired", len(changes.retired), RETIRED, (f"- {_md_ref(n)}" for n in changes.retired)),
        ("Removed", len(changes.removed), REMOVED, (f"- {_md_ref(n)}" for n in changes.removed)),
        (
            "Moved to another subdeck",
            len(changes.moved),
            MOVED,
            (
                f"- {_md_label(m.note)}: {_escape(m.old_deck)} → {_escape(m.note.deck)}"
                for m in changes.moved
            ),
        ),
        (
            "Tags",
            len(changes.tags),
            TAGS,
            (f"- {_md_label(t.note)}: {_md_tags(t.added, t.removed)}" for t in changes.tags),
        ),
    ]


def _md_label(note: NoteRef) -> str:
    return _code(note.author_id) if note.author_id else f"“{_escape(note.excerpt)}”"


def _md_ref(note: NoteRef) -> str:
    return f"{_md_label(note)} in {_escape(note.deck)}"


def _md_edit(edit: NoteEdit) -> list[str]:
    note = edit.note
    lines = [f"- {_md_ref(note)}"]
    if edit.old_note_type is not None:
        lines.append(
            f"  - note type changed from {_escape(edit.old_note_type)} to"
            f" {_escape(note.note_type)}: {RETYPED}"
        )
    lines += [
        f"  - {_escape(f.name)}: {_words(f, '~~{}~~', '**{}**', _escape)}" for f in edit.fields
    ]
    return lines


def _md_tags(added: tuple[str, ...], removed: tuple[str, ...]) -> str:
    changed = [("added", added), ("removed", removed)]
    return "; ".join(f"{verb} {', '.join(map(_code, tags))}" for verb, tags in changed if tags)


def _escape(text: str) -> str:
    """Card text shown literally in Markdown."""
    return re.sub(r"([\\`*_~\[\]<>#|])", r"\\\1", text)


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else _escape(text)


# --- json ---------------------------------------------------------------------


def as_json(changes: Changes) -> str:
    """The shape documented in the README, marked with ``version``."""
    operations = {"=": "equal", "-": "delete", "+": "insert"}

    def edit(item: NoteEdit) -> dict[str, object]:
        return {
            **note(item.note),
            "old_note_type": item.old_note_type,
            "fields": [
                {
                    "field": f.name,
                    "old": f.old,
                    "new": f.new,
                    "diff": [{"op": operations[op], "text": text} for op, text in f.words],
                }
                for f in item.fields
            ],
        }

    document = {
        "version": JSON_VERSION,
        "old": {"deck": changes.old_deck},
        "new": {"deck": changes.new_deck},
        "counts": counts(changes),
        "added": [note(n) for n in changes.added],
        "changed": [edit(e) for e in changes.changed],
        "retired": [note(n) for n in changes.retired],
        "removed": [note(n) for n in changes.removed],
        "moved": [{**note(m.note), "old_deck": m.old_deck} for m in changes.moved],
        "tags": [
            {**note(t.note), "added": list(t.added), "removed": list(t.removed)}
            for t in changes.tags
        ],
        "note_types": [_json_note_type(t) for t in changes.note_types],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def note(ref: NoteRef) -> dict[str, object]:
    return {
        "guid": ref.guid,
        "id": ref.author_id,
        "label": ref.label,
        "deck": ref.deck,
        "note_type": ref.note_type,
    }


def _json_note_type(change: NoteTypeChange) -> dict[str, object]:
    return {
        "id": change.id,
        "name": change.name,
        "status": change.status,
        "old_name": change.old_name,
        "fields": {"old": list(change.old_fields), "new": list(change.new_fields)},
        "templates": {"old": list(change.old_templates), "new": list(change.new_templates)},
        "edited_templates": list(change.edited_templates),
        "css_changed": change.css_changed,
        "notes_stop_updating": change.renames_fields_or_templates,
    }
