"""The template renderer against Anki's own, on note types made in a real
collection with every template feature: conditionals, comments, filters,
special fields, FrontSide, cloze nesting and hints, card generation."""

from __future__ import annotations

from typing import Any

import pytest

from peerdeck.notetypes import NoteType, Template
from peerdeck.preview.cards import Placement, render_cards
from peerdeck.preview.template import Context, TemplateError, render

from helpers import Learner
from previewed import anki_side, hint_ids, tts_marked

STANDARD_FRONT = """\
{{Front}} {{#Extra}}<i>{{Extra}}</i>{{/Extra}}{{^Extra}}no extra{{/Extra}}
<!-- {{Back}} --> {{text:Back}} {{hint:Extra}} [{{Tags}}] {{Type}} {{Deck}} {{Subdeck}}
{{Card}} {{CardFlag}} {{#c1}}one{{/c1}}{{#c2}}two{{/c2}} {{ Front }} {{{Front}}}
{{kana:Front}} {{kanji:Front}} {{furigana:Front}} {{made-up:Front}} {{tts en_US:Front}}
{{::Front}} {{text:hint:Extra}} {{#Side Note}}{{Side Note}}{{/Side Note}} {{^Back}}{{/Back}}
"""
STANDARD_TEMPLATES = (
    ("One", STANDARD_FRONT, '{{FrontSide}}\n<hr id="answer">\n{{Back}} {{type:Back}}'),
    ("Two", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"),
    ("Only without extra", "{{^Extra}}{{Front}}{{/Extra}}", "{{FrontSide}}"),
    ("Alt", "{{=<% %>=}}<%Front%> {{Back}}", "<%FrontSide%>"),
)
STANDARD_NOTES = [
    {"Front": "日本[にほん] <b>bold</b> &amp; &nbsp;x", "Back": "<i>b</i> &lt;", "Extra": "e"},
    {"Front": "front", "Back": "", "Extra": "", "Side Note": "side"},
    {"Front": "<br>", "Back": "back only", "Extra": " <div></div> "},
]
TAGS = ("gamma", "Alpha::beta", "beta")  # Anki shows them sorted
CLOZE_FRONT = "{{cloze:Text}}\n{{type:cloze:Text}}"
CLOZE_BACK = "{{cloze:Text}}<br>{{cloze-only:Text}}<br>{{Back Extra}} {{type:cloze:Text}}"
CLOZE_NOTES = [
    {"Text": "{{c1::Paris}} is in {{c2::France::country}} and {{c1,3::Europe}}.", "Back Extra": ""},
    {"Text": "Nested {{c1::outer {{c2::inner}} text}} and <b>{{c3::a&amp;b \"q\" 'x' /}}</b>"},
    {"Text": r"Math \(x = {{c1::<b>2</b>}}\) and \[{{c2::y}}\] }} stray {{c::no}} {{c0::zero}}"},
    {"Text": "{{c2::two}} {{c2::twice}} {{c4::four::}} {{c5::::empty hint}}"},
]


def _note_type(learner: Learner, name: str, fields: list[str], templates: Any, cloze: bool) -> Any:
    models = learner.col.models
    model = models.new(name)
    for field in fields:
        models.add_field(model, models.new_field(field))
    for template_name, front, back in templates:
        template = models.new_template(template_name)
        template["qfmt"], template["afmt"] = front, back
        models.add_template(model, template)
    model["css"] = ".card { color: red; }"
    model["type"] = 1 if cloze else 0
    models.add(model)
    return models.by_name(name)


def _add(learner: Learner, model: Any, values: dict[str, str], deck: str) -> Any:
    note = learner.col.new_note(model)
    for name, value in values.items():
        note[name] = value
    note.tags = list(TAGS)
    learner.col.add_note(note, learner.col.decks.id(deck))
    return note


def _hint_ids(text: str) -> str:
    return hint_ids(tts_marked(text))


def _compare(learner: Learner, model: Any, notes: list[dict[str, str]], cloze: bool) -> int:
    note_type = NoteType(
        id=model["id"],
        name=model["name"],
        fields=tuple(f["name"] for f in model["flds"]),
        templates=tuple(Template(t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]),
        is_cloze=cloze,
    )
    compared = 0
    for values in notes:
        note = _add(learner, model, values, "Top::Sub deck")
        ours = render_cards(note_type, note.fields, Placement("Top::Sub deck", TAGS))
        theirs = sorted(note.cards(), key=lambda card: card.ord)
        assert [card.ordinal for card in ours] == [card.ord for card in theirs], values
        for mine, card in zip(ours, theirs, strict=True):
            assert _hint_ids(mine.question) == _hint_ids(anki_side(card, True)), values
            assert _hint_ids(mine.answer) == _hint_ids(anki_side(card, False)), values
            compared += 1
    return compared


def test_standard_templates_render_as_in_anki(learner: Learner) -> None:
    fields = ["Front", "Back", "Extra", "Side Note"]
    model = _note_type(learner, "Every feature", fields, STANDARD_TEMPLATES, cloze=False)
    assert _compare(learner, model, STANDARD_NOTES, cloze=False) >= 6


def test_cloze_templates_render_as_in_anki(learner: Learner) -> None:
    templates = [("Cloze", CLOZE_FRONT, CLOZE_BACK)]
    model = _note_type(learner, "Every cloze", ["Text", "Back Extra"], templates, cloze=True)
    assert _compare(learner, model, CLOZE_NOTES, cloze=True) >= 10


@pytest.mark.parametrize(
    "template",
    [
        "{{Missing}}",
        "{{#Missing}}x{{/Missing}}",
        "{{#Front}}x",
        "{{/Front}}",
        "{{#Front}}{{/Back}}",
    ],
)
def test_a_template_anki_refuses_is_an_error(template: str) -> None:
    with pytest.raises(TemplateError):
        render(template, Context.create({"Front": "f", "Back": "b"}, 0))
