"""`peerdeck diff`: what changed between two releases, read from real
packages and real project folders, and what the release notes promise
learners checked against a real Anki."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from peerdeck import pipeline
from peerdeck.cli import main
from peerdeck.diff import release_notes
from peerdeck.diff.compare import Changes, compare
from peerdeck.diff.snapshot import Snapshot, read
from peerdeck.ids import guid_for_note
from peerdeck.model import RETIRED_TAG
from peerdeck.release.lockfile import LOCK_NAME, dumps, read_lock
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, Learner, write_project

EXPECTED = Path(__file__).parent
EPOCH = 1_700_000_000

OLD: dict[str, str | bytes] = {
    "a.yaml": """\
        deck: A
        notes:
          - id: edited
            front: What does <b>peer</b> support rest on?
            back: Shared experience and mutual respect between equals.
          - id: retiring
            front: An outdated question?
            back: An outdated answer.
          - id: retagged
            type: cloze
            tags: [old-tag, kept]
            text: "{{c1::Confidentiality}} is the bedrock of trust."
          - id: moving
            front: Where does this note live?
            back: In A.
          - id: retyped
            type: reversed
            front: Rapport
            back: A relationship of trust
          - id: dropped
            front: A note that disappears?
            back: Yes.
    """,
}
NEW: dict[str, str | bytes] = {
    "a.yaml": """\
        deck: A
        notes:
          - id: edited
            front: What does <b>peer</b> support rest on?
            back: Lived experience and mutual respect between equals.
          - id: retagged
            type: cloze
            tags: [new-tag, kept]
            text: "{{c1::Confidentiality}} is the bedrock of trust."
          - id: retyped
            front: Rapport
            back: A relationship of trust
          - id: fresh
            type: multiple-choice
            question: Which one is new?
            choices: [This one, That one]
            answer: This one
    """,
    "b.yaml": """\
        deck: B
        notes:
          - id: moving
            front: Where does this note live?
            back: In A.
    """,
}


NEW_DECK = DECK_YAML + "retired:\n  - id: retiring\n    reason: Superseded by a better card.\n"


@pytest.fixture
def releases(tmp_path: Path) -> tuple[Path, Path]:
    old = write_project(tmp_path / "old", OLD)
    new = write_project(tmp_path / "new", NEW, deck=NEW_DECK)
    build(old, tmp_path / "lock-for-old.apkg")
    # NEW retires a note, which needs OLD's lock. It also drops a note and
    # changes one's note type, which peerdeck refuses for a released note
    # but an .apkg from elsewhere may do: its lock forgets those two.
    lock, problems = read_lock(old / LOCK_NAME)
    assert lock is not None and not problems
    kept = {k: v for k, v in lock.notes.items() if k not in ("dropped", "retyped")}
    (new / LOCK_NAME).write_text(dumps(dataclasses.replace(lock, notes=kept)))
    return old, new


def build(project: Path, out: Path, epoch: int = EPOCH) -> Path:
    built = pipeline.build(RunSettings(project, output=out, timestamp=epoch))
    assert built.loaded.problems == [] and built.package is not None
    return built.package.path


def snapshot(path: Path) -> Snapshot:
    side = read(path)
    assert side.problems == [] and side.snapshot is not None
    return side.snapshot


def changes_between(old: Path, new: Path) -> Changes:
    return compare(snapshot(old), snapshot(new))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def labels(notes: object) -> list[str]:
    return [getattr(n, "note", n).label for n in notes]  # type: ignore[attr-defined]


def test_each_kind_of_change_is_found(releases: tuple[Path, Path]) -> None:
    changes = changes_between(*releases)
    assert labels(changes.added) == ["fresh"]
    assert labels(changes.changed) == ["edited", "retyped"]
    assert labels(changes.retired) == ["retiring"]
    assert labels(changes.removed) == ["dropped"]
    assert [(m.note.label, m.old_deck, m.note.deck) for m in changes.moved] == [
        ("moving", "Test Deck::A", "Test Deck::B")
    ]
    assert [(t.note.label, t.added, t.removed) for t in changes.tags] == [
        ("retagged", ("new-tag",), ("old-tag",))
    ]
    assert [(t.name, t.status) for t in changes.note_types] == [
        ("peerdeck Reversed", "unused"),
        ("peerdeck Multiple choice", "new"),
    ]


def test_a_changed_field_shows_a_word_level_diff_without_html(
    releases: tuple[Path, Path],
) -> None:
    edited, retyped = changes_between(*releases).changed
    [back] = edited.fields
    assert (back.name, back.old, back.new) == (
        "Back",
        "Shared experience and mutual respect between equals.",
        "Lived experience and mutual respect between equals.",
    )
    assert back.words == (
        ("-", "Shared"),
        ("+", "Lived"),
        ("=", "experience and mutual respect between equals."),
    )
    assert edited.old_note_type is None
    # Same fields, another note type: Anki will not update the note.
    assert (retyped.old_note_type, retyped.note.note_type, retyped.fields) == (
        "peerdeck Reversed",
        "peerdeck Basic",
        (),
    )


def test_a_package_is_named_after_the_deck_its_notes_share(tmp_path: Path) -> None:
    deck = "name: Courses::Biology\nid: bio\n"
    cards: dict[str, str | bytes] = {
        "a.yaml": "deck: Cells\nnotes:\n  - {id: a, front: A?, back: A.}\n",
        "b.yaml": "deck: Genes\nnotes:\n  - {id: b, front: B?, back: B.}\n",
    }
    project = write_project(tmp_path / "p", cards, deck)
    assert snapshot(build(project, tmp_path / "p.apkg")).deck == "Courses::Biology"
    assert snapshot(project).deck == "Courses::Biology"


def test_a_project_and_its_own_package_read_the_same(releases: tuple[Path, Path]) -> None:
    new = releases[1]
    package = build(new, new.parent / "new.apkg")
    assert changes_between(new, package).empty
    assert changes_between(package, new).empty
    # Notes are named by their id when either side is a project that has
    # them, otherwise by the start of their first field.
    from_project = changes_between(releases[0], package)
    assert labels(from_project.changed) == ["edited", "retyped"]
    assert labels(from_project.added) == ["Which one is new?"]
    from_package = changes_between(build(releases[0], new.parent / "old.apkg"), package)
    assert labels(from_package.changed) == ["What does peer support rest on?", "Rapport"]


def test_the_bundled_deck_and_its_package_read_the_same(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent.parent
    built = pipeline.build(
        RunSettings(root / "cards", output=tmp_path / "deck.apkg", timestamp=EPOCH, locked=True)
    )
    assert built.package is not None  # --locked: the bundled lock is left alone
    package = built.package.path
    # The repository root works too: it has cards/deck.yaml.
    assert changes_between(root, package).empty


def test_output_is_pinned_for_release_notes_and_json(releases: tuple[Path, Path]) -> None:
    for output_format, suffix in [("markdown", "md"), ("json", "json"), ("text", "txt")]:
        status, out, err = run(*map(str, releases), "--format", output_format)
        assert (status, err) == (0, "")
        expected = EXPECTED / f"release-notes.{suffix}"
        if os.environ.get("PEERDECK_UPDATE_CASES"):
            expected.write_text(out, encoding="utf-8")
        assert out == expected.read_text(encoding="utf-8")


def test_json_has_a_version_and_every_section(releases: tuple[Path, Path]) -> None:
    _, out, _ = run(*map(str, releases), "--format", "json")
    document = json.loads(out)
    assert document["version"] == release_notes.JSON_VERSION == 1
    assert document["counts"] == {key: len(document[key]) for key in document["counts"]}


def test_no_differences(releases: tuple[Path, Path]) -> None:
    old = str(releases[0])
    assert run(old, old) == (0, "Test Deck: no differences.\n", "")
    status, out, _ = run(old, old, "--format", "markdown")
    assert (status, out) == (0, "# Test Deck: release notes\n\nNo changes.\n")


def rewrite_collection(package: Path, sql: str, *parameters: object) -> None:
    """Change a package's collection in place, as another tool might have written it."""
    work = package.parent / "work"
    work.mkdir()
    with zipfile.ZipFile(package) as archive:
        archive.extractall(work)
    connection = sqlite3.connect(work / "collection.anki2")
    connection.execute(sql, parameters)
    connection.commit()
    connection.close()
    with zipfile.ZipFile(package, "w") as archive:
        for path in sorted(work.iterdir()):
            archive.write(path, path.name)
    shutil.rmtree(work)


