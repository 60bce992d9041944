"""``peerdeck lint``, ``--strict`` and ``peerdeck stats`` as authors and CI run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli as run
from helpers import write_project

CARDS = """\
deck: Trust
notes:
  - id: yes-no
    front: Is trust earned?
    back: Slowly.
    source: {ref: article}
  - id: rapport
    type: cloze
    text: "{{c1::Empathy}} and {{c2::listening}} build rapport."
    source: {ref: article}
  - id: unsafe
    front: Why?
    back: '<b onclick="go()">Because</b>'
    source: {ref: article}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_project(tmp_path / "cards", {"notes.yaml": CARDS.replace(' onclick="go()"', "")})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_warnings_print_with_their_severity_and_do_not_fail(repo: Path) -> None:
    status, out, err = run("lint")
    assert (status, out) == (
        0,
        "cards/notes.yaml:4:12: PD111 'front' is a yes/no question (it starts with 'is');"
        " ask what, why or how (warning)\n"
        " 4 |     front: Is trust earned?\n"
        "   |            ^\n",
    )
    assert err.startswith("Found 0 errors and 1 warning in 1 file.\n")


def test_strict_makes_warnings_fail(repo: Path) -> None:
    assert run("lint", "--strict")[0] == 1
    assert run("check", "--strict", "--quiet") == (0, "", "")


def test_json_format(repo: Path) -> None:
    status, out, _ = run("lint", "--format", "json")
    assert status == 0
    assert json.loads(out) == {
        "problems": [
            {
                "path": "cards/notes.yaml",
                "line": 4,
                "column": 12,
                "code": "PD111",
                "severity": "warning",
                "message": "'front' is a yes/no question (it starts with 'is');"
                " ask what, why or how",
            }
        ],
        "errors": 0,
        "warnings": 1,
    }


def test_json_format_prints_a_document_when_there_are_no_problems(repo: Path) -> None:
    status, out, _ = run("check", "--format", "json")
    assert status == 0
    assert json.loads(out) == {"problems": [], "errors": 0, "warnings": 0}


def test_github_format_annotates_warnings_and_errors(repo: Path) -> None:
    (repo / "cards" / "notes.yaml").write_text(CARDS)
    status, out, _ = run("lint", "--format", "github")
    assert status == 1
    assert out == (
        "::warning file=cards/notes.yaml,line=4,col=12,title=PD111::'front' is a yes/no"
        " question (it starts with 'is'); ask what, why or how\n"
        "::error file=cards/notes.yaml,line=13,col=15,title=PD108::'back' has an event"
        " handler 'onclick=', which runs code on every learner's machine; a shared deck"
        " must not run code\n"
    )


def test_check_fails_on_error_level_rules_only(repo: Path) -> None:
    (repo / "cards" / "notes.yaml").write_text(CARDS)
    status, out, _ = run("check")
    assert status == 1
    assert out.splitlines()[0].startswith("cards/notes.yaml:13:15: PD108 ")
    assert "PD111" not in out


def test_stats_table(repo: Path) -> None:
    status, out, err = run("stats")
    assert (status, out) == (
        0,
        "Test Deck: 3 notes, 4 cards\n"
        "\n"
        "deck              notes  cards\n"
        "Test Deck::Trust      3      4\n"
        "\n"
        "type   notes  cards\n"
        "basic      2      2\n"
        "cloze      1      2\n"
        "\n"
        "tag  notes  cards\n"
        "\n"
        "lint                   problems\n"
        "PD111 yes-no-question         1\n",
    )
    assert err == (
        "No peerdeck.lock yet: the first peerdeck lock or peerdeck build records"
        " 5 notes and note types.\n"
    )


def test_stats_json(repo: Path) -> None:
    (repo / "cards" / "deck.yaml").write_text(
        (repo / "cards" / "deck.yaml").read_text() + "tags: [topic]\n"
    )
    status, out, _ = run("stats", "--format", "json")
    assert status == 0
    assert json.loads(out) == {
        "deck": "Test Deck",
        "notes": 3,
        "cards": 4,
        "decks": {"Test Deck::Trust": {"notes": 3, "cards": 4}},
        "types": {"basic": {"notes": 2, "cards": 2}, "cloze": {"notes": 1, "cards": 2}},
        "tags": {"topic": {"notes": 3, "cards": 4}},
        "lint": {"PD111": 1},
    }


def test_stats_of_a_broken_deck_prints_its_problems(repo: Path) -> None:
    (repo / "cards" / "notes.yaml").write_text("notes: [{id: one, front: Q?}]\n")
    status, out, err = run("stats")
    assert status == 1 and err == "Found 1 error in 1 file.\n"
    assert "PD006 note is missing the required key 'back'" in out
