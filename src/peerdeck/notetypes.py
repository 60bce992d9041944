"""peerdeck's Anki note types: fixed ids, fields, templates and one stylesheet;
and the one way to find a note's type, built-in or the project's own.

Anki recognises a note type by its id and forks it as "Name+" when the field
or template names under that id change, after which the notes stop updating.
So ids, field names and template names below are frozen: change the HTML
inside a template freely, never a name. A new field means a new note type
with a new id.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache

from .highlight import CSS as CODE_CSS
from .ids import note_type_id_for
from .model import Deck, Note, NoteKind, NoteType, Template, TypeKey

__all__ = ["NOTE_TYPES", "NoteType", "Template", "anki_fields", "note_type", "type_of"]


SOURCE_BLOCK = """{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""
ANSWER_RULE = """{{FrontSide}}\n\n<hr id="answer">\n\n"""

CSS = """\
.card {
  --text: #1d1f21;
  --muted: #5f6368;
  --accent: #1a73e8;
  --cloze: #0b57d0;
  --right: #137333;
  --panel: #f1f3f4;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: var(--text);
  background: #ffffff;
  max-width: 40em;
  margin: 0 auto;
  padding: 0 0.5em;
}
.card.nightMode, .nightMode .card {
  --text: #e8eaed;
  --muted: #9aa0a6;
  --accent: #8ab4f8;
  --cloze: #8ab4f8;
  --right: #81c995;
  --panel: #303134;
  background: #202124;
}
.card a { color: var(--accent); }
hr#answer { border: none; border-top: 1px solid var(--muted); margin: 1em 0; }
.cloze { font-weight: bold; color: var(--cloze); }
.extra, .explanation { margin-top: 0.75em; }
.choices { padding-left: 0; list-style: none; counter-reset: choice; }
.choices li { counter-increment: choice; margin: 0.3em 0; padding: 0.2em 0.5em;
  border-radius: 6px; background: var(--panel); }
.choices li::before { content: counter(choice, upper-alpha) ". "; font-weight: bold; }
.answer-choice { font-weight: bold; color: var(--right); }
.source { margin-top: 1.5em; font-size: 0.75em; color: var(--muted); }
.source q { font-style: italic; }
img { max-width: 100%; height: auto; }
"""
CSS += CODE_CSS  # code blocks, their highlighting, and tables

_FRONT_BACK_FIELDS = ("Front", "Back", "Source")

BASIC = NoteType(
    id=2060870250,
    name="peerdeck Basic",
    fields=_FRONT_BACK_FIELDS,
    templates=(Template("Card 1", "{{Front}}", ANSWER_RULE + "{{Back}}\n" + SOURCE_BLOCK),),
)
REVERSED = NoteType(
    id=1827195467,
    name="peerdeck Reversed",
    fields=_FRONT_BACK_FIELDS,
    templates=(
        Template("Forward", "{{Front}}", ANSWER_RULE + "{{Back}}\n" + SOURCE_BLOCK),
        Template("Reverse", "{{Back}}", ANSWER_RULE + "{{Front}}\n" + SOURCE_BLOCK),
    ),
)
TYPE_IN = NoteType(
    id=1102090116,
    name="peerdeck Type-in",
    fields=_FRONT_BACK_FIELDS,
    templates=(
        Template(
            "Card 1",
            "{{Front}}\n\n{{type:Back}}",
            '{{Front}}\n\n<hr id="answer">\n\n{{type:Back}}\n' + SOURCE_BLOCK,
        ),
    ),
)
CLOZE = NoteType(
    id=1956437744,
    name="peerdeck Cloze",
    fields=("Text", "Extra", "Source"),
    templates=(
        Template(
            "Cloze",
            "{{cloze:Text}}",
            '{{cloze:Text}}\n{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}\n'
            + SOURCE_BLOCK,
        ),
    ),
    is_cloze=True,
)
MULTIPLE_CHOICE = NoteType(
    id=2139069288,
    name="peerdeck Multiple choice",
    fields=("Question", "Choices", "Answer", "Explanation", "Source"),
    templates=(
        Template(
            "Card 1",
            "{{Question}}\n\n{{Choices}}",
            '{{Question}}\n\n<hr id="answer">\n\n<div class="answer-choice">{{Answer}}</div>\n'
            '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}\n'
            + SOURCE_BLOCK,
        ),
    ),
)

NOTE_TYPES: dict[NoteKind, NoteType] = {
    kind: replace(base, css=CSS, key=kind)
    for kind, base in (
        (NoteKind.BASIC, BASIC),
        (NoteKind.REVERSED, REVERSED),
        (NoteKind.TYPE_IN, TYPE_IN),
        (NoteKind.CLOZE, CLOZE),
        (NoteKind.MULTIPLE_CHOICE, MULTIPLE_CHOICE),
    )
}


def note_type(kind: NoteKind, version: int = 1) -> NoteType:
    """The built-in note type for ``kind`` at ``version``."""
    return at_version(NOTE_TYPES[kind], version)


def at_version(base: NoteType, version: int) -> NoteType:
    """``base`` at ``version``. Version 1 keeps the frozen id; a later
    version is a different note type to Anki (new id and name), which is the
    only safe way to ship changed field or template names."""
    if version == 1:
        return base
    return replace(base, id=note_type_id_for(base.id, version), name=f"{base.name} v{version}")


def type_of(deck: Deck, kind: TypeKey) -> NoteType:
    """The note type notes of ``kind`` ship as in ``deck``."""
    return find_type(kind, deck.custom_types, deck.versions)


def find_type(
    kind: TypeKey, custom_types: Mapping[TypeKey, NoteType], versions: Mapping[TypeKey, int]
) -> NoteType:
    """The note type of ``kind``: the project's own (already at its
    version), else a built-in at its version."""
    custom = custom_types.get(kind)
    if custom is not None:
        return custom
    return note_type(NoteKind(kind), versions.get(kind, 1))


def anki_fields(note: Note) -> list[str]:
    """The note's field values in its note type's field order."""
    shown = note.html
    if not isinstance(note.kind, NoteKind):  # a custom type: every field, in order
        return [value if isinstance(value, str) else "" for value in shown.values()]

    def text(name: str) -> str:
        value = shown.get(name, "")
        return value if isinstance(value, str) else ""

    source = source_html(note)
    if note.kind is NoteKind.CLOZE:
        return [text("text"), text("extra"), source]
    if note.kind is NoteKind.MULTIPLE_CHOICE:
        choices = shown.get("choices", ())
        return [
            text("question"),
            choices_html(choices if isinstance(choices, tuple) else ()),
            answer_html(note),
            text("explanation"),
            source,
        ]
    return [text("front"), text("back"), source]


def choices_html(choices: Sequence[str]) -> str:
    items = "".join(f"<li>{choice}</li>" for choice in choices)
    return f'<ol class="choices">{items}</ol>'


def answer_html(note: Note) -> str:
    """The right option with its letter, as the learner saw it on the front."""
    raw, shown = note.fields.get("choices", ()), note.html.get("choices", ())
    answer = note.fields.get("answer", "")
    for index, (option, rendered) in enumerate(zip(raw, shown, strict=False)):
        if isinstance(answer, str) and option.strip() == answer.strip():
            return f"{chr(ord('A') + index)}. {rendered}"
    return ""


def source_html(note: Note) -> str:
    """Title (linked when it has a url) and quote, or nothing."""
    if note.source is None:
        return ""
    title = _title_html(note.source.title, note.source.url)
    if note.quote:
        quote = html.escape(" ".join(note.quote.split()), quote=False)
        return f"{title}: <q>{quote}</q>"
    return title


@cache  # a deck cites a few sources from many notes
def _title_html(title: str, url: str | None) -> str:
    shown = html.escape(title, quote=False)
    if url:
        shown = f'<a href="{html.escape(url)}">{shown}</a>'
    return f'<span class="source-title">{shown}</span>'
