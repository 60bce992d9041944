"""Properties of valid deck projects, over projects Hypothesis makes up.

The strategy below only builds projects that are valid by the README's card
format: 1 to 4 card files of 1 to 6 notes of every type, with ids unique in
the project and field text mixing words, digits, punctuation, Markdown and
letters from any script. Every file is written with ``yaml.safe_dump``, so
its quoting is always right and the dumper's styles vary the layout. Then:

- such a project checks clean, and two builds give the same bytes;
- Anki imports exactly its notes and the cards their types make, none blank;
- GUIDs depend on the deck and note ids only: not on file or note order,
  and not on any field's text, although an edit does change the package.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from peerdeck import pipeline, render
from peerdeck.ids import guid_for_note
from peerdeck.package import PackageInfo
from peerdeck.settings import RunSettings

from helpers import HYPOTHESIS_SETTINGS as SETTINGS
from helpers import Learner, visible, write_project

DECK_ID = "test-deck"  # the id in helpers.DECK_YAML, which also declares source 'article'
TIMESTAMP = 1_700_000_000
KINDS = ("basic", "reversed", "type-in", "cloze", "multiple-choice")
CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")


# ---------------------------------------------------------------------------
# Field text. Words are always there, so a field is never blank once
# rendered; '<' and '[' come only inside whole fragments, so no text turns
# into HTML, an image or a link definition by accident.

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORD = st.text(LETTERS, min_size=1, max_size=8)
UNICODE_WORD = st.text(st.characters(categories=("Lu", "Ll", "Lo")), min_size=1, max_size=6)
NUMBER = st.integers(0, 10**6).map(str)
# Punctuation that cannot start emphasis, code, HTML, links or braces, so it
# can stand beside a cloze deletion without changing what the deletion holds.
CALM_PUNCTUATION = st.text(".,;:?!'\"()-/&%$#@+=^|~", min_size=1, max_size=3)
# Anything but '<', '[' and ']' (those could make HTML, images or hidden link
# definitions); '{{' and '}}' are filtered out of whole texts.
ANY_PUNCTUATION = st.text(".,;:?!'\"()-/%$#@+=^|~*_`\\{}", min_size=1, max_size=3)
MARKDOWN = st.one_of(
    WORD.map(lambda w: f"**{w}**"),
    WORD.map(lambda w: f"*{w}*"),
    WORD.map(lambda w: f"`{w}`"),
    WORD.map(lambda w: f"[{w}](https://example.org/{w.lower()})"),
    WORD.map(lambda w: f"<b>{w}</b>"),
    st.sampled_from(["Q&A", "this & that", "&amp;", "x<sup>2</sup>", "H<sub>2</sub>O"]),
)


@st.composite
def words_and_more(draw: st.DrawFn, extras: st.SearchStrategy[str], joiner: str) -> str:
    """At least one word, mixed with ``extras``, joined by ``joiner`` (or, when
    it is empty, by a space or nothing at random)."""
    parts = draw(st.lists(st.one_of(WORD, UNICODE_WORD, NUMBER, extras), max_size=6))
    parts.insert(draw(st.integers(0, len(parts))), draw(st.one_of(WORD, UNICODE_WORD)))
    if joiner:
        return joiner.join(parts)
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from([" ", " ", ""])) + part
    return text


def valid_field(text: str) -> bool:
    """No cloze syntax, and no image ('!' just before a link fragment)."""
    return "{{" not in text and "}}" not in text and "![" not in text


# Any field but a cloze note's text: Markdown of any kind, spaces around it.
FIELD_TEXT = st.builds(
    lambda lead, body, trail: lead + body + trail,
    st.sampled_from(["", "", "", " ", "- ", "# ", "1. "]),
    words_and_more(st.one_of(ANY_PUNCTUATION, MARKDOWN), joiner=""),
    st.sampled_from(["", "", " ", "  "]),
).filter(valid_field)

# Text beside and inside cloze deletions: whole Markdown fragments, set off by
# spaces, so no emphasis can cross the edge of a deletion. No ':' inside a
# deletion, where '::' starts the hint.
CLOZE_OUTSIDE = words_and_more(st.one_of(CALM_PUNCTUATION, MARKDOWN), joiner=" ")
CLOZE_INSIDE = words_and_more(
    st.one_of(CALM_PUNCTUATION.map(lambda p: p.replace(":", "")).filter(bool), MARKDOWN),
    joiner=" ",
)
CLOZE_HINT = words_and_more(st.nothing(), joiner=" ")


@st.composite
def cloze_texts(draw: st.DrawFn) -> str:
    """Text with 1 to 3 deletions numbered from c1 to c3 (gaps and repeats
    allowed), some with hints, between optional plain text."""
    numbers = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    pieces = [draw(st.one_of(st.just(""), CLOZE_OUTSIDE))]
    for number in numbers:
        hint = draw(st.none() | CLOZE_HINT)
        content = draw(CLOZE_INSIDE)
        pieces.append(f"{{{{c{number}::{content}{'' if hint is None else '::' + hint}}}}}")
        pieces.append(draw(st.one_of(st.just(""), CLOZE_OUTSIDE)))
    return " ".join(piece for piece in pieces if piece)


SLUG = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6), min_size=1, max_size=3
).map("-".join)
TAG = st.sampled_from(["alpha", "beta::gamma", "peer-support", "x_1", "level::two::three"])
DECK_PATH = st.lists(
    st.sampled_from(["Basics", "Trust", "Rapport", "Limits", "Exam"]), min_size=1, max_size=3
).map("::".join)

# ---------------------------------------------------------------------------
# Projects


@dataclass
class NoteSpec:
    id: str
    kind: str
    fields: dict[str, str | list[str]]
    extra: dict[str, Any] = field(default_factory=dict)  # tags, source, note

    @property
    def cards(self) -> int:
        if self.kind == "reversed":
            return 2
        if self.kind == "cloze":
            text = self.fields["text"]
            assert isinstance(text, str)
            return len(set(CLOZE_NUMBER.findall(text)))
        return 1

    def as_yaml(self, file_type: str | None) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": self.id}
        if self.kind != (file_type or "basic") or "type" in self.extra:
            entry["type"] = self.kind
        entry.update(self.fields)
        entry.update({k: v for k, v in self.extra.items() if k != "type"})
        return entry


@dataclass
class CardFile:
    name: str
    notes: list[NoteSpec]
    header: dict[str, Any]  # deck, tags, type
    dump: dict[str, Any]  # yaml.safe_dump options

    def text(self) -> str:
        kind = self.header.get("type")
        document = {**self.header, "notes": [note.as_yaml(kind) for note in self.notes]}
        return str(yaml.safe_dump(document, sort_keys=False, **self.dump))


@dataclass
class Project:
    files: list[CardFile]

    @property
    def notes(self) -> list[NoteSpec]:
        """Every note in build order: files by name, notes in file order."""
        return [note for f in sorted(self.files, key=lambda f: f.name) for note in f.notes]

    @property
    def guids(self) -> set[str]:
        return {guid_for_note(DECK_ID, note.id) for note in self.notes}

    def write(self, root: Path) -> Path:
        files: dict[str, str | bytes] = {f.name: f.text().encode() for f in self.files}
        return write_project(root, files)


@st.composite
def note_fields(draw: st.DrawFn, kind: str) -> dict[str, str | list[str]]:
    if kind == "cloze":
        fields: dict[str, str | list[str]] = {"text": draw(cloze_texts())}
        if draw(st.booleans()):
            fields["extra"] = draw(FIELD_TEXT)
        return fields
    if kind == "multiple-choice":
        choices = draw(st.lists(FIELD_TEXT, min_size=2, max_size=6, unique_by=str.strip))
        fields = {"question": draw(FIELD_TEXT), "choices": choices}
        fields["answer"] = draw(st.sampled_from(choices))
        if draw(st.booleans()):
            fields["explanation"] = draw(FIELD_TEXT)
        return fields
    return {"front": draw(FIELD_TEXT), "back": draw(FIELD_TEXT)}


@st.composite
def notes(draw: st.DrawFn, note_id: str) -> NoteSpec:
    kind = draw(st.sampled_from(KINDS))
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["type"] = kind  # written even when it is the file's default
    if draw(st.booleans()):
        extra["tags"] = draw(st.lists(TAG, max_size=3))
    if draw(st.booleans()):
        source: dict[str, str] = {"ref": "article"}
        if draw(st.booleans()):
            source["quote"] = draw(words_and_more(CALM_PUNCTUATION, joiner=" "))
        extra["source"] = source
    if draw(st.booleans()):
        extra["note"] = draw(words_and_more(ANY_PUNCTUATION, joiner=" "))
    return NoteSpec(note_id, kind, draw(note_fields(kind)), extra)


DUMP_STYLES = st.fixed_dictionaries(
    {
        "allow_unicode": st.booleans(),
        "width": st.sampled_from([30, 80, 10_000]),
        "default_flow_style": st.sampled_from([False, None]),
        "indent": st.sampled_from([2, 4]),
    }
)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    sizes = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
    ids = draw(st.lists(SLUG, min_size=sum(sizes), max_size=sum(sizes), unique=True))
    files = []
    for index, size in enumerate(sizes):
        header: dict[str, Any] = {}
        if draw(st.booleans()):
            header["deck"] = draw(DECK_PATH)
        if draw(st.booleans()):
            header["tags"] = draw(st.lists(TAG, min_size=1, max_size=2))
        if draw(st.booleans()):
            header["type"] = draw(st.sampled_from(KINDS))
        taken, ids = ids[:size], ids[size:]
        file_notes = [draw(notes(note_id)) for note_id in taken]
        files.append(CardFile(f"f{index}.yaml", file_notes, header, draw(DUMP_STYLES)))
    return Project(files)


# ---------------------------------------------------------------------------
# Building and reading packages back


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A fresh folder per example (pytest's tmp_path lasts the whole test)."""
    with tempfile.TemporaryDirectory(prefix="peerdeck-prop-") as work:
        yield Path(work)


