"""Control characters written as YAML escapes, measured against real Anki.

Anki separates a note's fields with U+001F: a package whose field holds one
is refused whole by the importer. ``check`` reports such characters at the
escape that wrote them; what it lets through imports intact.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from peerdeck import pipeline
from peerdeck.ids import guid_for_note
from peerdeck.package import write_package
from peerdeck.settings import RunSettings

from helpers import Learner, write_project

EPOCH = 1_700_000_000


def test_an_escaped_field_separator_is_an_error_at_the_escape(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": r"""
            notes:
              - id: sep
                front: "Why \x1f this?"
                back: "Because\u0007."
                tags: ["x\e[31m"]
            """
        },
    )
    found = [(p.line, p.column, p.code) for p in pipeline.check(RunSettings(tmp_path)).problems]
    assert found == [(4, 17, "PD040"), (5, 19, "PD040"), (6, 14, "PD040")]
    assert not pipeline.build(
        RunSettings(tmp_path, output=tmp_path / "out.apkg", timestamp=EPOCH)
    ).package


def test_anki_refuses_a_package_with_the_separator_in_a_field(
    tmp_path: Path, learner: Learner
) -> None:
    """Why the check exists: the same note written without it breaks the import."""
    write_project(tmp_path / "p", {"a.yaml": "notes:\n  - {id: sep, front: Why, back: Because}\n"})
    deck = pipeline.check(RunSettings(tmp_path / "p")).deck
    assert deck is not None
    (note,) = deck.notes
    broken = dataclasses.replace(note, html={**note.html, "front": "Why\x1fthis"})
    package = write_package(dataclasses.replace(deck, notes=(broken,)), tmp_path / "x.apkg", EPOCH)
    with pytest.raises(Exception, match=r"(?i)field"):
        learner.import_package(package.path)


def test_what_check_lets_through_imports_intact(tmp_path: Path, learner: Learner) -> None:
    text = "tab\there, no\u2011break\u00a0space, zero\u200bwidth, line\u2028sep, \u00e9\U0001f600"
    escaped = text.encode("unicode_escape").decode()
    cards = f'notes:\n  - id: odd\n    front: "{escaped}"\n    back: |\n      one\n      two\n'
    write_project(tmp_path / "p", {"a.yaml": cards})
    built = pipeline.build(
        RunSettings(tmp_path / "p", output=tmp_path / "deck.apkg", timestamp=EPOCH)
    )
    assert built.loaded.problems == [] and built.package is not None
    learner.import_package(built.package.path)
    note = learner.notes_by_guid()[guid_for_note("test-deck", "odd")]
    assert note.keys() == ["Front", "Back", "Source"]
    assert note["Front"] == text
