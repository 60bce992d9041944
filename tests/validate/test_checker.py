"""The checks every key of every file shares: each reports its problem at
the value's line and column, with its code, and hands back what is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdeck import schema
from peerdeck.limits import MAX_TAGS_PER_NOTE
from peerdeck.media import MediaStore
from peerdeck.model import NoteKind, RuleCatalog
from peerdeck.source import Node
from peerdeck.validate.checker import Checker, kind_of, suggest, unknown_note_type
from peerdeck.yaml_tree import read_yaml

RULES = RuleCatalog(codes=(), names={}, limits={})


def checker_for(
    tmp_path: Path, text: str, type_keys: frozenset[str] = frozenset()
) -> tuple[Checker, Node]:
    """A checker of ``text`` written to a file, and the file's value tree."""
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    source, tree, problems = read_yaml(path)
    assert source is not None and tree is not None and not problems
    return Checker(source, RULES, type_keys=type_keys), tree


def found(checker: Checker) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.code, p.message) for p in checker.problems]


def test_mapping_reports_unknown_keys_with_a_hint_and_missing_ones(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "deck: Sub\nnotse: []\ntags: x\n")
    entries = checker.mapping(tree, schema.FILE_KEYS, "a card file")
    assert entries is not None and set(entries) == {"deck", "tags"}
    assert found(checker) == [
        (2, 1, "PD004", "unknown key 'notse' (did you mean 'notes'?)"),
        (1, 1, "PD006", "a card file is missing the required key 'notes'"),
    ]


def test_mapping_reports_a_missing_key_at_its_owner_when_given(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "source:\n  quote: words\n")
    entries = checker.mapping(
        tree.value["source"], schema.SOURCE_REF_KEYS, "source", owner=tree.keys["source"]
    )
    assert entries is not None and set(entries) == {"quote"}
    assert found(checker) == [(1, 1, "PD006", "source is missing the required key 'ref'")]


def test_mapping_refuses_a_value_that_is_not_a_mapping(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "- one\n- two\n")
    assert checker.mapping(tree, schema.FILE_KEYS, "a card file") is None
    assert found(checker) == [
        (1, 1, "PD005", "a card file must be a mapping of keys to values, not a list")
    ]


def test_a_field_of_another_note_type_is_named_as_such(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "id: one\nfront: Q\nback: A\ntext: T\n")
    checker.mapping(
        tree, schema.NOTE_KEYS + schema.FIELD_KEYS[schema.DEFAULT_KIND], "note", "basic"
    )
    assert found(checker) == [
        (4, 1, "PD004", "key 'text' is a field of cloze notes, not of basic notes")
    ]


@pytest.mark.parametrize(
    ("value", "allow_empty", "expected", "problem"),
    [
        ("'text'", False, "text", None),
        ("''", True, "", None),
        ("''", False, None, (1, 8, "PD017", "'value' is empty")),
        ("", False, None, (1, 7, "PD017", "'value' is empty")),
        ("", True, None, None),
        (
            "yes",
            False,
            None,
            (
                1,
                8,
                "PD005",
                "'value' must be text, but YAML reads yes as a boolean; put it in quotes",
            ),
        ),
        ("[a]", False, None, (1, 8, "PD005", "'value' must be text, not a list")),
    ],
)
def test_string_takes_text_and_says_what_yaml_read_instead(
    tmp_path: Path,
    value: str,
    allow_empty: bool,
    expected: str | None,
    problem: tuple[int, int, str, str] | None,
) -> None:
    checker, tree = checker_for(tmp_path, f"value: {value}\n")
    assert checker.string(tree.value["value"], "value", allow_empty) == expected
    assert found(checker) == ([problem] if problem else [])


def test_slug_points_at_a_look_alike_letter(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "id: caf\u0435-one\nref: Bad Ref\nok: good-one\n")
    assert checker.slug(tree.value["ok"], "ok") == "good-one"
    assert checker.slug(tree.value["id"], "id") is None
    assert checker.slug(tree.value["ref"], "ref") is None
    assert found(checker) == [
        (
            1,
            8,
            "PD007",
            "'id' 'caf\u0435-one' is not a slug: '\u0435' is CYRILLIC SMALL LETTER IE (U+0435),"
            " not an ASCII letter",
        ),
        (
            2,
            6,
            "PD007",
            "'ref' 'Bad Ref' is not a slug: use lowercase letters, digits and single '-'"
            " between them",
        ),
    ]


