"""Anki's template language as peerdeck reads it: the parts, and which
cards a note gets, on the cases Anki's own tests pin (rslib template.rs)."""

from __future__ import annotations

import pytest

from peerdeck.anki_template import TemplateError, card_ordinals, parse, references, renders
from peerdeck.model import NoteType, Template


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("{{2}}{{1}}", True),
        ("{{2}}{{type:cloze:1}}", False),  # a type: field is not a reason for a card
        ("{{2}}{{4}}", False),
        ("{{#3}}{{^2}}{{1}}{{/2}}{{/3}}", False),  # negated sections never count
        ("text only", False),
        ("{{#3}}{{1}}{{/3}}", True),
        ("{{#2}}{{1}}{{/2}}", False),
    ],
)
def test_a_question_renders_as_anki_decides(template: str, shown: bool) -> None:
    assert renders(parse(template), {"1", "3"}) is shown


def test_references_name_fields_with_filters_and_positions() -> None:
    parts = parse("<b>{{ Word }}</b>{{#Meaning}}{{hint:Meaning}}{{/Meaning}}{{!comment}}")
    found = [(part.kind, part.name, part.offset, part.filters) for part in references(parts)]
    assert found == [
        ("replace", "Word", 3, ()),
        ("if", "Meaning", 17, ()),
        ("replace", "Meaning", 29, ("hint",)),
    ]


@pytest.mark.parametrize(
    ("template", "offset", "words"),
    [
        ("{{#A}}x", 0, "never closed"),
        ("{{#A}}{{/B}}", 6, "closes no open section"),
        ("{{/A}}", 0, "closes no open section"),
        ("ok {{A", 3, "'{{' is never closed"),
    ],
)
def test_broken_templates_say_where(template: str, offset: int, words: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(template)
    assert caught.value.offset == offset and words in caught.value.message


def test_card_ordinals_follow_filled_fields_and_cloze_numbers() -> None:
    standard = NoteType(
        1,
        "Two",
        ("A", "B"),
        (Template("One", "{{A}}", ""), Template("Two", "{{#B}}{{B}}{{/B}}", "")),
        custom=True,
    )
    assert card_ordinals(standard, ["x", "y"]) == [0, 1]
    assert card_ordinals(standard, ["x", " <br> "]) == [0]  # Anki's empty field
    cloze = NoteType(
        2, "C", ("Text", "More"), (Template("C", "{{cloze:Text}}", ""),), True, custom=True
    )
    assert card_ordinals(cloze, ["{{c2::a}} {{c5::b}}", "{{c9::not here}}"]) == [1, 4]


def test_the_legacy_delimiters_read_as_anki_reads_them() -> None:
    text = "  {{=<% %>=}}<b><%Word%></b><%#Meaning%><%Meaning%><%/Meaning%>"
    found = [(part.kind, part.name, part.offset) for part in references(parse(text))]
    assert found == [("replace", "Word", 16), ("if", "Meaning", 28), ("replace", "Meaning", 40)]
    assert text[16:24] == "<%Word%>"
    with pytest.raises(TemplateError) as caught:
        parse("{{=<% %>=}}\n<%#A%>")
    assert caught.value.offset == 12
