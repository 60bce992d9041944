"""Release after release, a learner keeps every review, gets every
correction, and keeps their own edits of notes the author did not touch.
These tests follow learners through real releases imported into Anki."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerdeck import notetypes, pipeline
from peerdeck.ids import guid_for_note
from peerdeck.model import RETIRED_TAG, Location, Note, NoteKind
from peerdeck.pipeline import Loaded
from peerdeck.release.lockfile import LOCK_NAME
from peerdeck.release.plan import note_hash
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, Learner, visible, write_project

R1, R2, R3 = 1_700_000_000, 1_700_100_000, 1_700_200_000

CARDS = """\
deck: Topic
notes:
  - id: fixed-later
    front: What is the capital of Australia?
    back: Sydney
  - id: left-alone
    front: What colour is the sky on a clear day?
    back: Blue.
  - id: gaps
    type: cloze
    text: "{{c1::Red}} and {{c2::yellow}} make orange."
  - id: goes-away
    front: A card that turns out to be wrong?
    back: Yes.
"""


def guid(note_id: str) -> str:
    return guid_for_note("test-deck", note_id)


def release(project: Path, out: Path, epoch: int) -> Path:
    built = pipeline.build(RunSettings(project, output=out, timestamp=epoch))
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package.path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def local_edit(learner: Learner, note_id: str, field: str, text: str, when: int) -> None:
    """The learner edits a note in their own Anki, at time ``when``."""
    note = learner.notes_by_guid()[guid(note_id)]
    note[field] = text
    learner.col.update_note(note)
    learner.col.db.execute("update notes set mod = ? where id = ?", when, note.id)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "cards", {"topic.yaml": CARDS})


def test_three_releases_keep_history_corrections_and_local_edits(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    cards = project / "topic.yaml"
    learner.import_package(release(project, tmp_path / "r1.apkg", R1))
    assert learner.answer_all() == 5
    history = learner.reviews()
    card_ids = {card.id for card in learner.cards()}
    note_ids = {g: note.id for g, note in learner.notes_by_guid().items()}
    # Between releases the learner rewords a note the author will not touch.
    local_edit(learner, "left-alone", "Back", "Blue (my own words).", R1 + 50_000)

    # Release 2: a correction, a retirement, a new note.
    edit(cards, "back: Sydney", "back: Canberra")
    edit(
        cards,
        "  - id: goes-away\n    front: A card that turns out to be wrong?\n    back: Yes.\n",
        "  - id: new-one\n    front: New?\n    back: New.\n",
    )
    deck = project / "deck.yaml"
    deck.write_text(deck.read_text() + "retired:\n  - id: goes-away\n    reason: It was wrong.\n")
    log = learner.import_package(release(project, tmp_path / "r2.apkg", R2))
    assert len(log.new) == 1 and len(log.updated) == 2  # the correction and the retirement
    notes = learner.notes_by_guid()
    assert notes[guid("fixed-later")]["Back"] == "Canberra"
    assert notes[guid("left-alone")]["Back"] == "Blue (my own words)."
    retired = notes[guid("goes-away")]
    assert retired.tags == [RETIRED_TAG]
    assert "It was wrong." in visible(retired.cards()[0].answer())
    assert learner.col.find_notes(f"tag:{RETIRED_TAG}") == [retired.id]

    # Release 3: the cloze note gains a deletion; the rest is unchanged.
    edit(cards, "make orange.", "make {{c3::orange}}.")
    log = learner.import_package(release(project, tmp_path / "r3.apkg", R3))
    assert len(log.new) == 0 and len(log.updated) == 1
    notes = learner.notes_by_guid()
    assert notes[guid("left-alone")]["Back"] == "Blue (my own words)."
    assert notes[guid("fixed-later")]["Back"] == "Canberra"
    assert len(notes[guid("gaps")].cards()) == 3

    # Nothing duplicated, nothing lost: same notes and cards, every review kept.
    assert learner.col.note_count() == 5
    assert {g: notes[g].id for g in note_ids} == note_ids
    assert card_ids <= {card.id for card in learner.cards()}
    assert learner.reviews() == history


def test_a_new_learner_gets_retired_notes_suspended(project: Path, tmp_path: Path) -> None:
    release(project, tmp_path / "r1.apkg", R1)
    edit(project / "topic.yaml", "  - id: goes-away\n", "  - id: goes-away-draft\n")
    (project / "deck.yaml").write_text(
        DECK_YAML + "retired:\n  - id: goes-away\n    reason: It was wrong.\n"
    )
    package = release(project, tmp_path / "r2.apkg", R2)
    newcomer = Learner.open(tmp_path / "newcomer")
    try:
        newcomer.import_package(package)
        retired = newcomer.notes_by_guid()[guid("goes-away")]
        assert retired.tags == [RETIRED_TAG]
        assert [card.queue for card in retired.cards()] == [-1]  # suspended
        studied = newcomer.col.find_cards("-is:suspended")
        assert len(studied) == 5 and retired.cards()[0].id not in studied
    finally:
        newcomer.close()


def test_a_retired_cloze_note_keeps_a_card_for_every_number(
    project: Path, tmp_path: Path, learner: Learner
) -> None:
    learner.import_package(release(project, tmp_path / "r1.apkg", R1))
    edit(project / "topic.yaml", "  - id: gaps\n", "  - id: other-gaps\n")
    (project / "deck.yaml").write_text(
        DECK_YAML + "retired:\n  - id: gaps\n    reason: Replaced.\n"
    )
    log = learner.import_package(release(project, tmp_path / "r2.apkg", R2))
    assert len(log.updated) == 1
    cards = learner.notes_by_guid()[guid("gaps")].cards()
    assert len(cards) == 2
    for card in cards:
        assert "retired" in visible(card.question()) and "Replaced." in visible(card.answer())


def test_the_lock_records_times_that_only_move_with_content(project: Path, tmp_path: Path) -> None:
    release(project, tmp_path / "r1.apkg", R1)
    lock = json.loads((project / LOCK_NAME).read_text())
    assert {n["mod"] for n in lock["notes"].values()} == {R1}
    assert lock["notes"]["gaps"]["clozes"] == [1, 2]
    edit(project / "topic.yaml", "back: Blue.", "back: Blue, mostly.")
    # An epoch that is not newer than the recorded time still moves it forward.
    release(project, tmp_path / "r2.apkg", R1 - 10)
    lock = json.loads((project / LOCK_NAME).read_text())
    assert lock["notes"]["left-alone"]["mod"] == R1 + 1
    assert lock["notes"]["fixed-later"]["mod"] == R1
    lines = (project / LOCK_NAME).read_text().splitlines()
    assert sum('"left-alone": {' in line for line in lines) == 1  # one note per line


def problems(loaded: pipeline.Loaded) -> list[tuple[str, int, int, str]]:
    root = loaded.root
    return [
        (p.path.relative_to(root).as_posix(), p.line, p.column, p.code) for p in loaded.problems
    ]


def test_a_lock_behind_the_sources_is_information_unless_locked(
    project: Path, tmp_path: Path
) -> None:
    assert pipeline.check(RunSettings(project)).problems == []  # nothing released yet
    release(project, tmp_path / "r1.apkg", R1)
    assert pipeline.check(RunSettings(project, locked=True)).problems == []
    edit(project / "topic.yaml", "back: Blue.", "back: Blue, mostly.")
    loaded = pipeline.check(RunSettings(project))
    assert loaded.problems == [] and loaded.ok
    assert problems(Loaded(project, None, loaded.pending)) == [("topic.yaml", 6, 5, "PD020")]
    assert loaded.pending[0].message == "note 'left-alone' changed after peerdeck.lock was written"
    locked = pipeline.check(RunSettings(project, locked=True))
    assert problems(locked) == [("topic.yaml", 6, 5, "PD020")]
    assert locked.problems[0].message.endswith(
        "run peerdeck lock (or build) to record it, and commit the lock"
    )
    # Recording it writes the lock and no package.
    recorded = pipeline.lock(RunSettings(project, timestamp=R2))
    assert recorded.lock_written and recorded.package is None
    assert pipeline.check(RunSettings(project, locked=True)).problems == []


def test_build_locked_refuses_to_change_the_lock(project: Path, tmp_path: Path) -> None:
    missing = pipeline.build(
        RunSettings(project, output=tmp_path / "r0.apkg", timestamp=R1, locked=True)
    )
    assert problems(missing.loaded) == [(LOCK_NAME, 1, 1, "PD020")]
    good = release(project, tmp_path / "r1.apkg", R1)
    before = (project / LOCK_NAME).read_bytes(), good.read_bytes()
    assert (
        pipeline.build(RunSettings(project, output=good, timestamp=R2, locked=True)).loaded.problems
        == []
    )
    edit(project / "topic.yaml", "back: Blue.", "back: Blue, mostly.")
    refused = pipeline.build(RunSettings(project, output=good, timestamp=R2, locked=True))
    assert problems(refused.loaded) == [("topic.yaml", 6, 5, "PD020")]
    assert ((project / LOCK_NAME).read_bytes(), good.read_bytes()) == before


def test_a_released_note_cannot_vanish_unannounced(project: Path, tmp_path: Path) -> None:
    release(project, tmp_path / "r1.apkg", R1)
    edit(project / "topic.yaml", "  - id: goes-away\n", "  - id: goes-elsewhere\n")
    built = pipeline.build(RunSettings(project, output=tmp_path / "r2.apkg", timestamp=R2))
    lock_line = next(
        number
        for number, line in enumerate((project / LOCK_NAME).read_text().splitlines(), start=1)
        if '"goes-away"' in line
    )
    assert problems(built.loaded) == [(LOCK_NAME, lock_line, 5, "PD021")]
    assert "retire it in deck.yaml" in built.loaded.problems[0].message
    assert not (tmp_path / "r2.apkg").exists()


def test_retired_ids_are_never_reused_and_must_have_been_released(
    project: Path, tmp_path: Path
) -> None:
    release(project, tmp_path / "r1.apkg", R1)
    (project / "deck.yaml").write_text(
        DECK_YAML + "retired:\n"
        "  - {id: goes-away, reason: Wrong.}\n"
        "  - {id: never-was, reason: Typo.}\n"
        "  - {id: goes-away, reason: Twice.}\n"
    )
    assert problems(pipeline.check(RunSettings(project))) == [("deck.yaml", 11, 10, "PD008")]
    edit(project / "deck.yaml", "  - {id: goes-away, reason: Twice.}\n", "")
    assert problems(pipeline.check(RunSettings(project))) == [
        ("deck.yaml", 10, 10, "PD022"),  # never released
        ("topic.yaml", 12, 5, "PD022"),  # retired, yet still a note
    ]
    edit(project / "deck.yaml", "  - {id: never-was, reason: Typo.}\n", "")
    assert problems(pipeline.check(RunSettings(project))) == [("topic.yaml", 12, 5, "PD022")]


def test_a_changed_deck_id_would_duplicate_every_note(project: Path, tmp_path: Path) -> None:
    release(project, tmp_path / "r1.apkg", R1)
    edit(project / "deck.yaml", "id: test-deck", "id: test-deck-renamed")
    loaded = pipeline.build(RunSettings(project, output=tmp_path / "r2.apkg", timestamp=R2)).loaded
    assert problems(loaded) == [(LOCK_NAME, 2, 3, "PD024")]


def test_lock_problems_point_where_the_lock_read_has_them(project: Path, tmp_path: Path) -> None:
    """A lock laid out by hand or by a merge tool is pointed into where its
    keys are, not where peerdeck would have written them."""
    release(project, tmp_path / "r1.apkg", R1)
    edit(project / LOCK_NAME, '{\n  "deck"', '{\n\n\n      "deck"')
    edit(project / LOCK_NAME, '\n    "goes-away": ', '\n\n "goes-away": ')
    edit(project / "deck.yaml", "id: test-deck", "id: test-deck-renamed")
    loaded = pipeline.build(RunSettings(project, output=tmp_path / "r2.apkg", timestamp=R2)).loaded
    assert problems(loaded) == [(LOCK_NAME, 4, 7, "PD024")]
    edit(project / "deck.yaml", "id: test-deck-renamed", "id: test-deck")
    edit(project / "topic.yaml", "  - id: goes-away\n", "  - id: goes-away-draft\n")
    lines = (project / LOCK_NAME).read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines, 1) if line.startswith(' "goes-away"'))
    assert (LOCK_NAME, row, 2, "PD021") in problems(pipeline.check(RunSettings(project)))


def test_a_note_cannot_change_its_note_type(project: Path, tmp_path: Path) -> None:
    release(project, tmp_path / "r1.apkg", R1)
    edit(
        project / "topic.yaml",
        "  - id: left-alone\n    front: What colour is the sky on a clear day?\n    back: Blue.\n",
        "  - id: left-alone\n    type: cloze\n    text: The sky is {{c1::blue}}.\n",
    )
    assert problems(pipeline.check(RunSettings(project))) == [("topic.yaml", 6, 5, "PD022")]


def test_the_lock_file_is_checked(project: Path, tmp_path: Path) -> None:
    release(project, tmp_path / "r1.apkg", R1)
    lock = project / LOCK_NAME
    text = lock.read_text()
    lock.write_text(text.replace('"notes": {', '"notes": {\n<<<<<<< HEAD', 1))
    loaded = pipeline.check(RunSettings(project))
    assert problems(loaded) == [(LOCK_NAME, 9, 1, "PD019")]
    assert "unresolved merge conflict" in loaded.problems[0].message
    lock.write_text(text.replace('"lock": 1', '"lock": 99'))
    assert problems(pipeline.check(RunSettings(project))) == [(LOCK_NAME, 1, 1, "PD019")]


def test_changed_note_type_names_need_a_new_version(
    project: Path, tmp_path: Path, learner: Learner, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner.import_package(release(project, tmp_path / "r1.apkg", R1))
    basic = notetypes.NOTE_TYPES[NoteKind.BASIC]
    # Template HTML may change: Anki takes the newer note type as it is.
    restyled = dataclasses.replace(
        basic.templates[0], front=basic.templates[0].front + "<p>restyled</p>"
    )
    monkeypatch.setitem(
        notetypes.NOTE_TYPES, NoteKind.BASIC, dataclasses.replace(basic, templates=(restyled,))
    )
    assert problems(pipeline.check(RunSettings(project, locked=True))) == [
        ("deck.yaml", 1, 1, "PD020")
    ]
    learner.import_package(release(project, tmp_path / "r2.apkg", R2))
    card = learner.notes_by_guid()[guid("left-alone")].cards()[0]
    assert "restyled" in card.question()

    # A renamed field may not ship under the same id ...
    renamed = dataclasses.replace(basic, fields=("Front", "Answer", "Source"))
    monkeypatch.setitem(notetypes.NOTE_TYPES, NoteKind.BASIC, renamed)
    loaded = pipeline.build(RunSettings(project, output=tmp_path / "r3.apkg", timestamp=R3)).loaded
    assert problems(loaded) == [("deck.yaml", 1, 1, "PD023")]
    assert "basic: 2" in loaded.problems[0].message
    # ... only as a new version, which is a new note type to Anki: learners'
    # existing notes stay on the old one and stop taking updates.
    (project / "deck.yaml").write_text(DECK_YAML + "note_types: {basic: 2}\n")
    log = learner.import_package(release(project, tmp_path / "r3.apkg", R3))
    assert len(log.conflicting) == 3 and len(log.updated) == 0 and len(log.new) == 0
    names = {model["name"] for model in learner.col.models.all()}
    assert {"peerdeck Basic", "peerdeck Basic v2"} <= names
    assert learner.col.note_count() == 4


def test_authors_cannot_set_peerdecks_own_tags(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p",
        {"a.yaml": "notes:\n  - {id: a, front: A, back: B, tags: [peerdeck::retired]}\n"},
    )
    loaded = pipeline.check(RunSettings(project))
    assert problems(loaded) == [("a.yaml", 2, 39, "PD009")]
    assert "reserved" in loaded.problems[0].message


@given(
    st.integers(min_value=1, max_value=2**31),
    st.text(max_size=8),
    st.lists(st.text(max_size=6), max_size=3),
    st.lists(st.text(max_size=10), min_size=1, max_size=5),
)
def test_a_note_hash_is_the_hash_of_its_compact_json(
    type_id: int, deck: str, tags: list[str], fields: list[str]
) -> None:
    note = Note("n", NoteKind.BASIC, {}, {}, deck, tuple(tags), Location(Path("a.yaml"), 1, 1), {})
    value = [type_id, deck, tags, fields]
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    assert note_hash(note, type_id, fields) == hashlib.sha256(data).hexdigest()[:20]
