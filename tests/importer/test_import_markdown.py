"""A field is written as Markdown only where Markdown renders every one of
its values to exactly itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck import render
from peerdeck.importer.markdown import PLAIN, plain_fields

from helpers import HYPOTHESIS_SETTINGS


@settings(max_examples=400, **HYPOTHESIS_SETTINGS)
@given(st.from_regex(PLAIN, fullmatch=True))
def test_plain_text_renders_to_itself(text: str) -> None:
    assert render.to_html(text, breaks=True) == text
    assert render.to_html(text, dollars=True, breaks=True) == text


@pytest.mark.parametrize(
    "text",
    [
        "1. a list",
        "- a list",
        "# heading",
        "*emphasis*",
        "snake_case",
        "a  b",
        "trailing ",
        "line\nbreak",
        "<b>bold</b>",
        "a & b",
        'say "hi"',
        r"\(x\)",
        "$5",
        "{{c1::x}}",
        "[sound:a.mp3]",
        "a`b",
    ],
)
def test_text_markdown_might_change_is_not_plain(text: str) -> None:
    assert PLAIN.fullmatch(text) is None


def test_a_field_is_markdown_when_every_value_is_plain() -> None:
    names = ("Word", "Meaning", "Notes", "Empty")
    notes = [("chat", "cat", "", ""), ("chien", "dog <i>(m)</i>", "", "")]
    assert plain_fields(names, notes) == {"Word"}
