"""``peerdeck init``: a new project that checks, builds and imports as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from peerdeck import pipeline, scaffold
from peerdeck.cli import main
from peerdeck.destination import package_path
from peerdeck.settings import RunSettings

from helpers import Learner


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_new_project_checks_clean_and_cites_its_source(tmp_path: Path) -> None:
    created = scaffold.create(tmp_path / "biology-101")
    assert created.name == "Biology 101"
    assert re.fullmatch(r"biology-101-[0-9a-f]{6}", created.deck_id)
    assert sorted(_tree(created.root)) == [
        ".github/workflows/deck.yml",
        ".github/workflows/release.yml",
        ".gitignore",
        "cards/10-examples.yaml",
        "cards/deck.yaml",
        "schemas/card.schema.json",
        "schemas/deck.schema.json",
        "sources/flashcards.md",
    ]
    loaded = pipeline.check(RunSettings(created.root / "cards"))
    assert loaded.problems == []
    assert pipeline.lint(RunSettings(created.root / "cards")).problems == []  # not even a warning
    assert loaded.deck is not None
    assert loaded.deck.name == "Biology 101"
    assert loaded.deck.id == created.deck_id
    assert all(note.quote for note in loaded.deck.notes)
    # The quotes really are checked against the example source.
    source = created.root / "sources" / "flashcards.md"
    source.write_text(source.read_text().replace("grow", "shrink"), encoding="utf-8")
    problems = pipeline.check(RunSettings(created.root / "cards")).problems
    assert [(p.path.name, p.line, p.code) for p in problems] == [("10-examples.yaml", 36, "PD030")]


def test_a_new_project_imports_into_anki_with_one_note_of_each_type(
    tmp_path: Path, learner: Learner
) -> None:
    created = scaffold.create(tmp_path / "deck", name="Flashcard Habits")
    built = pipeline.build(
        RunSettings(created.root / "cards", output=tmp_path / "out.apkg", timestamp=1_700_000_000)
    )
    assert built.loaded.problems == []
    assert built.package is not None
    log = learner.import_package(built.package.path)
    assert len(log.new) == 5
    notes = learner.notes_by_guid().values()
    assert sorted(note.note_type()["name"] for note in notes) == [
        "peerdeck Basic",
        "peerdeck Cloze",
        "peerdeck Multiple choice",
        "peerdeck Reversed",
        "peerdeck Type-in",
    ]
    assert len(learner.cards()) == 7  # reversed and the two deletions make two each
    assert "Flashcard Habits::Examples" in learner.col.decks.all_names()


def test_two_decks_of_one_name_never_share_a_namespace(tmp_path: Path) -> None:
    first = scaffold.create(tmp_path / "a", name="Verbs")
    second = scaffold.create(tmp_path / "b", name="Verbs")
    assert first.deck_id != second.deck_id
    assert scaffold.deck_id_for("Ça va: ¡Español! 101").startswith("ca-va-espanol-101-")
    assert re.fullmatch(r"deck-[0-9a-f]{6}", scaffold.deck_id_for("日本語"))


@pytest.mark.parametrize("existing", ["cards/deck.yaml", "deck.yaml"])
def test_init_refuses_a_second_deck_and_writes_nothing(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "project"
    (target / existing).parent.mkdir(parents=True, exist_ok=True)
    (target / existing).write_text("mine\n", encoding="utf-8")
    before = _tree(target)
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert existing in result.stderr
    assert _tree(target) == before


def test_init_prints_what_it_wrote_and_what_to_do_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "spanish", "--name", "Spanish Verbs"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        r"Created the deck 'Spanish Verbs' \(id spanish-verbs-[0-9a-f]{6}\) in spanish:", lines[0]
    )
    assert "  spanish/cards/deck.yaml" in lines
    assert lines[-1] == "Next: cd spanish && peerdeck build"
    check = CliRunner().invoke(main, ["check", "spanish"])
    assert check.exit_code == 0, check.output


def test_init_refuses_an_empty_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--name", "  "])
    assert result.exit_code == 1
    assert "the deck name is empty" in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_workflow_checks_builds_and_keeps_the_package(tmp_path: Path) -> None:
    created = scaffold.create(tmp_path / "deck")
    workflow = yaml.safe_load((created.root / ".github/workflows/deck.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as true; GitHub reads 'on'
    assert set(triggers) == {"push", "pull_request"}
    steps = workflow["jobs"]["deck"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[0].startswith('python -m pip install "peerdeck==')
    assert runs[1:] == ["peerdeck check --strict", "peerdeck build --locked"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"] == f"build/{created.deck_id}.apkg"
    # The path the workflow uploads is where 'peerdeck build' writes.
    loaded = pipeline.check(RunSettings(created.root / "cards"))
    assert loaded.deck is not None
    assert package_path(loaded.deck.id, None).as_posix() == upload["with"]["path"]
    assert (created.root / ".gitignore").read_text() == "build/\ndist/\n.venv/\n"
