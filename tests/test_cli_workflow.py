"""Working in git: the lock never blocks editing, commands find their project
from any folder inside it, and output reads like other linters'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerdeck.lint import RULES

from helpers import run_cli as run
from helpers import write_project

NOTES = """\
notes:
  - id: one
    front: Question?
    back: Answer.
  - id: two
    front: Other question?
    back: Other answer.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a deck in cards/, as the working directory."""
    write_project(tmp_path / "cards", {"notes.yaml": NOTES})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_lock_records_the_sources_and_writes_no_package(repo: Path) -> None:
    assert run("check", "--locked")[0] == 1  # no lock yet
    status, out, _ = run("lock")
    assert (status, out) == (
        0,
        "Recorded 3 changes in cards/peerdeck.lock: commit it with the cards.\n",
    )
    assert not (repo / "build").exists()
    assert run("check", "--locked") == (0, "", "Test Deck (2 notes): no problems.\n")
    assert run("lock") == (0, "cards/peerdeck.lock is up to date.\n", "")
    assert run("lock", "--quiet") == (0, "", "")


def test_a_lock_behind_the_sources_is_information_not_an_error(repo: Path) -> None:
    assert run("lock")[0] == 0
    edit(repo / "cards" / "notes.yaml", "back: Answer.", "back: Better answer.")
    edit(repo / "cards" / "notes.yaml", "back: Other answer.", "back: Other, better.")
    for command in ("check", "lint", "stats"):
        status, _, err = run(command)
        assert status == 0, command
        assert (
            "2 changes not yet in the lock, recorded by the next peerdeck lock or peerdeck build"
            " (check --locked fails until then):\n"
            "  cards/notes.yaml:2: note 'one' changed after peerdeck.lock was written\n"
            "  cards/notes.yaml:5: note 'two' changed after peerdeck.lock was written\n"
        ) in err
    assert run("check", "--quiet") == (0, "", "")
    status, out, err = run("check", "--locked")
    assert status == 1 and err == "Found 2 errors in 1 file.\n"
    assert "PD020 note 'one' changed after peerdeck.lock was written: run peerdeck lock" in out
    status, out, err = run("build", "--locked")
    assert status == 1 and "PD020" in out and not (repo / "build").exists()
    assert run("lock")[0] == 0
    assert run("check", "--locked")[0] == 0


def test_refusals_that_protect_learners_stay_errors_in_every_mode(repo: Path) -> None:
    assert run("lock")[0] == 0
    edit(repo / "cards" / "notes.yaml", "  - id: two\n", "  - id: three\n")
    for args in (["check"], ["check", "--locked"], ["lint"], ["stats"], ["lock"], ["build"]):
        status, out, _ = run(*args)
        assert status == 1, args
        assert "PD021 note 'two' was released but is no longer in the sources" in out, args
        assert "PD020" not in out or "--locked" in args, args


def test_commands_find_the_project_from_any_folder_inside_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "cards" / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(repo / "cards" / "sub" / "deeper")
    status, _, err = run("check")
    assert status == 0 and err.startswith("Test Deck (2 notes): no problems.\n")
    monkeypatch.chdir(repo / "cards")
    assert run("lock")[0] == 0
    assert (repo / "cards" / "peerdeck.lock").is_file()
    (repo / "cards" / "notes.yaml").write_text(NOTES.replace("    front: Question?\n", ""))
    status, out, _ = run("check")
    assert status == 1 and out.startswith("notes.yaml:2:5: PD006 ")  # named from here


def test_no_project_names_the_folders_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    status, out, err = run("check")
    assert (status, out) == (2, "")
    assert (
        f"no deck project found: looked for deck.yaml and cards/deck.yaml in {tmp_path}/a/b,"
        f" {tmp_path}/a, {tmp_path}, "
    ) in err


def test_diagnostics_go_to_stdout_in_every_format(repo: Path) -> None:
    edit(repo / "cards" / "notes.yaml", "front: Question?", "frnt: Question?")
    status, out, err = run("check", "--format", "text")
    assert status == 1 and err == "Found 2 errors in 1 file.\n"
    assert out.splitlines()[3:6] == [
        "cards/notes.yaml:3:5: PD004 unknown key 'frnt' (did you mean 'front'?)",
        " 3 |     frnt: Question?",
        "   |     ^",
    ]
    status, out, err = run("check", "--format", "github")
    assert status == 1 and out.count("::error ") == 2 and err == "Found 2 errors in 1 file.\n"
    status, out, err = run("check", "--format", "json", "--quiet")
    assert status == 1 and json.loads(out)["errors"] == 2 and err == ""
    status, out, err = run("lint", "--quiet")
    assert status == 1 and "PD004" in out and err == ""


def test_the_gutter_is_as_wide_as_the_line_number(repo: Path) -> None:
    filler = "".join(f"  - id: n{i}\n    front: Q{i}?\n    back: A{i}.\n" for i in range(40))
    (repo / "cards" / "notes.yaml").write_text(
        f"notes:\n{filler}  - {{id: Bad, front: Q?, back: A.}}\n"
    )
    status, out, _ = run("check")
    assert status == 1
    assert out.splitlines()[:3] == [
        "cards/notes.yaml:122:10: PD007 'id' 'Bad' is not a slug: use lowercase letters,"
        " digits and single '-' between them",
        " 122 |   - {id: Bad, front: Q?, back: A.}",
        "     |          ^",
    ]


def test_rule_prints_a_rules_documentation() -> None:
    status, out, err = run("rule", "PD109")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "PD109 long-answer (warning)"
    assert lines[2] == "An answer is too long to recall in one go."
    assert "Limits (deck.yaml lint: limits):" in lines
    assert "  answer-words: 15 (default)" in lines
    assert run("rule", "long-answer") == (status, out, err)
    assert run("rule", "pd109") == (status, out, err)


def test_rule_all_lists_every_rule() -> None:
    status, out, _ = run("rule", "--all")
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [rule.code for rule in RULES]
    assert lines[0].split()[1:3] == ["duplicate-first-field", "warning"]
    assert run("rule")[1] == out


def test_an_unknown_rule_is_a_usage_error() -> None:
    status, out, err = run("rule", "PD999")
    assert (status, out) == (2, "")
    assert "no lint rule 'PD999': 'peerdeck rule --all' lists them" in err


def test_the_nearest_project_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path / "cards", {"notes.yaml": NOTES})
    inner = tmp_path / "courses" / "other"
    write_project(inner, {"notes.yaml": NOTES.replace("id: two", "id: three")})
    (inner / "media").mkdir()
    monkeypatch.chdir(inner / "media")
    assert run("lock")[0] == 0
    assert (inner / "peerdeck.lock").is_file() and not (
        tmp_path / "cards" / "peerdeck.lock"
    ).exists()
    monkeypatch.chdir(tmp_path / "courses")  # above the inner deck: the outer one, via cards/
    assert run("lock")[0] == 0
    assert (tmp_path / "cards" / "peerdeck.lock").is_file()
