"""The command line as course authors and CI use it: output, exit status, formats."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from peerdeck import __version__
from peerdeck.cli import main

from helpers import write_project

GOOD = """\
deck: Sub
notes:
  - id: one
    front: Question?
    back: Answer.
"""
BAD = """\
notes:
  - id: one
    frnt: Question?
    back: Answer.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root with a deck in cards/, as the working directory."""
    write_project(tmp_path / "cards", {"notes.yaml": GOOD})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert run("--version") == (0, f"peerdeck, version {__version__}\n", "")


def test_python_dash_m_runs_the_same_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peerdeck", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout == f"peerdeck, version {__version__}\n"


@pytest.mark.parametrize("command", [[], *([name] for name in sorted(main.commands))])
def test_every_command_has_help_with_examples(command: list[str]) -> None:
    status, out, _ = run(*command, "--help")
    assert status == 0
    assert "Usage: " in out and "Examples:" in out


def test_build_with_no_arguments_builds_cards_into_build(repo: Path) -> None:
    status, out, err = run("build")
    assert (status, err) == (0, "")
    package = repo / "build" / "test-deck.apkg"
    assert out.startswith("Built build/test-deck.apkg: Test Deck (1 notes), 1 cards, 0 media files")
    with zipfile.ZipFile(package) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]


def test_project_may_be_the_folder_above_cards(repo: Path, tmp_path: Path) -> None:
    status, _, _ = run("build", str(repo), "-o", str(tmp_path / "x.apkg"))
    assert status == 0 and (tmp_path / "x.apkg").is_file()


def test_output_to_a_folder_writes_the_deck_id_name(repo: Path) -> None:
    (repo / "dist").mkdir()
    assert run("build", "-o", "dist")[0] == 0
    assert (repo / "dist" / "test-deck.apkg").is_file()


def test_build_records_changes_in_the_lock_and_locked_refuses(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    status, out, _ = run("build")
    assert status == 0
    assert out.splitlines()[1] == (
        "Recorded 2 changes in cards/peerdeck.lock: commit it with the cards."
    )  # the note and its note type
    status, out, _ = run("build", "--locked")
    assert status == 0 and len(out.splitlines()) == 1
    notes = repo / "cards" / "notes.yaml"
    notes.write_text(notes.read_text().replace("Answer.", "Better answer."))
    lock = (repo / "cards" / "peerdeck.lock").read_bytes()
    status, out, err = run("build", "--locked")
    assert status == 1 and err == "Found 1 error in 1 file.\n"
    assert out.startswith(
        "cards/notes.yaml:3:5: PD020 note 'one' changed after peerdeck.lock was written:"
        " run peerdeck lock (or build) to record it, and commit the lock\n"
    )
    assert (repo / "cards" / "peerdeck.lock").read_bytes() == lock
    assert run("check", "--locked")[0] == 1
    status, out, _ = run("build")
    assert status == 0 and "Recorded 1 change in" in out
    assert run("check", "--locked")[0] == 0


def test_check_writes_nothing(repo: Path) -> None:
    status, out, err = run("check")
    assert (status, out) == (0, "")
    assert err.startswith("Test Deck (1 notes): no problems.\n")
    assert not (repo / "build").exists() and not (repo / "cards" / "peerdeck.lock").exists()


def test_problems_print_position_source_line_and_caret(repo: Path) -> None:
    (repo / "cards" / "notes.yaml").write_text(BAD)
    status, out, err = run("check")
    assert status == 1 and err == "Found 2 errors in 1 file.\n"
    assert out == (
        "cards/notes.yaml:2:5: PD006 note is missing the required key 'front'\n"
        " 2 |   - id: one\n"
        "   |     ^\n"
        "cards/notes.yaml:3:5: PD004 unknown key 'frnt' (did you mean 'front'?)\n"
        " 3 |     frnt: Question?\n"
        "   |     ^\n"
    )
    assert run("check", "--quiet") == (1, out, "")


def test_json_format(repo: Path) -> None:
    (repo / "cards" / "notes.yaml").write_text(BAD)
    status, out, _ = run("check", "--format", "json")
    assert status == 1
    document = json.loads(out)
    assert document["errors"] == 2 and document["warnings"] == 0
    assert document["problems"][1] == {
        "path": "cards/notes.yaml",
        "line": 3,
        "column": 5,
        "code": "PD004",
        "severity": "error",
        "message": "unknown key 'frnt' (did you mean 'front'?)",
    }


def _json_commands() -> list[str]:
    """Every command whose --format offers json, found on the command line itself."""
    found = []
    for name, command in sorted(main.commands.items()):
        for option in command.params:
            if "--format" in option.opts and "json" in getattr(option.type, "choices", ()):
                found.append(name)
    return found


# What each command needs beyond --format json to run on a good project.
JSON_ARGUMENTS = {"release": ["--version", "1.0.0"], "diff": ["cards", "cards"]}
# The commands whose JSON is a document of their own, not the problems.
OWN_DOCUMENTS = {"diff", "stats"}


@pytest.fixture
def clean(repo: Path) -> Path:
    """``repo`` with nothing for check, lint or release to say: its note cites
    its source and the lock records it."""
    notes = repo / "cards" / "notes.yaml"
    notes.write_text(GOOD + "    source: {ref: article}\n")
    assert run("lock")[0] == 0
    return repo


@pytest.mark.parametrize("command", _json_commands())
def test_json_is_one_document_even_with_no_problems(clean: Path, command: str) -> None:
    status, out, err = run(command, *JSON_ARGUMENTS.get(command, []), "--format", "json")
    assert status == 0, err
    document = json.loads(out)  # standard output holds the document and nothing else
    if command not in OWN_DOCUMENTS:
        assert document == {"problems": [], "errors": 0, "warnings": 0}


@pytest.mark.parametrize("command", _json_commands())
def test_json_is_the_problems_document_when_there_are_errors(clean: Path, command: str) -> None:
    (clean / "cards" / "notes.yaml").write_text(BAD)
    status, out, _ = run(command, *JSON_ARGUMENTS.get(command, []), "--format", "json")
    assert status == 1
    document = json.loads(out)  # diff's has each side's problems: the same file twice
    assert document["errors"] == len(document["problems"]) and document["warnings"] == 0
    assert {p["code"] for p in document["problems"]} == {"PD006", "PD004"}


def test_build_and_lock_say_what_they_wrote_on_standard_error_beside_json(repo: Path) -> None:
    status, out, err = run("build", "--format", "json")
    assert status == 0 and json.loads(out)["problems"] == []
    assert err.startswith("Built build/test-deck.apkg: Test Deck (1 notes), 1 cards,")
    assert "Recorded 2 changes in cards/peerdeck.lock: commit it with the cards." in err
    status, out, err = run("lock", "--format", "json")
    assert status == 0 and json.loads(out)["problems"] == []
    assert err == "cards/peerdeck.lock is up to date.\n"
    assert run("build", "--format", "json", "--quiet")[1:] == (out, "")


def test_github_annotations_are_chosen_under_github_actions(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "cards" / "notes.yaml").write_text(BAD)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    status, out, _ = run("check")
    assert status == 1
    assert out.splitlines()[1] == (
        "::error file=cards/notes.yaml,line=3,col=5,title=PD004::"
        "unknown key 'frnt' (did you mean 'front'?)"
    )


def test_no_project_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run("build")
    assert status == 2
    assert "no deck project found: looked for deck.yaml and cards/deck.yaml in" in err
    assert f"{tmp_path}, {tmp_path.parent}," in err


def test_bad_source_date_epoch_is_a_usage_error(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    status, _, err = run("build")
    assert status == 2 and "SOURCE_DATE_EPOCH must be whole seconds" in err


def test_unwritable_output_is_reported_without_traceback(repo: Path) -> None:
    (repo / "blocker").write_text("a file where a folder should be")
    status, err, _ = run("build", "-o", "blocker/deck.apkg")
    assert status == 1
    assert err.startswith("blocker/deck.apkg:1:1: PD018 cannot write the package:")
    assert "Traceback" not in err


def test_unknown_option_is_a_usage_error(repo: Path) -> None:
    assert run("build", "--no-such-flag")[0] == 2
