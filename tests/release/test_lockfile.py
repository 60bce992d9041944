"""The lock file's format: one note per line, each line the JSON of its
entry, and where each entry stands in the file as read."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from peerdeck.model import NoteKind
from peerdeck.release.lockfile import LOCK_NAME, Lock, LockedNote, dumps, read_lock


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
