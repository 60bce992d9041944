"""Identities are promises to learners: these values must never change.

A GUID that changes makes every learner's copy of the note an orphan with
its review history, and a new note beside it. The pinned values below fail
loudly if the derivation is ever touched.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from peerdeck import notetypes
from peerdeck.ids import _BASE91, base91, deck_id_for, guid_for_note


def test_note_guids_are_pinned() -> None:
    assert guid_for_note("peer-support", "confidentiality-bedrock-of-trust") == "Cp-E2?M&zo"
    assert guid_for_note("test-deck", "one") == "AmmyU4}N%l"


def test_guid_depends_on_namespace_and_id_only() -> None:
    assert guid_for_note("a", "x") == guid_for_note("a", "x")
    assert guid_for_note("a", "x") != guid_for_note("b", "x")
    assert guid_for_note("a", "x") != guid_for_note("a", "y")
    # The separator cannot be forged by moving a dash across the boundary.
    assert guid_for_note("a-b", "c") != guid_for_note("a", "b-c")


def test_deck_ids_are_pinned_and_in_range() -> None:
    assert deck_id_for("Peer Support") == 6887908047673361
    for name in ("Peer Support", "Peer Support::Confidentiality", "x"):
        assert 1 << 40 <= deck_id_for(name) < 1 << 53


def test_shipped_note_types_are_frozen() -> None:
    """Anki forks a note type whose names change under the same id, and
    stops updating its notes: ids, field and template names never change."""
    shipped = {
        nt.id: (nt.name, nt.fields, tuple(t.name for t in nt.templates))
        for nt in notetypes.NOTE_TYPES.values()
    }
    assert shipped == {
        2060870250: ("peerdeck Basic", ("Front", "Back", "Source"), ("Card 1",)),
        1827195467: ("peerdeck Reversed", ("Front", "Back", "Source"), ("Forward", "Reverse")),
        1102090116: ("peerdeck Type-in", ("Front", "Back", "Source"), ("Card 1",)),
        1956437744: ("peerdeck Cloze", ("Text", "Extra", "Source"), ("Cloze",)),
        2139069288: (
            "peerdeck Multiple choice",
            ("Question", "Choices", "Answer", "Explanation", "Source"),
            ("Card 1",),
        ),
    }


@given(st.integers(min_value=0, max_value=2**64))
@example(0).via("zero")
@example(90).via("the largest digit")
@example(91).via("the first pair")
@example(91 * 91).via("the first three digits")
def test_base91_writes_the_digits_of_the_number(number: int) -> None:
    digits, rest = [], number
    while rest:
        rest, digit = divmod(rest, 91)
        digits.append(_BASE91[digit])
    assert base91(number) == ("".join(reversed(digits)) or "a")
