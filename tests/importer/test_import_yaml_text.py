"""What an import writes as YAML reads back as exactly what it wrote."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck.importer.yaml_text import Value, dump

from helpers import HYPOTHESIS_SETTINGS

TRICKY = [
    "yes", "No", "on", "~", "null", "1", "-1.5", "0x1f", "1_000", "12:30", "2001-01-01",
    ".inf", "", " lead", "trail ", "a: b", "a::b", "x #y", "#x", "- a", "? a", "*x", "&a",
    "!x", "%x", "@x", "`x", "[a]", "{a}", "a,b", "'a", '"a', "it's", "a\nb", " a\nb",
    "a \nb", "a\n\nb", "a\n", "\n", "a\r\nb", "a\tb", "\u2028", "\x85", "a\x7f", "\ufeff",
    "é: x", "<b>x</b>", "{{c1::x::hint}}", r"\(\frac{a}{b}\)", "[sound:a.mp3]",
]  # fmt: skip


def read(text: str) -> object:
    return yaml.load(text, Loader=yaml.CSafeLoader)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_read_back_exactly(text: str) -> None:
    value: dict[str, Value] = {"key": text, text or "empty": [text, {"inner": text}]}
    assert read(dump(value)) == value


@settings(max_examples=500, **HYPOTHESIS_SETTINGS)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=10),
        st.one_of(
            st.text(),
            st.integers(),
            st.lists(st.text(), max_size=3),
            st.lists(st.dictionaries(st.text(max_size=5), st.text(), max_size=3), max_size=2),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_text_reads_back_exactly(value: dict[str, object]) -> None:
    assert read(dump(value)) == value  # type: ignore[arg-type]


def test_lines_are_a_literal_block_and_html_is_single_quoted() -> None:
    text = dump({"a": "one\ntwo", "b": 'x <img src="c.png">', "c": "plain words"})
    assert text == "a: |-\n  one\n  two\nb: 'x <img src=\"c.png\">'\nc: plain words\n"
