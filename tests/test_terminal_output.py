"""What peerdeck prints from hostile sources: never a character a terminal
or GitHub's log would act on, never an annotation split in two."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdeck import report

from helpers import DECK_YAML, run_cli, write_project


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, é and 漢字", "plain text, é and 漢字"),
        ("\x1b[2J\x07", "\\x1b[2J\\x07"),
        ("line\rover", "line\\x0dover"),
        ("\x9b31m", "\\x9b31m"),
        ("abc\u202edef\u2066", "abc\\u202edef\\u2066"),
        ("two\nlines", "two\\x0alines"),
    ],
)
def test_printable_shows_what_a_terminal_would_act_on(text: str, shown: str) -> None:
    assert report.printable(text) == shown


def test_documents_keep_their_lines_and_tabs() -> None:
    assert report.printable("a\tb\nc\x1bd", keep_lines=True) == "a\tb\nc\\x1bd"


def test_a_folder_name_cannot_split_a_github_annotation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a\nb,c:d\x1b[31m"
    write_project(folder, {"x.yaml": "notes:\n  - id: one\n    front: Why?\n"})
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli("check", str(folder.relative_to(tmp_path)), "--format", "github")
    assert status == 1
    assert out.splitlines() == [
        "::error file=a%0Ab%2Cc%3Ad\\x1b[31m/x.yaml,line=2,col=5,title=PD006::note is missing"
        " the required key 'back'"
    ]


def test_json_output_escapes_c1_controls_and_stays_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    write_project(tmp_path, {"x.yaml": "notes:\n  - id: one\n    front: Why?\n"})
    monkeypatch.chdir(tmp_path)
    weird = Path("\u009b31m")
    (tmp_path / "x.yaml").rename(tmp_path / weird.with_suffix(".yaml"))
    status, out, _ = run_cli("check", ".", "--format", "json")
    assert status == 1 and "\u009b" not in out
    assert json.loads(out)["problems"][0]["path"] == "\u009b31m.yaml"


def test_init_refuses_a_name_with_control_characters(tmp_path: Path) -> None:
    status, out, err = run_cli("init", str(tmp_path / "new"), "--name", "Deck\x1b]0;owned\x07")
    assert status == 1 and "\x1b" not in out + err
    assert "control character" in err
    assert not (tmp_path / "new").exists()


def test_a_deck_name_is_printed_safely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = DECK_YAML.replace("name: Test Deck", 'name: "Test \\u202eDeck"')
    write_project(tmp_path, {"x.yaml": "notes:\n  - {id: one, front: Why?, back: So.}\n"}, deck)
    status, _, summary = run_cli("check", str(tmp_path))
    assert status == 0
    assert summary.startswith("Test \\u202eDeck (1 notes): no problems.")