def build(root: Path, output: Path) -> PackageInfo:
    built = pipeline.build(RunSettings(root, output=output, timestamp=TIMESTAMP))
    assert built.loaded.problems == []
    assert built.package is not None
    return built.package


def packaged_notes(package: Path) -> dict[str, tuple[str, str]]:
    """GUID -> (fields, tags) of every note in the package's collection."""
    with workspace() as work, zipfile.ZipFile(package) as archive:
        database = work / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
        with contextlib.closing(sqlite3.connect(database)) as connection:
            rows = connection.execute("select guid, flds, tags from notes").fetchall()
    found = {str(guid): (str(flds), str(tags)) for guid, flds, tags in rows}
    assert len(found) == len(rows), "two notes share a GUID"
    return found


# ---------------------------------------------------------------------------
# Properties


@settings(max_examples=40, **SETTINGS)
@given(projects())
def test_valid_projects_check_clean_and_build_the_same_bytes_twice(project: Project) -> None:
    with workspace() as work:
        root = project.write(work / "cards")
        loaded = pipeline.check(RunSettings(root))
        assert loaded.problems == []
        assert loaded.deck is not None
        assert [note.id for note in loaded.deck.notes] == [note.id for note in project.notes]

        first = build(root, work / "first.apkg")
        second = build(root, work / "second.apkg")
        assert first.sha256 == second.sha256
        assert first.path.read_bytes() == second.path.read_bytes()
        assert first.notes == len(project.notes)
        assert first.cards == sum(note.cards for note in project.notes)
        assert set(packaged_notes(first.path)) == project.guids


