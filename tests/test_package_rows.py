"""The packager writes notes and cards itself rather than through genanki's
``Note``; the collection must be exactly what genanki would have written."""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import genanki

from peerdeck import package, pipeline
from peerdeck.ids import deck_id_for, guid_for_note
from peerdeck.model import RETIRED_TAG, Deck
from peerdeck.notetypes import NOTE_TYPES, anki_fields
from peerdeck.settings import RunSettings

from helpers import Learner, write_project

EPOCH = 1_700_000_000

# Every note type; deletions whose numbers make genanki's set iterate out of
# numeric order (9, 1, 17, 33); a cloze number repeated; empty optional fields;
# notes spread over decks whose sorted order differs from source order; a
# retired note; notes without tags of their own.
CARDS: dict[str, str | bytes] = {
    "z-last.yaml": """\
        deck: Alpha
        notes:
          - id: first-in-source
            front: Placed in Alpha, written first in source order?
            back: "Yes"
          - id: gaps
            type: cloze
            text: "{{c9::nine}} {{c1::one}} {{c17::seventeen}} {{c33::x}} {{c1::again}}"
            tags: [numbers]
    """,
    "a-first.yaml": """\
        deck: Beta::Inner
        tags: [shared]
        notes:
          - id: both
            type: reversed
            front: Front **bold**
            back: Back
          - id: typed
            type: type-in
            front: Type it
            back: it
          - id: choose
            type: multiple-choice
            question: Which?
            choices: [One, Two]
            answer: Two
          - id: old
            front: Retired question?
            back: Retired answer.
          - id: cited
            front: Cited?
            back: Cited.
            source: {ref: article, quote: "a  quote"}
    """,
}


def genanki_collection(deck: Deck, database: Path, timestamp: int, mods: Mapping[str, int]) -> None:
    """The collection as genanki writes it from one ``genanki.Note`` per note."""
    models: dict[Any, Any] = {
        kind: package._genanki_model(genanki, note_type) for kind, note_type in NOTE_TYPES.items()
    }
    decks = {
        name: genanki.Deck(
            deck_id_for(name), name, deck.description_html if name == deck.name else ""
        )
        for name in deck.deck_names
    }
    for position, note in enumerate(deck.notes, start=1):
        decks[note.deck].add_note(
            genanki.Note(
                model=models[note.kind],
                fields=anki_fields(note),
                tags=list(note.tags),
                guid=guid_for_note(deck.id, note.id),
                due=position,
            )
        )
    connection = sqlite3.connect(database)
    genanki.Package(list(decks.values())).write_to_db(
        connection.cursor(), timestamp, itertools.count(timestamp * 1000)
    )
    guids = {note.id: guid_for_note(deck.id, note.id) for note in deck.notes}
    for note_id, mod in mods.items():
        connection.execute("UPDATE notes SET mod = ? WHERE guid = ?", (mod, guids[note_id]))
    for note in deck.notes:
        if RETIRED_TAG in note.tags:
            connection.execute(
                "UPDATE cards SET queue = -1 WHERE nid = (SELECT id FROM notes WHERE guid = ?)",
                (guids[note.id],),
            )
    connection.commit()
    connection.close()


def tables(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(database)
    try:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            name: connection.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()
            for name in sorted(names)
        }
    finally:
        connection.close()


def load(project: Path) -> Deck:
    """The deck, with note 'old' retired as the lock's plan ships it: tagged."""
    loaded = pipeline.load(project)
    assert loaded.problems == [] and loaded.deck is not None
    notes = tuple(
        dataclasses.replace(note, tags=(RETIRED_TAG,)) if note.id == "old" else note
        for note in loaded.deck.notes
    )
    return dataclasses.replace(loaded.deck, notes=notes)


def test_notes_and_cards_are_the_rows_genanki_writes(tmp_path: Path) -> None:
    deck = load(write_project(tmp_path / "p", CARDS))
    mods = {"gaps": EPOCH + 5, "typed": EPOCH - 7}
    ours, theirs = tmp_path / "ours.anki2", tmp_path / "theirs.anki2"
    cards = package._write_collection(deck, ours, EPOCH, mods, package.Known({}, {}))
    genanki_collection(deck, theirs, EPOCH, mods)
    expected = tables(theirs)
    assert tables(ours) == expected
    assert cards == len(expected["cards"]) == 11


def test_anki_imports_ordinals_suspensions_and_note_times(tmp_path: Path, learner: Learner) -> None:
    deck = load(write_project(tmp_path / "p", CARDS))
    first = package.write_package(deck, tmp_path / "v1.apkg", EPOCH).path
    assert len(learner.import_package(first).new) == 7
    notes = learner.notes_by_guid()

    def note(note_id: str) -> Any:
        return notes[guid_for_note("test-deck", note_id)]

    assert sorted(card.ord for card in note("gaps").cards()) == [0, 8, 16, 32]
    assert sorted(card.ord for card in note("both").cards()) == [0, 1]
    suspended = {card.nid for card in learner.cards() if card.queue == -1}
    assert suspended == {note("old").id}
    assert {learner.col.decks.name(card.did) for card in note("both").cards()} == {
        "Test Deck::Beta::Inner"
    }

    # A newer time on one note updates that note alone.
    later = package.write_package(deck, tmp_path / "v2.apkg", EPOCH, {"gaps": EPOCH + 60})
    log = learner.import_package(later.path)
    assert [entry.id.nid for entry in log.updated] == [note("gaps").id]
    assert learner.col.get_note(note("gaps").id).mod == EPOCH + 60


def test_what_the_release_computed_gives_the_same_package(tmp_path: Path) -> None:
    """A build hands the plan's GUIDs and fields to the packager; computed
    afresh they give the same bytes."""
    project = write_project(tmp_path / "p", CARDS)
    built = pipeline.build(RunSettings(project, output=tmp_path / "built.apkg", timestamp=EPOCH))
    assert built.package is not None and built.release is not None
    release = built.release
    assert set(release.fields) == {note.id for note in release.deck.notes}
    again = package.write_package(
        release.deck, tmp_path / "again.apkg", release.timestamp, release.mods
    )
    assert again.sha256 == built.package.sha256
