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

from . import __version__, json_schema
from .destination import DEFAULT_OUTPUT_DIR
from .errors import BadDeckName, ProjectExists
from .project import DECK_FILE, DEFAULT_PROJECT
from .release.publish import DEFAULT_DIR as RELEASE_DIR
from .source import CONTROL_CHARACTER

GITIGNORE = Path(".gitignore")
SCHEMAS = Path("schemas")


@dataclass(frozen=True)
class Install:
    """How the workflows install peerdeck, and why, when it is a guess."""

    spec: str
    caution: str | None = None


@dataclass(frozen=True)
class Created:
    root: Path
    name: str
    deck_id: str
    files: tuple[Path, ...]  # written
    appended: tuple[Path, ...] = ()  # existing files init added lines to
    left_alone: tuple[Path, ...] = ()  # existing files whose content differs
    install: Install = Install("")


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


def create(root: Path, name: str | None = None, install: str | None = None) -> Created:
    """Write a new project at ``root``, which may be an existing repository:
    raise ``ProjectExists`` (writing nothing) when it already has a deck.
    An existing ``.gitignore`` gets the lines it lacks; any other existing
    file is left alone. ``install`` is the pip requirement the workflows
    install peerdeck with (default: where this peerdeck came from)."""
    name = (name if name is not None else name_for(root)).strip()
    if not name:
        raise BadDeckName("the deck name is empty")
    if CONTROL_CHARACTER.search(name):
        raise BadDeckName(f"the deck name {name!r} holds a control character")
    _refuse_a_second_deck(root)
    deck_id = deck_id_for(name)
    chosen = Install(install) if install else install_spec()
    written, appended, left_alone = [], [], []
    for relative, text in _files(name, deck_id, chosen.spec).items():
        path = root / relative
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as out:  # never replace a file
                out.write(text)
            written.append(path)
        elif relative == GITIGNORE:
            if _append_lines(path, text):
                appended.append(path)
        elif not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            left_alone.append(path)
    return Created(root, name, deck_id, tuple(written), tuple(appended), tuple(left_alone), chosen)


def install_spec() -> Install:
    """Where the running peerdeck came from, as a pip requirement: the VCS
    URL and commit that pip recorded (``direct_url.json``, PEP 610), an
    archive URL, or else this version from the package index."""
    from importlib import metadata  # here: slow to import, and only init needs it

    try:
        recorded = metadata.distribution("peerdeck").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    index = Install(f"peerdeck=={__version__}")
    if not recorded:
        return index
    try:
        origin = json.loads(recorded)
        url = str(origin["url"])
    except (ValueError, KeyError, TypeError):
        return index
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        return Install(f"peerdeck @ {vcs['vcs']}+{url}@{vcs['commit_id']}")
    if url.startswith(("https://", "http://")):
        return Install(f"peerdeck @ {url}")
    return Install(
        index.spec,
        f"this peerdeck was installed from {url}, which CI cannot reach: the workflows"
        f" install {index.spec} from the package index; choose another with --install",
    )


def _refuse_a_second_deck(root: Path) -> None:
    for deck_file in (root / DECK_FILE, root / DEFAULT_PROJECT / DECK_FILE):
        if deck_file.exists():
            raise ProjectExists(f"{deck_file} exists: {root} is already a deck project")
    if root.exists() and not root.is_dir():
        raise ProjectExists(f"{root} exists and is not a folder")


def _append_lines(path: Path, text: str) -> bool:
    """Add to the file at ``path`` the lines of ``text`` it lacks."""
    current = path.read_text(encoding="utf-8")
    have = {line.strip() for line in current.splitlines()}
    missing = [line for line in text.splitlines() if line.strip() not in have]
    if not missing:
        return False
    separator = "" if not current or current.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(separator + "\n".join(missing) + "\n")
    return True


def _files(name: str, deck_id: str, install: str) -> dict[Path, str]:
    values = {
        "name": json.dumps(name, ensure_ascii=False),  # a JSON string is a YAML string
        "deck_id": deck_id,
        "install": json.dumps(install),
        "package": (DEFAULT_OUTPUT_DIR / f"{deck_id}.apkg").as_posix(),
        "release_dir": RELEASE_DIR.as_posix(),
    }
    workflows = Path(".github") / "workflows"
    return {
        DEFAULT_PROJECT / DECK_FILE: _modeline("deck") + Template(DECK).substitute(values),
        DEFAULT_PROJECT / "10-examples.yaml": _modeline("card") + EXAMPLES,
        SCHEMAS / "card.schema.json": _schema("card"),
        SCHEMAS / "deck.schema.json": _schema("deck"),
        Path("sources") / "flashcards.md": SOURCE,
        GITIGNORE: f"{DEFAULT_OUTPUT_DIR}/\n{RELEASE_DIR}/\n.venv/\n",
        workflows / "deck.yml": Template(WORKFLOW).substitute(values),
        workflows / "release.yml": Template(RELEASE_WORKFLOW).substitute(values),
    }


def _modeline(kind: str) -> str:
    """The first line that points yaml-language-server at the schema."""
    return f"# yaml-language-server: $schema=../{SCHEMAS.as_posix()}/{kind}.schema.json\n"


def _schema(kind: str) -> str:
    return json.dumps(json_schema.SCHEMAS[kind](), indent=2, ensure_ascii=False) + "\n"


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
        run: python -m pip install $install
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

RELEASE_WORKFLOW = """\
# On a version tag (v1.2.0), check the deck strictly and publish a GitHub
# release with the package, its release notes and SHA256SUMS. The notes
# compare with the previous version tag, if there is one.
name: release
on:
  push:
    tags: ["v[0-9]*.[0-9]*.[0-9]*"]
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the previous tag, for the release notes
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install peerdeck
        run: python -m pip install $install
      - name: Write the release
        run: |
          previous=$$(git describe --tags --abbrev=0 --match 'v[0-9]*' \\
            "$$GITHUB_REF_NAME^" 2>/dev/null || true)
          peerdeck release --version "$${GITHUB_REF_NAME#v}" $${previous:+--since "$$previous"}
      - name: Publish it
        env:
          GH_TOKEN: $${{ github.token }}
        run: >
          gh release create "$$GITHUB_REF_NAME" $release_dir/*
          --title "$deck_id $${GITHUB_REF_NAME#v}"
          --notes-file "$release_dir/$deck_id-$${GITHUB_REF_NAME#v}.md"
"""
