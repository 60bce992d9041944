from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck.lint.rules.pd103_empty_field import has_media, renders_empty
from peerdeck.lint.text import visible
from peerdeck.settings import RunSettings

from helpers import HYPOTHESIS_SETTINGS, lint_found, write_project


def test_fields_that_show_nothing_are_errors(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "pic.png": b"png",
            "a.yaml": """\
            notes:
              - id: break
                front: What is trust?
                back: "<br>"
              - id: space
                front: "&nbsp;\u200b"
                back: Reliance.
              - id: picture
                front: Who is this?
                back: "![](pic.png)"
              - id: choice
                type: multiple-choice
                question: Which?
                choices: [A, "<!-- -->"]
                answer: A
            """,
        },
    )
    assert lint_found(tmp_path, "PD103") == [
        ("a.yaml", 4, 11, "'back' shows nothing on the card: it has no visible text"),
        ("a.yaml", 6, 12, "'front' shows nothing on the card: it has no visible text"),
        ("a.yaml", 14, 14, "'choices' shows nothing on the card: it has no visible text"),
    ]


def test_an_empty_field_fails_check_too(tmp_path: Path) -> None:
    from peerdeck import pipeline
    from peerdeck.problems import Severity

    write_project(tmp_path, {"a.yaml": "notes: [{id: one, front: Q?, back: '<br>'}]\n"})
    loaded = pipeline.check(RunSettings(tmp_path))
    assert [(p.code, p.severity) for p in loaded.problems] == [("PD103", Severity.ERROR)]


PIECES = ["&nbsp;", "&amp;", "&#8203;", "<br>", "<!--", "-->", "<b>", "</b>", "<img src=x>"]
PIECES += ["[sound:x]", " ", "\n", "\u00a0", "\u200b", "\u00ad", "a", "<", ">", "&", ";"]


@settings(max_examples=500, **HYPOTHESIS_SETTINGS)
@given(st.lists(st.sampled_from(PIECES), max_size=6).map("".join))
def test_the_quick_look_agrees_with_reading_the_whole_field(field_html: str) -> None:
    # The fast path only answers when a character is surely shown.
    whole = not visible(field_html) and not has_media(field_html)
    assert renders_empty("source", field_html) is whole