@settings(max_examples=15, **SETTINGS)
@given(projects())
def test_anki_imports_every_note_and_card_and_none_is_blank(project: Project) -> None:
    with workspace() as work:
        package = build(project.write(work / "cards"), work / "deck.apkg")
        learner = Learner.open(work / "anki")
        try:
            learner.import_package(package.path)
            assert learner.col.note_count() == len(project.notes)
            assert learner.col.card_count() == sum(note.cards for note in project.notes)
            assert set(learner.notes_by_guid()) == project.guids
            for card in learner.cards():
                assert visible(card.question()), card.question()
                assert visible(card.answer()), card.answer()
        finally:
            learner.close()


@st.composite
def reorderings(draw: st.DrawFn) -> tuple[Project, Project]:
    """A project, and the same project with its files renamed so that they
    sort in another order and the notes of each file shuffled."""
    project = draw(projects())
    names = draw(st.permutations([f.name for f in project.files]))
    moved = [
        replace(f, name=name, notes=draw(st.permutations(f.notes)))
        for f, name in zip(project.files, names, strict=True)
    ]
    return project, Project(moved)


@settings(max_examples=30, **SETTINGS)
@given(reorderings())
def test_file_and_note_order_change_no_guid(pair: tuple[Project, Project]) -> None:
    before, after = pair
    with workspace() as work:
        first = build(before.write(work / "before"), work / "before.apkg")
        second = build(after.write(work / "after"), work / "after.apkg")
        old, new = packaged_notes(first.path), packaged_notes(second.path)
    expected = {guid_for_note(DECK_ID, note.id) for note in before.notes}
    assert set(old) == set(new) == expected
    assert old == new  # every GUID still carries the same fields and tags


