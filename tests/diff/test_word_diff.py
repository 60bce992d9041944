"""The word diff: always a correct edit from old to new, exact while
small, anchored at unique words when large."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck.diff.word_diff import EXACT_PAIRS, Segment, compact, plain, word_diff

from helpers import HYPOTHESIS_SETTINGS


def sides(segments: tuple[Segment, ...]) -> tuple[str, str]:
    old = " ".join(text for op, text in segments if op in "=-")
    new = " ".join(text for op, text in segments if op in "=+")
    return old, new


def kept(segments: tuple[Segment, ...]) -> int:
    return sum(len(text.split()) for op, text in segments if op == "=")


# Few distinct words, so that fields repeat themselves as the slow cases do.
texts = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=300).map(" ".join)


@settings(max_examples=200, **HYPOTHESIS_SETTINGS)
@given(texts, texts)
def test_the_segments_spell_both_sides(old: str, new: str) -> None:
    segments = word_diff(old, new)
    assert sides(segments) == (old, new)
    # No two neighbours of the same kind: runs are whole.
    assert all(x[0] != y[0] for x, y in itertools.pairwise(segments))


def test_small_fields_are_diffed_exactly() -> None:
    segments = word_diff("the cat sat on the mat", "the dog sat on a mat")
    assert segments == (
        ("=", "the"),
        ("-", "cat"),
        ("+", "dog"),
        ("=", "sat on"),
        ("-", "the"),
        ("+", "a"),
        ("=", "mat"),
    )


def test_large_fields_keep_every_unique_word_they_share() -> None:
    words = [f"w{index}" for index in range(3000)]
    edited = [*words]
    for index in range(0, 3000, 100):
        edited[index] = "changed"
    segments = word_diff(" ".join(words), " ".join(edited))
    assert len(words) * len(edited) > EXACT_PAIRS
    assert sides(segments) == (" ".join(words), " ".join(edited))
    assert kept(segments) == 3000 - 30


def test_repetitive_large_fields_still_give_a_correct_edit() -> None:
    old, new = " ".join(["a"] * 2000), " ".join(["a", "b"] * 1000)
    assert sides(word_diff(old, new)) == (old, new)


def test_unclosed_tags_are_text() -> None:
    assert plain("<a <a <b>x</b>") == "<a <a x"
    assert plain("1 &lt; 2 and <i>3</i> &gt; 2") == "1 < 2 and 3 > 2"


def test_html_is_stripped_and_long_unchanged_runs_are_cut() -> None:
    assert plain("<p>One <b>bo</b>ld&amp;<br>two</p>") == "One bold& two"
    words = word_diff("a b c d e f g h i j k l", "a b c d e f g h i j k L")
    assert list(compact(words)) == [("=", "… i j k"), ("-", "l"), ("+", "L")]
    middle = word_diff("x a b c d e f g h y", "X a b c d e f g h Y")
    assert [text for _, text in compact(middle)][2] == "a b c … f g h"
