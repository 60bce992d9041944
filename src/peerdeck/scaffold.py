"""A new deck project, ready to build: ``peerdeck init``.

The example notes use every note type and cite a small source document, so
a new author sees the whole format, and the quote check, working at once.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from string import Template

from . import __version__
from .pipeline import DECK_FILE, DEFAULT_OUTPUT_DIR, DEFAULT_PROJECT
from .source import CONTROL_CHARACTER


class ProjectExists(Exception):
    """The target holds a deck project or files init would overwrite."""


@dataclass(frozen=True)
class Created:
    root: Path
    name: str
    deck_id: str
    files: tuple[Path, ...]


def deck_id_for(name: str) -> str:
    """A slug from the name plus a random suffix, so that two decks with the
    same name never share a namespace (and so never each other's notes)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    return f"{slug or 'deck'}-{secrets.token_hex(3)}"


def name_for(folder: Path) -> str:
    """A deck name from a folder name: ``biology-101`` -> ``Biology 101``."""
    words = re.split(r"[-_\s]+", folder.resolve().name)
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or "My Deck"


def create(root: Path, name: str | None = None) -> Created:
    """Write a new project at ``root``; raise ``ProjectExists`` (writing
    nothing) when it already has a deck or any file init would write."""
    name = (name if name is not None else name_for(root)).strip()
    if not name:
        raise ValueError("the deck name is empty")
    if CONTROL_CHARACTER.search(name):
        raise ValueError(f"the deck name {name!r} holds a control character")
    deck_id = deck_id_for(name)
    files = _files(name, deck_id)
    _refuse_overwriting(root, files)
    written = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:  # never replace a file
            out.write(text)
        written.append(path)
    return Created(root, name, deck_id, tuple(written))


def _refuse_overwriting(root: Path, files: dict[Path, str]) -> None:
    for deck_file in (root / DECK_FILE, root / DEFAULT_PROJECT / DECK_FILE):
        if deck_file.exists():
            raise ProjectExists(f"{deck_file} exists: {root} is already a deck project")
    if root.exists() and not root.is_dir():
        raise ProjectExists(f"{root} exists and is not a folder")
    taken = [root / relative for relative in files if (root / relative).exists()]
    if taken:
        shown = ", ".join(path.as_posix() for path in taken)
        raise ProjectExists(f"init would overwrite {shown}; nothing was written")


def _files(name: str, deck_id: str) -> dict[Path, str]:
    values = {
        "name": json.dumps(name, ensure_ascii=False),  # a JSON string is a YAML string
        "deck_id": deck_id,
        "version": __version__,
        "package": (DEFAULT_OUTPUT_DIR / f"{deck_id}.apkg").as_posix(),
    }
    return {
        DEFAULT_PROJECT / DECK_FILE: Template(DECK).substitute(values),
        DEFAULT_PROJECT / "10-examples.yaml": EXAMPLES,
        Path("sources") / "flashcards.md": SOURCE,
        Path(".gitignore"): "build/\n.venv/\n",
        Path(".github") / "workflows" / "deck.yml": Template(WORKFLOW).substitute(values),
    }


DECK = """\
# The deck: its name in Anki, its namespace, and the documents notes cite.
name: $name
# With each note's id, this makes the notes' identities: never change it
# once the deck is published, or learners get every note twice.
id: $deck_id
description: |
  Markdown shown on the deck's overview screen in Anki.
# Quotes are checked against the sources' files in this folder.
sources_dir: ../sources
sources:
  flashcard-notes:
    title: Notes on learning with flashcards
    file: flashcards.md
"""

EXAMPLES = """\
# A card file: every .yaml file beside deck.yaml is one. Files are read in
# name order (10-, 20-, ...), notes in the order written.
deck: Examples            # a subdeck of the deck; '::' nests deeper
tags: [examples]
notes:
  - id: retrieval-practice-definition   # a note's identity for ever: describe, never number
    front: What is *retrieval practice*?
    back: Recalling an answer from memory instead of rereading it.
    source:
      ref: flashcard-notes
      quote: recalling an answer from memory instead of rereading it

  - id: spaced-repetition-definition
    type: reversed          # two cards: front -> back and back -> front
    front: Spaced repetition
    back: Scheduling each review just before you would forget
    source:
      ref: flashcard-notes
      quote: schedules each review just before you would forget

  - id: retrieval-practice-name
    type: type-in           # the learner types the answer
    front: "Which practice means recalling an answer from memory? (two words)"
    back: retrieval practice
    source:
      ref: flashcard-notes
      quote: Retrieval practice means recalling an answer from memory

  - id: spaced-repetition-gaps
    type: cloze             # one card per deletion number
    text: "The gaps between reviews {{c1::grow}} as a card becomes {{c2::familiar}}."
    extra: Reviews start a day apart.
    source:
      ref: flashcard-notes
      quote: the gaps grow as a card becomes familiar

  - id: good-card-asks-one-thing
    type: multiple-choice
    question: What makes a good flashcard?
    choices:
      - It asks one thing
      - It covers a whole chapter
      - It has several right answers
    answer: It asks one thing
    explanation: Short questions with one clear answer are easier to review and to fix.
    source:
      ref: flashcard-notes
      quote: A good card asks one thing ... easier to fix
"""

SOURCE = """\
# Notes on learning with flashcards

Retrieval practice means recalling an answer from memory instead of
rereading it. Each successful recall makes the memory easier to find the
next time.

Spaced repetition schedules each review just before you would forget:
reviews start a day apart, and the gaps grow as a card becomes familiar.

A good card asks one thing. Short questions with one clear answer are
easier to review and easier to fix.
"""

WORKFLOW = """\
# Check the deck on every push and pull request, build the Anki package,
# and keep it as an artifact of the run.
name: deck
on:
  push:
  pull_request:
jobs:
  deck:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install peerdeck
        run: python -m pip install "peerdeck==$version"
      - name: Check the deck
        run: peerdeck check --strict
      - name: Build the package (the committed peerdeck.lock must be current)
        run: peerdeck build --locked
      - uses: actions/upload-artifact@v4
        with:
          name: $deck_id
          path: $package
          if-no-files-found: error
"""