def test_tags_keep_the_valid_ones_and_report_each_bad_one(tmp_path: Path) -> None:
    checker, tree = checker_for(
        tmp_path, "tags: [good, 'two words', 'a::::b', peerdeck::retired, ok::level]\n"
    )
    assert checker.tags(tree.value["tags"]) == ("good", "ok::level")
    assert [(line, column, code) for line, column, code, _ in found(checker)] == [
        (1, 14, "PD009"),
        (1, 27, "PD009"),
        (1, 37, "PD009"),
    ]
    messages = [message for *_, message in found(checker)]
    assert "white space" in messages[0] and "empty level" in messages[1]
    assert "reserved" in messages[2]


def test_a_single_tag_may_be_written_without_a_list(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "tags: alone\nbad: {a: 1}\n")
    assert checker.tags(tree.value["tags"]) == ("alone",)
    assert checker.tags(tree.value["bad"]) == ()
    assert found(checker) == [(2, 6, "PD005", "'tags' must be a list of tags, not a mapping")]


def test_capped_tags_keep_the_inherited_ones_past_the_limit(tmp_path: Path) -> None:
    many = ", ".join(f"t{number}" for number in range(MAX_TAGS_PER_NOTE))
    checker, tree = checker_for(tmp_path, f"few: [b]\nmany: [{many}]\n")
    assert checker.capped_tags(tree.value["few"], ("a",)) == ("a", "b")
    assert checker.capped_tags(tree.value["many"], ("a",)) == ("a",)
    [(line, column, code, message)] = found(checker)
    assert (line, column, code) == (2, 7, "PD017")
    assert f"{MAX_TAGS_PER_NOTE + 1} tags" in message


@pytest.mark.parametrize(
    ("value", "expected", "message"),
    [
        ("' A :: B '", "A::B", None),
        ("'A:::B'", None, "deck 'A:::B' has a stray ':' next to '::'"),
        ("'A:: ::B'", None, "deck 'A:: ::B' has an empty level around '::'"),
    ],
)
def test_deck_path_trims_levels_and_refuses_empty_ones(
    tmp_path: Path, value: str, expected: str | None, message: str | None
) -> None:
    checker, tree = checker_for(tmp_path, f"deck: {value}\n")
    assert checker.deck_path(tree.value["deck"]) == expected
    assert found(checker) == ([(1, 7, "PD017", message)] if message else [])


def test_note_kind_knows_built_in_and_project_types(tmp_path: Path) -> None:
    checker, tree = checker_for(
        tmp_path,
        "a: cloze\nb: vocab\nc: broken\nd: clozee\n",
        type_keys=frozenset({"vocab", "broken"}),
    )
    assert checker.note_kind(tree.value["a"]) is NoteKind.CLOZE
    assert checker.note_kind(tree.value["c"]) is None  # a broken folder: reported there
    assert checker.note_kind(tree.value["d"]) is None
    assert found(checker) == [
        (
            4,
            4,
            "PD017",
            "unknown note type 'clozee' (did you mean 'cloze'?); use one of basic, reversed,"
            " type-in, cloze, multiple-choice",
        )
    ]
    assert checker.note_kind(tree.value["b"]) is None  # known only once its type is read


def test_render_reports_missing_media_where_it_is_written(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "front: 'See ![a](missing.png) here'\n")
    html = checker.render(tree.value["front"], "See ![a](missing.png) here", MediaStore(tmp_path))
    assert html == 'See <img src="missing.png" alt="a" /> here'  # not shipped: an error
    [(line, column, code, message)] = found(checker)
    assert (line, column, code) == (1, 18, "PD014") and "missing.png" in message


def test_offsets_inside_a_value_become_line_and_column(tmp_path: Path) -> None:
    checker, tree = checker_for(tmp_path, "text: |\n  first line\n  second line\n")
    checker.at(tree.value["text"], "PD017", "here", offset=len("first line\nsec"))
    assert found(checker) == [(3, 6, "PD017", "here")]


def test_helpers_name_values_and_suggest_close_names(tmp_path: Path) -> None:
    _, tree = checker_for(tmp_path, "a: 3\nb: true\nc:\nd: [1]\ne: {x: 1}\nf: text\n")
    kinds = [kind_of(tree.value[name]) for name in "abcdef"]
    assert kinds == [
        "a number",
        "a boolean",
        "nothing (the value is empty)",
        "a list",
        "a mapping",
        "text",
    ]
    assert suggest("bakc", ["front", "back"]) == " (did you mean 'back'?)"
    assert suggest("zzz", ["front", "back"]) == ""
    assert unknown_note_type("vocb", ["vocab"]).startswith(
        "unknown note type 'vocb' (did you mean 'vocab'?); use one of basic,"
    )