def test_note_type_changes_under_the_same_id(releases: tuple[Path, Path]) -> None:
    old = releases[0]
    package = build(old, old.parent / "other.apkg")
    with zipfile.ZipFile(package) as archive:
        (old.parent / "c.anki2").write_bytes(archive.read("collection.anki2"))
    with closing(sqlite3.connect(old.parent / "c.anki2")) as connection:
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    basic = models["2060870250"]
    basic["name"] = "Plain"
    basic["flds"][1]["name"] = "Answer"
    basic["tmpls"][0]["qfmt"] += "<br>"
    basic["css"] += ".x {}"
    rewrite_collection(package, "UPDATE col SET models = ?", json.dumps(models))
    [change] = changes_between(old, package).note_types
    assert (change.name, change.status, change.old_name) == ("Plain", "changed", "peerdeck Basic")
    assert (change.old_fields, change.new_fields) == (
        ("Front", "Back", "Source"),
        ("Front", "Answer", "Source"),
    )
    assert (change.edited_templates, change.css_changed) == (("Card 1",), True)
    assert change.renames_fields_or_templates
    assert 'Anki adds it as a copy named "Plain+"' in release_notes.as_text(
        changes_between(old, package)
    )


def test_what_the_release_notes_promise_is_what_anki_does(
    releases: tuple[Path, Path], tmp_path: Path, learner: Learner
) -> None:
    old, new = releases
    learner.import_package(build(old, tmp_path / "v1.apkg"))
    learner.import_package(build(new, tmp_path / "v2.apkg", EPOCH + 100))
    notes = {note.fields[0]: note for note in learner.notes_by_guid().values()}
    # Changed notes update in place; removed ones are not deleted.
    assert notes["What does <b>peer</b> support rest on?"].fields[1].startswith("Lived")
    assert "A note that disappears?" in notes
    # A note whose note type changed is not updated: it keeps its old type.
    assert notes["Rapport"].note_type()["name"] == "peerdeck Reversed"
    cards = {card.note().fields[0]: card for card in learner.cards()}
    # Moved notes keep their cards where they were.
    assert learner.col.decks.name(cards["Where does this note live?"].did) == "Test Deck::A"
    # A newly retired note gets the tag, but its existing cards are not suspended...
    retiring = guid_for_note("test-deck", "retiring")
    retired = learner.notes_by_guid()[retiring].cards()[0]
    assert RETIRED_TAG in retired.note().tags and retired.queue == 0
    # ...while a new learner gets them suspended.
    newcomer = Learner.open(tmp_path / "newcomer")
    try:
        newcomer.import_package(tmp_path / "v2.apkg")
        assert [c.queue for c in newcomer.notes_by_guid()[retiring].cards()] == [-1]
    finally:
        newcomer.close()


