"""The lock file's format: one note per line, each line the JSON of its
entry, and where each entry stands in the file as read; and a command
reads it once."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerdeck.model import NoteKind
from peerdeck.release.lockfile import LOCK_NAME, Lock, LockedNote, dumps, read_lock

from helpers import run_cli, write_project

# Every path Python opens (builtins.open, io.open and os.open all raise the
# "open" audit event), while a test counts; an audit hook cannot be removed,
# so the one hook stays, idle between tests.
_opened: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | os.PathLike):
        _opened.append(os.path.realpath(args[0]))


sys.addaudithook(_audit)


@pytest.fixture
def opened() -> Iterator[list[str]]:
    global _opened
    found: list[str] = []
    _opened = found
    try:
        yield found
    finally:
        _opened = None


@given(
    st.text(max_size=12),
    st.lists(st.integers(min_value=1, max_value=30), max_size=3, unique=True),
)
def test_each_note_line_of_the_lock_is_the_json_of_its_entry(deck: str, clozes: list[int]) -> None:
    note = LockedNote('g\\"~{', "0f3a", 1_700_000_000, NoteKind.CLOZE, deck, tuple(clozes))
    text = dumps(Lock("deck-id", {}, {"one": note, "a-two": note}))
    entry = {"deck": deck, "guid": note.guid, "hash": "0f3a", "mod": note.mod, "type": "cloze"}
    if clozes:
        entry["clozes"] = clozes
    line = json.dumps(entry, sort_keys=True, ensure_ascii=False)
    assert f'    "a-two": {line},\n    "one": {line}\n' in text
    assert json.loads(text)["notes"] == {"one": entry, "a-two": entry}


def test_reading_a_lock_records_where_the_deck_and_each_note_stand(tmp_path: Path) -> None:
    note = LockedNote("guid", "0f3a", 1_700_000_000, NoteKind.BASIC, "Deck")
    text = dumps(Lock("deck-id", {}, {"one": note, "two": note}))
    path = tmp_path / LOCK_NAME
    path.write_text(text, encoding="utf-8")
    lock, problems = read_lock(path)
    assert problems == [] and lock is not None
    assert lock.deck_place == (2, 3)
    assert lock.places == {"one": (6, 5), "two": (7, 5)}
    shifted = text.replace('{\n  "deck"', '{\n\n "deck"').replace('    "two"', '  "two"')
    path.write_text(shifted, encoding="utf-8")
    lock, problems = read_lock(path)
    assert problems == [] and lock is not None
    assert lock.deck_place == (3, 2)
    assert lock.places == {"one": (7, 5), "two": (8, 3)}


CITED = """\
notes:
  - id: one
    front: What is read once?
    back: The lock.
    source: {ref: article}
"""


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project in cards/ (the working folder above it) whose lock records it."""
    write_project(tmp_path / "cards", {"notes.yaml": CITED})
    monkeypatch.chdir(tmp_path)
    assert run_cli("lock")[0] == 0
    return tmp_path / "cards"


def _reads_the_lock_once(root: Path, opened: list[str], *command: str) -> bytes:
    """Run ``peerdeck COMMAND``, check that it opened the lock of ``root``
    once, and return the lock as it left it."""
    lock = os.path.realpath(root / LOCK_NAME)
    opened.clear()
    assert run_cli(*command)[0] == 0
    assert opened.count(lock) == 1
    return Path(lock).read_bytes()


@pytest.mark.parametrize("command", ["build", "lock"])
def test_build_and_lock_read_the_lock_once_whether_or_not_they_change_it(
    locked: Path, opened: list[str], command: str
) -> None:
    recorded = (locked / LOCK_NAME).read_bytes()
    assert _reads_the_lock_once(locked, opened, command) == recorded  # nothing to record
    (locked / "notes.yaml").write_text(CITED.replace("The lock.", "The lock file."))
    assert _reads_the_lock_once(locked, opened, command) != recorded  # read, then replaced


def test_release_reads_the_lock_once_whether_or_not_it_changes_it(
    locked: Path, opened: list[str]
) -> None:
    recorded = (locked / LOCK_NAME).read_bytes()
    release = ["release", "--version", "1.0.0", "-o", "dist"]
    versioned = _reads_the_lock_once(locked, opened, *release)
    assert versioned != recorded  # the version recorded
    assert _reads_the_lock_once(locked, opened, *release) == versioned
