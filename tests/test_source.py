"""A file's text and positions: where a value stands, and how bytes decode."""

from __future__ import annotations

from pathlib import Path

from peerdeck.yaml_tree import read_yaml

from helpers import read_yaml_text


def test_values_know_their_line_and_column(tmp_path: Path) -> None:
    tree, problems = read_yaml_text(
        tmp_path, "notes:\n  - id: one\n    front: |\n      a\n      b {{x\n"
    )
    assert problems == []
    assert tree is not None
    note = tree.value["notes"].value[0]  # type: ignore[attr-defined]
    assert (note.line, note.column) == (2, 5)
    assert note.keys["front"] == (3, 5)
    front = note.value["front"]
    assert front.value == "a\nb {{x\n"
    _, _, source_problems = read_yaml(tmp_path / "f.yaml")
    source, _, _ = read_yaml(tmp_path / "f.yaml")
    assert source is not None and source_problems == []
    assert source.position_in(front, front.value.index("{{")) == (5, 9)


def test_non_utf8_is_reported_at_the_byte(tmp_path: Path) -> None:
    _, problems = read_yaml_text(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert problems == [(2, 7, "PD001", "file is not UTF-8 text (byte 0xe9 cannot be decoded)")]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    tree, problems = read_yaml_text(tmp_path, b"\xef\xbb\xbfa: 1\n")
    assert problems == [] and tree.value["a"].value == 1  # type: ignore[attr-defined]
