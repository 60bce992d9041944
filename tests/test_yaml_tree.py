"""Reading YAML into value trees: duplicate keys, merges, tags, nesting, and
what a card file may not do."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from peerdeck.problems import Problem
from peerdeck.yaml_depth import nesting_problem
from peerdeck.yaml_tree import Loader, _compose

from helpers import HYPOTHESIS_SETTINGS, read_yaml_text


def test_duplicate_keys_are_reported_not_silently_dropped(tmp_path: Path) -> None:
    _, problems = read_yaml_text(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert problems == [
        (
            3,
            1,
            "PD003",
            "duplicate key 'a' (first at line 1, column 1);"
            " YAML would silently keep only the last one",
        )
    ]


def test_merge_keys_work(tmp_path: Path) -> None:
    tree, problems = read_yaml_text(tmp_path, "base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n")
    assert problems == []
    thing = tree.value["thing"].value  # type: ignore[attr-defined]
    assert {k: v.value for k, v in thing.items()} == {"x": 1, "y": 3}


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    start = time.monotonic()
    _, problems = read_yaml_text(tmp_path, "\n".join(lines) + "\n")
    assert time.monotonic() - start < 5
    assert [(code, message) for _, _, code, message in problems] == [
        ("PD016", "aliases (*name) here expand to too many values; refusing to read the file")
    ]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    _, problems = read_yaml_text(tmp_path, 'x: !!python/object/apply:os.system ["true"]\n')
    assert [p[2] for p in problems] == ["PD016"]
    assert "tag '!!python/object/apply:os.system' is not allowed" in problems[0][3]


def test_plain_values_are_typed_as_yaml_types_them(tmp_path: Path) -> None:
    plain = ["yes", "No", "TRUE", "off", "On", "null", "NULL", "~", "y", "n", "offline", "nöt"]
    plain += ["note-1", "True enough.", "Yes!", "no_", "off2", "1.5", "0x1F", "2001-12-14", "-3"]
    text = "".join(f"k{index}: {value}\n" for index, value in enumerate(plain)) + "e:\n"
    tree, problems = read_yaml_text(tmp_path, text)
    assert problems == []
    assert {key: node.value for key, node in tree.value.items()} == yaml.safe_load(text)  # type: ignore[attr-defined]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    _, problems = read_yaml_text(tmp_path, "x: " + "[" * 40 + "]" * 40 + "\n")
    assert [p[2] for p in problems] == ["PD016"]


DEEP = "values nested more than 32 levels deep"


# libyaml refuses 1,000 levels itself, while scanning ahead, in some of the
# releases PyYAML bundles: the problem must be the same below and above that,
# whichever libyaml reads the file. (Levels: the note list, the note, then
# brackets from column 11 on.)
@pytest.mark.parametrize("levels", [999, 1_001, 5_000, 40_000])
def test_absurd_flow_nesting_is_refused_at_the_33rd_level(tmp_path: Path, levels: int) -> None:
    _, problems = read_yaml_text(
        tmp_path, "notes:\n  - note: " + "[" * levels + "]" * levels + "\n"
    )
    assert problems == [(2, 11 + 29, "PD016", DEEP)]
    _, problems = read_yaml_text(tmp_path, "x: " + "{a: " * levels + "}" * levels + "\n")
    assert problems == [(1, 4 + 31 * 4, "PD016", DEEP)]


@pytest.mark.parametrize("levels", [999, 1_001, 5_000])
def test_absurd_block_nesting_on_one_line_is_refused(tmp_path: Path, levels: int) -> None:
    _, problems = read_yaml_text(tmp_path, "- " * levels + "x\n")
    assert problems == [(1, 1 + 32 * 2, "PD016", DEEP)]


def test_a_collection_never_closed_is_reported_where_it_starts(tmp_path: Path) -> None:
    _, problems = read_yaml_text(tmp_path, "notes:\n  - id: a\n    front: 'open\n")
    [(line, column, code, message)] = problems
    assert (line, column, code) == (3, 12, "PD002")
    assert message.endswith(" that starts here is never closed before the file ends")


def test_keys_yaml_reads_as_booleans_are_named(tmp_path: Path) -> None:
    _, problems = read_yaml_text(tmp_path, "on: x\n")
    assert problems == [
        (1, 1, "PD005", "key 'on' is not read as text by YAML; quote it if it is meant as a key")
    ]


# Pieces of YAML that decide how deep a text nests, and whether it parses.
PIECES = ["[", "]", "[[[[[[[[", "]]]]]]]]", "{a: ", "}", "'x'", "'", "- ", "- - - - - - - - "]
PIECES += ["k: ", ", ", "&a ", "*a", "!!str ", "\n", "\n  ", "\n    ", "x"]
# A line long enough that the careful reading checks the nesting of any text.
LONG_COMMENT = "#" + "x" * 1000 + "\n"


def shape(node: yaml.Node) -> object:
    """A composed node, comparable: kinds, tags, values and positions."""
    value = node.value
    if isinstance(value, list):
        value = [
            tuple(shape(part) for part in item) if isinstance(item, tuple) else shape(item)
            for item in value
        ]
    return (type(node).__name__, node.tag, value, node.start_mark.line, node.start_mark.column)


def outcome(compose: Callable[[], yaml.Node | Problem | None]) -> object:
    try:
        result = compose()
    except yaml.YAMLError as exc:
        return str(exc)
    return shape(result) if isinstance(result, yaml.Node) else result


@settings(**HYPOTHESIS_SETTINGS, max_examples=500)
@given(st.booleans(), st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@example(True, "k: " + "[" * 31 + "]" * 31 + "\n")
@example(True, "k: " + "[" * 32 + "]" * 32 + "\n")
@example(True, "k: " + "[" * 33 + "x" + "]" * 33 + "\n")
@example(True, "- " * 32 + "x\n")
@example(True, "- " * 33 + "x\n")
def test_composing_with_the_nesting_guard_changes_nothing(long: bool, text: str) -> None:
    text = LONG_COMMENT + text if long else text
    path = Path("f.yaml")
    # As read_yaml read every file before the guard: nesting checked first.
    careful = outcome(
        lambda: nesting_problem(path, text, Loader) or yaml.compose(text, Loader=Loader)
    )
    assert outcome(lambda: _compose(path, text)) == careful
