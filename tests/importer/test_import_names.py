"""The names an import gives: readable, unique slugs."""

from __future__ import annotations

import pytest

from peerdeck.importer import names


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (("Bonjour", "Hello"), "bonjour"),
        (("<b>être</b> ou ne pas être", ""), "etre-ou-ne-pas-etre"),
        (("Je {{c1::suis}} ici {{c2::et::hint}} là",), "je-suis-ici-et-la"),
        (("[sound:a.mp3] Écoute &amp; répète",), "ecoute-repete"),
        (("猫", "cat"), "cat"),
        (("猫", ""), "note"),
        (("one two three four five six seven eight",), "one-two-three-four-five-six"),
        (("x" * 80,), "x" * 48),
    ],
)
def test_a_note_id_comes_from_the_first_words(fields: tuple[str, ...], expected: str) -> None:
    assert names.note_id(fields) == expected


def test_names_are_made_unique() -> None:
    unique = names.UniqueNames()
    assert [unique.claim(n) for n in ("a", "a", "a-2", "a")] == ["a", "a-2", "a-2-2", "a-3"]


@pytest.mark.parametrize(
    ("name", "key"),
    [("Basic", "anki-basic"), ("Cloze", "anki-cloze"), ("Vocabulary (FR)", "vocabulary-fr")],
)
def test_a_note_type_key_is_never_a_built_in_one(name: str, key: str) -> None:
    assert names.note_type_key(name) == key


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("cat.png", "cat.png"),
        ("my cat (1).png", "my_cat_1_.png"),
        (".hidden.png", "_hidden.png"),
        ("notes.yaml", "notes.yaml_"),
        ("cafe\u0301.png", "café.png"),
    ],
)
def test_media_names_are_safe(name: str, safe: str) -> None:
    assert names.media_name(name) == safe


def test_a_deck_id_is_the_same_for_the_same_notes_and_differs_for_others() -> None:
    first = names.deck_id("French", ["a", "b"])
    assert first == names.deck_id("French", ["b", "a"])
    assert first != names.deck_id("French", ["a", "c"])
    assert first.startswith("french-")