def write_bad_package(path: Path, kind: str) -> None:
    if kind == "not a zip":
        path.write_bytes(b"not a zip at all")
    elif kind == "no collection":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("media", "{}")
    elif kind == "not a database":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("collection.anki2", "SQLite? no.")


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("not a zip", "not an Anki package (.apkg): not a zip file"),
        ("no collection", "the zip holds no collection.anki2"),
        ("not a database", "collection.anki2 is not an Anki collection"),
        ("missing", "no such file or folder"),
    ],
)
def test_unreadable_packages_exit_1_with_a_message(
    releases: tuple[Path, Path], tmp_path: Path, kind: str, message: str
) -> None:
    path = tmp_path / "release.apkg"
    write_bad_package(path, kind)
    status, out, err = run(str(path), str(releases[1]))
    assert (status, err) == (1, "Found 1 error in 1 file.\n")
    assert out.startswith(f"{path.as_posix()}:1:1: PD025 ") and message in out
    assert "Traceback" not in out


def test_a_project_with_problems_is_reported_like_check(
    releases: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = releases
    (new / "a.yaml").write_text("notes:\n  - id: Bad Id\n    front: x\n    back: y\n")
    monkeypatch.chdir(new.parent)
    status, out, err = run(str(old), "new")
    assert (status, err) == (1, "Found 1 error in 1 file.\n")
    assert out.startswith("new/a.yaml:2:9: PD007 ")
    status, out, _ = run(str(old), "new", "--format", "json")
    assert status == 1 and json.loads(out)["problems"][0]["code"] == "PD007"


def test_a_folder_that_is_not_a_project(releases: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    status, out, _ = run(str(releases[0]), str(tmp_path / "empty"))
    assert status == 1 and "PD025 no deck project at" in out


def test_a_missing_argument_is_a_usage_error() -> None:
    assert run("only-one.apkg")[0] == 2


def test_diff_has_help_with_examples() -> None:
    status, out, _ = run("--help")
    assert status == 0 and "Usage: " in out and "Examples:" in out


def test_formatting_only_edits_and_markdown_characters(tmp_path: Path) -> None:
    card = "notes:\n  - id: one\n    front: {}\n    back: Use *stars* and [brackets].\n"
    old = write_project(tmp_path / "old", {"a.yaml": card.format("A plain question?")})
    new = write_project(tmp_path / "new", {"a.yaml": card.format("A <i>plain</i> question?")})
    [edit] = changes_between(old, new).changed
    assert [(f.name, f.old == f.new) for f in edit.fields] == [("Front", True)]
    assert "    Front: formatting only" in release_notes.as_text(changes_between(old, new))
    (new / "a.yaml").write_text(card.format("A plain question?").replace("*stars*", "*moons*"))
    markdown = release_notes.as_markdown(changes_between(old, new))
    # Card text is shown literally, not read as Markdown.
    assert "  - Back: Use ~~stars~~ **moons** and \\[brackets\\]." in markdown


def repack(package: Path, names: dict[str, str | None], extra: dict[str | None, bytes]) -> None:
    """Rename (or, to None, drop) entries of a package and add ``extra``, as
    newer Anki versions lay packages out."""
    with zipfile.ZipFile(package) as archive:
        entries = {names.get(n, n): archive.read(n) for n in archive.namelist()}
    merged: dict[str | None, bytes] = {**entries, **extra}
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in merged.items():
            if name is not None:
                archive.writestr(name, data)


def test_packages_from_newer_anki_versions(releases: tuple[Path, Path], tmp_path: Path) -> None:
    old = releases[0]
    package = build(old, tmp_path / "modern.apkg")
    # "Support older Anki versions": the real collection is collection.anki21,
    # and collection.anki2 only holds a note asking to upgrade.
    placeholder = build(releases[1], tmp_path / "placeholder.apkg")
    with zipfile.ZipFile(placeholder) as archive:
        legacy = archive.read("collection.anki2")
    repack(package, {"collection.anki2": "collection.anki21"}, {"collection.anki2": legacy})
    assert changes_between(old, package).empty
    # The newest collection is read first, never the placeholder beside it:
    # one that is not zstd-compressed is refused as damaged.
    repack(package, {"collection.anki21": "collection.anki21b"}, {})
    status, out, _ = run(str(package), str(old))
    assert status == 1 and "PD061 entry 'collection.anki21b' is not valid zstd data" in out


def test_the_readme_example_is_real_output(tmp_path: Path) -> None:
    edited = (
        '  - {id: edited, front: "What does peer support rest on?",'
        ' back: "%s experience and mutual respect between equals."}\n'
    )
    moving = '  - {id: moving, front: "Where does this note live?", back: "In A."}\n'
    fresh = '  - {id: fresh, front: "A new question?", back: "A new answer."}\n'
    old = write_project(
        tmp_path / "old", {"a.yaml": "deck: A\nnotes:\n" + edited % "Shared" + moving}
    )
    new = write_project(
        tmp_path / "new",
        {
            "a.yaml": "deck: A\nnotes:\n" + edited % "Lived" + fresh,
            "b.yaml": "deck: B\nnotes:\n" + moving,
        },
    )
    readme = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```markdown\n(.*?)```", readme, re.DOTALL)
    assert release_notes.as_markdown(changes_between(old, new)) + "\n" == example