@dataclass
class Edit:
    project: Project
    note_id: str
    describe: str


def edited(project: Project, note_id: str, change: Callable[[NoteSpec], NoteSpec]) -> Project:
    return Project(
        [
            replace(f, notes=[change(n) if n.id == note_id else n for n in f.notes])
            for f in project.files
        ]
    )


def differs(old: object, new: str) -> bool:
    """True when ``new`` ships differently from ``old`` (None: no field)."""
    return not isinstance(old, str) or render.to_html(old) != render.to_html(new)


@st.composite
def edits(draw: st.DrawFn) -> tuple[Project, Edit]:
    """A project, and the same project with one field of one note rewritten
    into other valid text that renders differently."""
    project = draw(projects())
    note = draw(st.sampled_from(project.notes))
    fields = dict(note.fields)
    if note.kind == "cloze":
        name = draw(st.sampled_from(["text", "extra"]))
        text = draw(cloze_texts() if name == "text" else FIELD_TEXT)
        assume(differs(fields.get(name), text))
        fields[name] = text
    elif note.kind == "multiple-choice":
        name = draw(st.sampled_from(["question", "explanation", "choices"]))
        text = draw(FIELD_TEXT)
        if name == "choices":
            choices = list(fields["choices"])
            index = draw(st.integers(0, len(choices) - 1))
            others = {c.strip() for i, c in enumerate(choices) if i != index}
            assume(text.strip() not in others and differs(choices[index], text))
            if fields["answer"] == choices[index]:
                fields["answer"] = text
            choices[index] = text
            fields["choices"] = choices
            name = f"choices[{index}]"
        else:
            assume(differs(fields.get(name), text))
            fields[name] = text
    else:
        name = draw(st.sampled_from(["front", "back"]))
        text = draw(FIELD_TEXT)
        assume(differs(fields[name], text))
        fields[name] = text
    changed = edited(project, note.id, lambda n: replace(n, fields=fields))
    return project, Edit(changed, note.id, f"{note.kind} note {note.id!r}: {name} = {text!r}")


@settings(max_examples=30, **SETTINGS)
@given(edits())
def test_editing_a_field_changes_the_package_but_no_guid(pair: tuple[Project, Edit]) -> None:
    project, edit = pair
    with workspace() as work:
        first = build(project.write(work / "before"), work / "before.apkg")
        second = build(edit.project.write(work / "after"), work / "after.apkg")
        old, new = packaged_notes(first.path), packaged_notes(second.path)
    assert set(old) == set(new) == project.guids
    assert first.sha256 != second.sha256, edit.describe
    target = guid_for_note(DECK_ID, edit.note_id)
    assert old[target] != new[target], edit.describe
    assert {g: v for g, v in old.items() if g != target} == {
        g: v for g, v in new.items() if g != target
    }
