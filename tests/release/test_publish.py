"""``peerdeck release``: one command checks strictly and writes the package,
its release notes and checksums; learners importing release after release
see the version and keep their history."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from peerdeck.ids import guid_for_note
from peerdeck.release.lockfile import LOCK_NAME

from helpers import Learner, run_cli, visible, write_project

CARDS = """\
deck: Topic
notes:
  - id: capital
    front: What is the capital of Australia?
    back: Sydney
    source: {ref: article}
  - id: sky
    front: What colour is the sky on a clear day?
    back: Blue.
    source: {ref: article}
"""
NEW_NOTE = """\
  - id: ocean
    front: What colour is the open ocean?
    back: Deep blue.
    source: {ref: article}
"""
R1, R2 = "1700000000", "1700100000"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with a deck in cards/ whose lock records it."""
    write_project(tmp_path / "cards", {"topic.yaml": CARDS})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", R1)
    assert run_cli("lock")[0] == 0
    return tmp_path


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Author", "-c", "user.email=author@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def second_release_edits(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One edited note and one new note, recorded in the lock."""
    cards = repo / "cards" / "topic.yaml"
    cards.write_text(cards.read_text().replace("back: Sydney", "back: Canberra") + NEW_NOTE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", R2)
    assert run_cli("lock")[0] == 0


def sums(folder: Path) -> dict[str, str]:
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split("  ") for line in lines)}


def test_a_release_writes_package_notes_and_checksums(repo: Path) -> None:
    status, out, err = run_cli("release", "--version", "1.0.0")
    assert (status, err) == (0, "")
    assert out == (
        "Wrote dist/test-deck-1.0.0.apkg\n"
        "Wrote dist/test-deck-1.0.0.md\n"
        "Wrote dist/SHA256SUMS\n"
        "Recorded version 1.0.0 in cards/peerdeck.lock: commit it.\n"
    )
    dist = repo / "dist"
    assert sorted(p.name for p in dist.iterdir()) == [
        "SHA256SUMS",
        "test-deck-1.0.0.apkg",
        "test-deck-1.0.0.md",
    ]
    assert sums(dist) == {
        name: hashlib.sha256((dist / name).read_bytes()).hexdigest()
        for name in ("test-deck-1.0.0.apkg", "test-deck-1.0.0.md")
    }
    notes = (dist / "test-deck-1.0.0.md").read_text()
    assert notes.startswith("# Test Deck 1.0.0: release notes\n\n2 notes added")
    assert json.loads((repo / "cards" / LOCK_NAME).read_text())["version"] == "1.0.0"
    assert run_cli("check", "--locked")[0] == 0  # the version is no change to the notes


def test_same_sources_and_version_give_the_same_bytes(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("release", "--version", "1.0.0", "-o", "one")[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", R2)  # the clock does not matter
    status, out, _ = run_cli("release", "--version", "1.0.0", "-o", "two", "--quiet")
    assert (status, out) == (0, "")
    for name in ("test-deck-1.0.0.apkg", "test-deck-1.0.0.md", "SHA256SUMS"):
        assert (repo / "one" / name).read_bytes() == (repo / "two" / name).read_bytes()


def test_a_release_needs_a_current_lock_and_no_warnings(repo: Path) -> None:
    cards = repo / "cards" / "topic.yaml"
    cards.write_text(cards.read_text().replace("back: Blue.", "back: Light blue."))
    status, out, _ = run_cli("release", "--version", "1.0.0")
    assert status == 1 and "PD020 note 'sky' changed after peerdeck.lock" in out
    assert run_cli("lock")[0] == 0
    cards.write_text(cards.read_text().replace("What colour is the sky", "Is the sky blue"))
    assert run_cli("lock")[0] == 0
    status, out, _ = run_cli("release", "--version", "1.0.0")
    assert status == 1 and "PD111" in out and "(warning)" in out  # lint --strict
    assert not (repo / "dist").exists()


def test_a_version_older_than_the_last_release_is_refused(repo: Path) -> None:
    assert run_cli("release", "--version", "1.2.0")[0] == 0
    status, out, _ = run_cli("release", "--version", "1.10.0")
    assert status == 0
    status, out, _ = run_cli("release", "--version", "1.9.9")
    assert status == 1
    assert "PD080 version 1.9.9 is older than 1.10.0, the last release" in out


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0-rc1", "01.0.0"])
def test_a_malformed_version_is_a_usage_error(repo: Path, version: str) -> None:
    status, _, err = run_cli("release", "--version", version)
    assert status == 2 and "the version must be X.Y.Z" in err


def test_release_notes_since_a_git_ref_or_a_package(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "init", "-q")
    assert run_cli("release", "--version", "1.0.0")[0] == 0
    git(repo, "add", "cards")
    git(repo, "commit", "-q", "-m", "First release")
    git(repo, "tag", "v1.0.0")
    second_release_edits(repo, monkeypatch)
    status, out, err = run_cli("release", "--version", "1.1.0", "--since", "v1.0.0")
    assert (status, err) == (0, "")
    notes = (repo / "dist" / "test-deck-1.1.0.md").read_text()
    assert notes.startswith("# Test Deck 1.1.0: release notes\n\n1 note added, 1 changed.\n")
    assert "- `ocean` in Test Deck::Topic" in notes
    assert "Back: ~~Sydney~~ **Canberra**" in notes
    # The same notes from the previous package.
    since = str(repo / "dist" / "test-deck-1.0.0.apkg")
    assert run_cli("release", "--version", "1.1.0", "--since", since, "-o", "again")[0] == 0
    assert (repo / "again" / "test-deck-1.1.0.md").read_text() == notes
    assert sums(repo / "dist") == sums(repo / "again")
    status, out, _ = run_cli("release", "--version", "1.1.0", "--since", "v9.9.9")
    assert status == 1 and "PD081 --since 'v9.9.9' is neither a file, a folder nor a git ref" in out


def test_learners_see_the_version_get_the_edit_and_keep_their_history(
    repo: Path, monkeypatch: pytest.MonkeyPatch, learner: Learner
) -> None:
    assert run_cli("release", "--version", "1.0.0", "-o", "r1")[0] == 0
    assert run_cli("release", "--version", "1.0.0", "-o", "r1-again")[0] == 0
    first = repo / "r1" / "test-deck-1.0.0.apkg"
    assert first.read_bytes() == (repo / "r1-again" / "test-deck-1.0.0.apkg").read_bytes()
    learner.import_package(first)
    deck = learner.col.decks.by_name("Test Deck")
    assert visible(deck["desc"]).startswith("Version 1.0.0 - first release.")
    assert learner.answer_all() == 2
    history = learner.reviews()
    card_ids = {card.id for card in learner.cards()}

    second_release_edits(repo, monkeypatch)
    status, _, _ = run_cli("release", "--version", "2.0.0", "--since", str(first), "-o", "r2")
    assert status == 0
    log = learner.import_package(repo / "r2" / "test-deck-2.0.0.apkg")
    assert len(log.new) == 1 and len(log.updated) == 1
    deck = learner.col.decks.by_name("Test Deck")
    assert visible(deck["desc"]).startswith("Version 2.0.0 - 1 note added, 1 changed.")
    assert "A deck for <strong>tests</strong>." in deck["desc"]  # the description stays
    notes = learner.notes_by_guid()
    assert notes[guid_for_note("test-deck", "capital")]["Back"] == "Canberra"
    assert notes[guid_for_note("test-deck", "ocean")]["Back"] == "Deep blue."
    assert learner.col.note_count() == 3
    assert card_ids <= {card.id for card in learner.cards()}
    assert learner.reviews() == history


def test_json_output_is_one_document(repo: Path) -> None:
    status, out, err = run_cli("release", "--version", "1.0.0", "--format", "json")
    assert status == 0
    assert json.loads(out) == {"problems": [], "errors": 0, "warnings": 0}
    assert err.startswith("Wrote dist/test-deck-1.0.0.apkg\n")
