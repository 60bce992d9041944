"""The preview site: every note's cards, its problems, and the page that
shows them, written as one folder that replaces the last one whole.

The project is read as ``peerdeck lint`` reads it. When it is valid, the
notes are those a build ships (retired notes as the notices that replace
them); when it has errors, every note that could be read. Each problem is
shown beside the note whose lines it points into; the others at the top.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import codes, pipeline
from ..errors import WriteFailed
from ..model import RETIRED_TAG, Deck, MediaFile, Note, TypeKey
from ..notetypes import CSS, NoteType, anki_fields, find_type
from ..outputs import replaced_folder
from ..problems import Problem
from ..settings import RunSettings
from ..source import SourceFile
from .cards import Placement, render_cards
from .dress import dress
from .page import MEDIA_FOLDER, page
from .text import strip_html

DEFAULT_OUTPUT = Path("build") / "preview"
# Marks a folder as a preview, which a new preview may replace.
SITE_MARK = ".peerdeck-preview"


@dataclass
class Preview:
    """What ``preview`` read and wrote: the project as loaded (its
    problems), the site's folder when it was written, and its counts."""

    loaded: pipeline.Loaded
    path: Path | None = None
    notes: int = 0
    cards: int = 0


@dataclass(frozen=True)
class Shown:
    """One note as the page shows it."""

    note: Note
    note_type: NoteType
    css: str
    values: list[str]


def preview(root: Path, output: Path | None = None) -> Preview:
    """Read the project at ``root`` and write its preview to ``output``
    (default ``build/preview``), even when the project has errors. A
    refused or failed write is a problem of the result."""
    target = output if output is not None else DEFAULT_OUTPUT
    built = pipeline.prepare(RunSettings(root, all_rules=True))
    loaded = built.loaded
    deck = built.release.deck if built.release is not None else loaded.deck
    notes = deck.notes if deck is not None else tuple(loaded.notes)
    media = deck.media if deck is not None else loaded.media
    types = (deck.custom_types, deck.versions) if deck else (loaded.custom_types, loaded.versions)
    title = deck.name if deck is not None else _title(root, notes)
    result = Preview(loaded, notes=len(notes))
    refused = refusal(target, root)
    if refused is not None:
        loaded.stop(Problem(target, 1, 1, codes.OUTPUT_REFUSED, refused))
        return result
    shown = [_shown(note, *types) for note in notes]
    data, result.cards = site_data(title, shown, loaded.problems, loaded.sources, root)
    data["descriptions"] = _descriptions(deck) if deck is not None else {}
    try:
        result.path = write_site(target, page(title, data), media)
    except WriteFailed as exc:
        message = f"cannot write the preview: {exc.reason}"
        loaded.stop(Problem(target, 1, 1, codes.CANNOT_WRITE, message))
    return result


def _descriptions(deck: Deck) -> dict[str, str]:
    """Each deck's description as Anki shows it on the deck's overview, by name."""
    described = {name: subdeck.html for name, subdeck in deck.subdecks.items()}
    if deck.description_html:
        described[deck.name] = deck.description_html
    return described


def _title(root: Path, notes: Sequence[Note]) -> str:
    return notes[0].deck.split("::")[0] if notes else root.resolve().name


def _shown(
    note: Note, custom_types: Mapping[TypeKey, NoteType], versions: Mapping[TypeKey, int]
) -> Shown:
    """The note's type, its stylesheet and its fields as Anki gets them: the
    one place the preview asks which note type a note is (everything after
    renders any note type alike)."""
    kind = find_type(note.kind, custom_types, versions)
    return Shown(note, kind, kind.css or CSS, anki_fields(note))


def refusal(target: Path, root: Path) -> str | None:
    """Why ``target`` must not be replaced by a preview, or None."""
    where, project = target.resolve(), root.resolve()
    if where == project or where in project.parents:
        return (
            "the preview would replace the project's folder: write it elsewhere (-o build/preview)"
        )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return "the preview's folder exists and is not a folder: write it elsewhere"
    if target.is_dir() and not (target / SITE_MARK).exists() and any(target.iterdir()):
        return (
            "the folder exists and holds something other than a preview: write the"
            " preview elsewhere, or empty it"
        )
    return None


