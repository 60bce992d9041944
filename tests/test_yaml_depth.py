"""The cheap nesting bound that lets most files skip a second, event-by-event
parse: it must never be below the real depth, or a deeply nested file would
reach libyaml's recursive composer."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck.yaml_depth import depth_bound
from peerdeck.yaml_tree import MAX_DEPTH, Loader

from helpers import HYPOTHESIS_SETTINGS


def depth(text: str) -> int:
    """How deeply the collections of ``text`` nest, from libyaml's events."""
    level = deepest = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            level += 1
            deepest = max(deepest, level)
        elif isinstance(event, yaml.CollectionEndEvent):
            level -= 1
    return deepest


def sound(bound: int, real: int) -> bool:
    """A bound above MAX_DEPTH only says: parse to find out."""
    return bound > MAX_DEPTH or bound >= real


USUAL = """\
deck: Part::One
tags: [a, b::c]  # a comment [x
notes:
  - id: one
    front: "What is [this] {{c1::x}}?"
    back: 'It''s [that].'
    choices: ['A [1]', "B, \\"2\\"", C]
    source: {ref: gen, quote: "a [quote]"}
    extra: plain [brackets] and {braces}
  - [nested, [list], {a: [b]}]
"""

TRICKY = [
    USUAL,
    "a [b: [[[[[[[[x]]]]]]]]\n",
    "a ['b: [[[[[[[['x']]]]]]]]\n",
    "k: [[[[[[[[[[\n  [[[[[[]]]]]]]]]]]]]]]]\n",
    "k: [a, 'b' , [[[[[[[[[c]]]]]]]]]]  # end\n",
    'k: ["x", [[[[[[[[[[[[y]]]]]]]]]]]]]\n',
    "k: [don't, [[[[[[[[[[x]]]]]]]]]]]\n",
    # Quotes inside plain text, lined up with real ones so that reading them
    # as quoted values would hide 40 levels and still balance the brackets.
    "k: [don't, " + "[" * 40 + "x, 'q', " + "]" * 40 + ", 's', isn't]\n",
    "k: [a:'b, " + "[" * 40 + "x, 'q', " + "]" * 40 + ", 's', isn't]\n",
    "k: [a 'b, " + "[" * 40 + "x, 'q', " + "]" * 40 + ", 's', isn't]\n",
    "k: !!seq [[[[[[[[[[[[x]]]]]]]]]]]]\n",
    "k: &a [[[[[[[[[[[[x]]]]]]]]]]]]\n",
    "- - - - - - - - - - - - - - - - - x\n",
    "a:\n- b:\n  - c:\n    - d:\n      - e: [f]\n",
    "- &a k: {b: [c]}\n- !!map j: v\n",
    "k: |\n  [[[[[[[[\n  ]]]]]]]]\n",
    'k: "a\n  [[[[[[[[[[[[[[[ "\n',
    "k: [a,\r\n  [[[[[[[[[[[[[[[[b]]]]]]]]]]]]]]]]]\r\n",
    "k:\r  - [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\r",
    "{a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: m}}}}}}}}}}}}\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_bound_is_never_below_the_real_depth(text: str) -> None:
    assert sound(depth_bound(text), depth(text))


def test_usual_card_files_need_no_second_parse() -> None:
    assert depth_bound(USUAL) <= MAX_DEPTH
    assert depth_bound(USUAL * 50) <= MAX_DEPTH


# Pieces of YAML that matter to the bound: brackets, quotes, comments, tags,
# anchors, indicators, indentation.
PIECES = ["[", "]", "[[[[[[[[", "]]]]]]]]", "{", "}", "{a: {b: ", "'x'", '"y"', "'", '"', "''"]
PIECES += ["\\", ", ", ": ", "k: ", "- ", "? ", "!t ", "&a ", " # c", "#", "a", " ", "\n"]
PIECES += ["\n  ", "\n    ", "|\n  ", "\r\n"]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(**HYPOTHESIS_SETTINGS, max_examples=1000)
@given(YAMLISH)
def test_the_bound_holds_for_any_text_libyaml_reads(text: str) -> None:
    try:
        real = depth(text)
    except yaml.YAMLError:
        return  # libyaml stops at the same error with or without the bound
    assert sound(depth_bound(text), real)
