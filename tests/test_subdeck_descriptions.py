"""Subdecks' descriptions, declared in deck.yaml's ``subdecks``, as a
learner's Anki shows them: Markdown rendered, raw HTML byte for byte, with
its media, and replaced in place by a newer build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, Learner, write_project

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
CARDS: dict[str, str | bytes] = {
    "a.yaml": """\
        deck: Topic::Inner
        notes:
          - id: one
            front: a
            back: b
        """,
    "b.yaml": """\
        deck: Other
        notes:
          - id: two
            front: c
            back: d
        """,
    "media/_map.png": PNG,
    "pictures/plan.png": PNG + b"plan",
}
RAW = '<div class="x">Raw <i>HTML</i>\n<img src="_map.png"></div>'


# A Markdown description's image ships under a name starting with "_", for
# Anki imports no other file that no note names.
PLAN = "_plan-" + hashlib.sha256(PNG + b"plan").hexdigest()[:16] + ".png"


def deck_yaml(inner: str) -> str:
    return (
        DECK_YAML
        + "subdecks:\n"
        + f"  Topic:\n    description: {inner}\n"
        + '  "Topic :: Inner":\n'
        + "    description: 'Inner *matters*.'\n"
        + "  Other:\n    description: |-\n"
        + "".join(f"      {line}\n" for line in RAW.splitlines())
        + "    description_format: html\n"
    )


def build(project: Path, output: Path) -> Path:
    built = pipeline.build(RunSettings(root=project, output=output, timestamp=1_800_000_000))
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package.path


def descriptions(learner: Learner) -> dict[str, tuple[int, str]]:
    return {d["name"]: (d["id"], d["desc"]) for d in learner.col.decks.all() if d["id"] != 1}


def test_a_learner_sees_each_subdecks_description_and_its_updates(
    tmp_path: Path, learner: Learner
) -> None:
    topic = "The first **topic** ![plan](pictures/plan.png)"
    project = write_project(tmp_path / "p", CARDS, deck_yaml(topic))
    learner.import_package(build(project, tmp_path / "1.apkg"))
    first = descriptions(learner)
    assert {name: desc for name, (_, desc) in first.items()} == {
        "Test Deck": "A deck for <strong>tests</strong>.",
        "Test Deck::Topic": f'The first <strong>topic</strong> <img src="{PLAN}" alt="plan" />',
        "Test Deck::Topic::Inner": "Inner <em>matters</em>.",
        "Test Deck::Other": RAW,
    }
    folder = Path(learner.col.media.dir())
    assert sorted(path.name for path in folder.iterdir()) == ["_map.png", PLAN]

    (project / "deck.yaml").write_text(deck_yaml("Now *revised*."))
    log = learner.import_package(build(project, tmp_path / "2.apkg"))

    assert len(log.new) == 0
    second = descriptions(learner)
    assert second["Test Deck::Topic"] == (first["Test Deck::Topic"][0], "Now <em>revised</em>.")
    assert {k: v for k, v in second.items() if k != "Test Deck::Topic"} == {
        k: v for k, v in first.items() if k != "Test Deck::Topic"
    }
