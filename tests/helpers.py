"""Shared test helpers: card trees written to disk, and a learner's Anki.

``Learner`` drives the official ``anki`` package (Anki's own Rust backend),
so what these tests see is what a learner's Anki does with our packages.
"""

from __future__ import annotations

import html
import re
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck

from peerdeck.settings import RunSettings

# Shared by the property and fuzz tests: generated projects are slow to
# write and large, which Hypothesis would otherwise flag.
HYPOTHESIS_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "database": None,  # write nothing beside the repository
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
}

DECK_YAML = """\
name: Test Deck
id: test-deck
description: A deck for **tests**.
sources:
  article:
    title: An Article
    url: https://example.org/article
"""


def visible(rendered: str) -> str:
    """The text a learner sees in a rendered card: no stylesheet, no tags."""
    without_style = re.sub(r"<style>.*?</style>", "", rendered, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_style)).split())


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text, dedented, or bytes) below ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def write_project(root: Path, files: dict[str, str | bytes], deck: str = DECK_YAML) -> Path:
    """A deck project at ``root`` with a default deck.yaml unless given one."""
    return write_tree(root, {"deck.yaml": deck, **files})


@dataclass
class Learner:
    """One learner's Anki collection, in a folder of its own."""

    col: Any

    @classmethod
    def open(cls, folder: Path) -> Learner:
        from anki.collection import Collection

        folder.mkdir(parents=True, exist_ok=True)
        return cls(Collection(str(folder / "collection.anki2")))

    def close(self) -> None:
        self.col.close()

    def import_package(self, path: Path) -> Any:
        """Import as Anki's File > Import does by default (update if newer)."""
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False)
        request = ImportAnkiPackageRequest(package_path=str(path), options=options)
        return self.col.import_anki_package(request).log

    def answer_all(self) -> int:
        """Answer every card 'good', as a learner's first review session."""
        from anki.scheduler.v3 import CardAnswer

        card_ids = self.col.find_cards("")
        for card_id in card_ids:
            states = self.col._backend.get_scheduling_states(card_id)
            self.col.sched.answer_card(
                CardAnswer(
                    card_id=card_id,
                    current_state=states.current,
                    new_state=states.good,
                    rating=CardAnswer.GOOD,
                    answered_at_millis=int(time.time() * 1000),
                    milliseconds_taken=2000,
                )
            )
        return len(card_ids)

    def notes_by_guid(self) -> dict[str, Any]:
        return {
            note.guid: note for note in (self.col.get_note(nid) for nid in self.col.find_notes(""))
        }

    def reviews(self) -> dict[int, int]:
        """Review count per card id, from the review log."""
        rows = self.col.db.all("select cid, count() from revlog group by cid")
        return {card_id: count for card_id, count in rows}

    def cards(self) -> list[Any]:
        return [self.col.get_card(card_id) for card_id in self.col.find_cards("")]


def read_yaml_text(
    tmp_path: Path, text: str | bytes
) -> tuple[object, list[tuple[int, int, str, str]]]:
    """Write ``text`` to a YAML file and read it: its value tree and its
    problems as (line, column, code, message)."""
    from peerdeck.yaml_tree import read_yaml

    path = tmp_path / "f.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    _, tree, problems = read_yaml(path)
    return tree, [(p.line, p.column, p.code, p.message) for p in problems]


def lint_found(root: Path, code: str) -> list[tuple[str, int, int, str]]:
    """(file, line, column, message) of each ``code`` problem that
    ``peerdeck lint`` finds in the project at ``root``."""
    from peerdeck import pipeline

    loaded = pipeline.lint(RunSettings(root))
    assert loaded.deck is not None, loaded.problems
    return [
        (p.path.relative_to(root).as_posix(), p.line, p.column, p.message)
        for p in loaded.problems
        if p.code == code
    ]


def run_cli(*args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of ``peerdeck ARGS``, in this process."""
    from click.testing import CliRunner

    from peerdeck.cli import main

    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr
