"""Cloze markup as every stage reads it: numbers, deletions, cards, and the
malformed pieces validation reports."""

from __future__ import annotations

from peerdeck import cloze
from peerdeck.cloze import Deletion
from peerdeck.limits import MAX_CLOZE_NUMBER


def test_a_number_is_read_up_to_the_largest_card_anki_numbers() -> None:
    assert cloze.cloze_number("1") == 1
    assert cloze.cloze_number("0") == 0
    assert cloze.cloze_number("007") == 7
    assert cloze.cloze_number(str(MAX_CLOZE_NUMBER)) == MAX_CLOZE_NUMBER
    assert cloze.cloze_number(str(MAX_CLOZE_NUMBER + 1)) is None
    assert cloze.cloze_number("9" * 5000) is None  # refused before int() reads it


def test_numbers_are_those_of_every_deletion_opened_nested_ones_too() -> None:
    text = "{{c1::a}} {{c3::b {{c2::c}} }} {{c1::d}} {{c70000::e}} {{x::f}}"
    assert cloze.cloze_numbers(text) == {1, 2, 3}
    assert cloze.opened(text) == [(1, 0), (3, 10), (2, 18), (1, 31), (70000, 41)]
    assert cloze.cloze_numbers("no deletion {{here}}") == set()


def test_the_first_deletion_is_found_where_it_opens() -> None:
    assert cloze.first_deletion("see {{c2::x}} and {{c1::y}}") == 4
    assert cloze.first_deletion("{{c::x}} {c1::y}") is None


def test_genanki_sees_the_outer_deletion_only_and_no_card_zero() -> None:
    assert cloze.genanki_ordinals("{{c1::a}} {{c3::b}}") == {0, 2}
    # genanki's lazy pattern ends the first deletion at the nested one's '}}'.
    assert cloze.genanki_ordinals("{{c1::a {{c2::b}} c}}") == {0}
    assert cloze.genanki_ordinals("{{c0::a}} {{c2::}}") == set()


def test_a_deletion_is_written_as_anki_reads_it() -> None:
    markup = cloze.deletion(12, "retired")
    assert markup == "{{c12::retired}}"
    assert cloze.cloze_numbers(markup) == {12}


def test_deletions_carry_their_answer_hint_and_place() -> None:
    text = "A {{c1::cat::animal}} and {{c2::bone}}."
    assert cloze.deletions(text) == [
        Deletion(1, 2, 21, "cat", "animal"),
        Deletion(2, 26, 38, "bone", ""),
    ]
    assert text[2:21] == "{{c1::cat::animal}}"


def test_a_nested_deletion_ends_its_outer_one_at_the_matching_braces() -> None:
    text = "{{c2::a {{c3::dog}} bone}}."
    found = cloze.deletions(text)
    assert [(d.number, d.start, d.end) for d in found] == [(2, 0, 26), (3, 8, 19)]
    assert found[1].answer == "dog"


def test_a_card_hides_its_own_deletions_and_shows_the_others() -> None:
    text = "{{c1::Paris::city}} is in {{c2::France}}; {{c1::Lyon}} too."
    assert cloze.card_text(text, 1) == "[city] is in France; [...] too."
    assert cloze.card_text(text, 2) == "Paris is in [...]; Lyon too."
    assert cloze.card_text(text, 0) == "Paris is in France; Lyon too."
    assert cloze.card_text("{{c1::a {{c2::b}} c}}", 2) == "a [...] c"


def test_markup_is_kept_when_each_deletion_closes_its_own_tags() -> None:
    assert cloze.keeps_markup("no tags {{c1::here}}")
    assert cloze.keeps_markup("{{c1::<b>bold</b>}} and <i>{{c2::x<br>y}}</i>")
    assert not cloze.keeps_markup("<b>{{c1::bold</b> rest}}")
    assert not cloze.keeps_markup("{{c1::<em>half}} of it</em>")


def test_a_well_formed_text_has_numbers_and_no_problems() -> None:
    found = cloze.scan("{{c1::a::hint}} {{c2::b {{c3::c}}}}")
    assert found.numbers == {1, 2, 3}
    assert found.problems == []


def test_each_malformed_piece_is_reported_where_it_starts() -> None:
    text = "{{c0::a}} {{c1::  }} }} {{cx::b}} {{c99999::c}} {{c1::open"
    found = cloze.scan(text)
    assert found.numbers == {0, 1}
    assert found.problems == [
        (0, "cloze numbers start at c1, not c0"),
        (10, "empty cloze deletion: nothing to recall"),
        (21, "'}}' closes no cloze deletion"),
        (24, "'{{' does not start a cloze deletion; write '{{c1::answer}}'"),
        (
            34,
            "cloze number c99999 is too large: Anki numbers a note's cards up to c65535",
        ),
        (48, "cloze deletion is never closed with '}}'"),
    ]


def test_a_huge_number_is_shortened_and_other_digits_are_named() -> None:
    (_, message), *_ = cloze.scan("{{c" + "1" * 20 + "::x}}").problems
    assert "c1111111111... is too large" in message
    (_, message), *_ = cloze.scan("{{c\u0661::x}}").problems  # an Arabic-Indic one
    assert message.startswith("cloze numbers are written with the digits 0-9")


def test_a_text_without_deletions_is_reported_as_a_whole() -> None:
    found = cloze.scan("plain text")
    assert found.numbers == set()
    assert found.problems == [
        (None, "a cloze note needs at least one deletion like '{{c1::answer}}'")
    ]
    # A malformed '{{' already says what is wrong: no second message.
    assert [offset for offset, _ in cloze.scan("{{x}}").problems] == [0]


def test_tex_braces_in_math_are_not_deletion_markers() -> None:
    assert cloze.scan(r"{{c1::\(\frac{a}{b}\)}} and \(x^{{2}}\)").problems == []


def test_a_tex_brace_closing_a_deletion_early_is_reported() -> None:
    text = r"{{c1::\(\frac{1}{x^{2}}\)}}"
    found = cloze.scan(text)
    assert found.numbers == {1}
    assert [offset for offset, _ in found.problems] == [text.index("}}")]
    assert "'}}' inside math ends the cloze deletion" in found.problems[0][1]


def test_dollar_math_is_math_only_when_the_deck_says_so() -> None:
    text = "{{c1::$\\frac{1}{x^{2}}$}}"
    # Not math: the deletion ends at 'x^{2}}', and the last '}}' is stray.
    assert cloze.scan(text).problems == [(23, "'}}' closes no cloze deletion")]
    (offset, message), *others = cloze.scan(text, dollars=True).problems
    assert (offset, others) == (20, [])
    assert message.startswith("'}}' inside math ends the cloze deletion")