def site_data(
    title: str,
    shown: Sequence[Shown],
    problems: Sequence[Problem],
    sources: Mapping[Path, SourceFile],
    root: Path,
) -> tuple[dict[str, object], int]:
    """The page's data (JSON) and the number of cards."""
    placed = _place_problems([item.note for item in shown], problems, sources)
    styles: dict[str, int] = {}
    notes, cards = [], 0
    for index, item in enumerate(shown):
        entry = _note_data(item, placed.get(index, []), root)
        entry["s"] = styles.setdefault(item.css, len(styles))
        cards += len(entry["c"])  # type: ignore[arg-type]
        notes.append(entry)
    loose = [_problem_data(p, root) for p in placed.get(-1, [])]
    data: dict[str, object] = {
        "title": title,
        "styles": list(styles),
        "notes": notes,
        "problems": loose,
    }
    return data, cards


def _note_data(item: Shown, problems: list[Problem], root: Path) -> dict[str, object]:
    note, values = item.note, item.values
    fields = dict(zip(item.note_type.fields, values, strict=False))
    cards = [
        [
            card.name,
            dress(card.question, fields, card.ordinal, question=True),
            dress(card.answer, fields, card.ordinal, question=False),
            card.ordinal,
        ]
        for card in render_cards(item.note_type, values, Placement(note.deck, note.tags))
    ]
    return {
        "i": note.id,
        "d": note.deck,
        "t": list(note.tags),
        "k": item.note_type.name,
        "r": RETIRED_TAG in note.tags,
        "f": f"{_relative(note.location.path, root)}:{note.location.line}",
        "p": [_problem_data(p, root) for p in problems],
        "c": cards,
        "x": " ".join(strip_html(value) for value in values).lower(),
    }


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _problem_data(problem: Problem, root: Path) -> dict[str, object]:
    return {
        "at": f"{_relative(problem.path, root)}:{problem.line}:{problem.column}",
        "code": problem.code,
        "severity": str(problem.severity),
        "message": problem.message,
    }


def _place_problems(
    notes: Sequence[Note], problems: Sequence[Problem], sources: Mapping[Path, SourceFile]
) -> dict[int, list[Problem]]:
    """Each problem by the index of the note whose list item holds its line,
    or -1 (outside any note, or in a note that could not be read)."""
    items: dict[Path, list[tuple[int, int]]] = {}  # per file: (first line, note index or -1)
    for index, note in enumerate(notes):
        items.setdefault(note.location.path, []).append((note.location.line, index))
    for path, entries in items.items():
        read = {line for line, _ in entries}
        column = notes[entries[0][1]].location.column
        source = sources.get(path)
        others = _item_lines(source.text, column) - read if source is not None else set()
        entries += [(line, -1) for line in others]
        entries.sort()
    placed: dict[int, list[Problem]] = {}
    for problem in problems:
        entries = items.get(problem.path, [])
        position = bisect.bisect_right(entries, (problem.line, len(notes))) - 1
        index = entries[position][1] if position >= 0 else -1
        placed.setdefault(index, []).append(problem)
    return placed


def _item_lines(text: str, column: int) -> set[int]:
    """The lines where a list item of notes starts: ``- `` right before the
    column their first key is at."""
    dash = column - 3
    return {
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if dash >= 0 and line[dash : dash + 2] == "- " and not line[:dash].strip()
    }


def write_site(target: Path, index_html: str, media: Sequence[MediaFile]) -> Path:
    """Write the site into ``target``, replacing the last one whole."""
    with replaced_folder(target) as folder:
        try:
            (folder / "index.html").write_text(index_html, encoding="utf-8")
            (folder / SITE_MARK).write_text("written by peerdeck preview\n", encoding="utf-8")
            files = folder / MEDIA_FOLDER
            files.mkdir()
            for item in media:
                (files / item.name).write_bytes(item.data)
        except OSError as exc:
            raise WriteFailed(target, exc.strerror or str(exc)) from None
    return target
