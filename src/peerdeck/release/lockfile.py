"""The lock file's format: what it records, read with every value checked,
and written with one note per line.

A lock is edited by people and by merges, so reading it trusts nothing: a
value of the wrong type or out of range, a number JSON does not allow, or
nesting too deep to read is a reason to restore it, never a crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from .. import codes
from ..errors import UnsafeFile
from ..limits import LARGEST_ID, LATEST_EPOCH, LOCK_DEPTH, LOCK_FILE_BYTES
from ..model import NoteKind, TypeKey
from ..problems import Problem
from ..safefile import read_file

LOCK_NAME = "peerdeck.lock"
LOCK_FORMAT = 1
_KINDS = {kind.value: kind for kind in NoteKind}
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # a project's own note type
# The start of a note's line: its id, then its entry's first key.
_NOTE_LINE = re.compile(r'^([ \t]*)"([a-z0-9-]+)": \{"(?:clozes|deck)"', re.MULTILINE)
# The deck's key at the start of its line (a note's deck follows its id).
_DECK_LINE = re.compile(r'^([ \t]*)"deck":', re.MULTILINE)


class LockedNote(NamedTuple):
    """A released note as the lock records it (a named tuple: a lock has
    one per note, read and made in bulk)."""

    guid: str
    hash: str
    mod: int
    type: TypeKey  # a built-in NoteKind, or the key of the project's own type
    deck: str
    clozes: tuple[int, ...] = ()  # a cloze note's numbers, for its retirement notice


@dataclass(frozen=True)
class LockedNoteType:
    id: int
    name: str
    structure: str  # hash of field and template names, which Anki must see unchanged
    hash: str  # hash of everything shipped: also template HTML and stylesheet
    mod: int


@dataclass(frozen=True)
class Lock:
    deck: str  # the deck namespace the GUIDs were made from
    note_types: Mapping[TypeKey, LockedNoteType]
    notes: Mapping[str, LockedNote]
    version: str | None = None  # the last version ``peerdeck release`` made
    # Where each note's entry and the deck's key are in the file, to point at them.
    places: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)
    deck_place: tuple[int, int] = field(default=(1, 1), compare=False)
    # The file's text as read (None for a lock made here): the file is written
    # again only when a new lock's text differs, and read only once for that.
    text: str | None = field(default=None, compare=False, repr=False)


def read_lock(path: Path) -> tuple[Lock | None, list[Problem]]:
    """The lock at ``path``: None without problems when there is none yet."""
    try:
        data = read_file(path, LOCK_FILE_BYTES, path.parent.resolve())
        text = data.decode("utf-8")
    except FileNotFoundError:
        return None, []
    except UnsafeFile as exc:
        return None, [Problem(path, 1, 1, codes.LOCK_UNREADABLE, f"the lock file {exc}")]
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex()
        message = f"the lock file is not UTF-8 text (byte 0x{byte} cannot be decoded)"
        return None, [Problem(path, line, column, codes.LOCK_UNREADABLE, message)]
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, [
            Problem(path, 1, 1, codes.LOCK_UNREADABLE, f"cannot read the lock file: {reason}")
        ]
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_no_fraction)
    except json.JSONDecodeError as exc:
        return None, [_syntax_problem(path, text, exc)]
    except (ValueError, RecursionError) as exc:
        reason = "values nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return None, [_damaged(path, reason)]
    try:
        lock = _parse(data)
    except (KeyError, TypeError, ValueError) as exc:
        # Python before 3.13 stops at deep nesting while parsing JSON; say
        # the same of a lock parsed whole whatever the Python.
        deep = _deeper_than(text, LOCK_DEPTH)
        return None, [_damaged(path, "values nested too deeply" if deep else str(exc))]
    return replace(lock, places=_note_places(text), deck_place=_deck_place(text), text=text), []


def _note_places(text: str) -> dict[str, tuple[int, int]]:
    """Where each note's entry starts: its line and the column of its id."""
    places = {}
    number, counted = 1, 0
    for match in _NOTE_LINE.finditer(text):
        number += text.count("\n", counted, match.start())
        counted = match.start()
        places[match.group(2)] = (number, len(match.group(1)) + 1)
    return places


def _deck_place(text: str) -> tuple[int, int]:
    found = _DECK_LINE.search(text)
    if found is None:
        return 1, 1
    return text.count("\n", 0, found.start()) + 1, len(found.group(1)) + 1


def _syntax_problem(path: Path, text: str, exc: json.JSONDecodeError) -> Problem:
    conflict = re.search(r"^<<<<<<< ", text, re.MULTILINE)
    if conflict is not None:
        row = text.count("\n", 0, conflict.start()) + 1
        message = (
            "the lock file has an unresolved merge conflict: keep either side, then"
            " run peerdeck lock, which records every note that differs from it"
        )
        return Problem(path, row, 1, codes.LOCK_UNREADABLE, message)
    return Problem(
        path,
        exc.lineno,
        exc.colno,
        codes.LOCK_UNREADABLE,
        f"the lock file is not valid JSON: {exc.msg}",
    )


def _damaged(path: Path, reason: str) -> Problem:
    message = (
        f"the lock file is damaged ({reason}): restore it from version control, as"
        " it records when each note last changed"
    )
    return Problem(path, 1, 1, codes.LOCK_UNREADABLE, message)


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _deeper_than(text: str, most: int) -> bool:
    """Whether the JSON ``text`` nests arrays and objects more than ``most`` deep."""
    depth = 0
    for token in _STRING_OR_BRACKET.findall(text):
        if token in ("[", "{"):
            depth += 1
            if depth > most:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_fraction(written: str) -> object:
    raise ValueError(f"the number {_shown(written)} is not a whole number")


def _parse(data: object) -> Lock:
    """The lock ``data`` records, every value checked: a hand-edited lock
    gets a reason, never a crash later on."""
    if not isinstance(data, dict) or data.get("lock") != LOCK_FORMAT:
        raise ValueError(f'expected a JSON object with "lock": {LOCK_FORMAT}')
    note_types = {
        _kind(kind, f"note type {_shown(kind)}"): LockedNoteType(
            _whole(entry, "id", 1, LARGEST_ID, f"note type {_shown(kind)}"),
            _text(entry, "name", f"note type {_shown(kind)}"),
            _text(entry, "structure", f"note type {_shown(kind)}"),
            _text(entry, "hash", f"note type {_shown(kind)}"),
            _whole(entry, "mod", 0, LATEST_EPOCH, f"note type {_shown(kind)}"),
        )
        for kind, entry in _object(data, "note_types", "the lock").items()
    }
    notes = {}
    for note_id, entry in _object(data, "notes", "the lock").items():
        what = f"note {_shown(note_id)}"
        if not isinstance(entry, dict):
            raise ValueError(f"{what} must be a JSON object, not {_shown(entry)}")
        clozes = entry.get("clozes", [])
        if not isinstance(clozes, list):
            raise ValueError(f'{what}: "clozes" must be a list')
        notes[note_id] = LockedNote(
            _text(entry, "guid", what),
            _text(entry, "hash", what),
            _whole(entry, "mod", 0, LATEST_EPOCH, what),
            _kind(_text(entry, "type", what), what),
            _text(entry, "deck", what),
            tuple(_whole({"clozes": n}, "clozes", 1, LARGEST_ID, what) for n in clozes),
        )
    version = _text(data, "version", "the lock") if "version" in data else None
    return Lock(_text(data, "deck", "the lock"), note_types, notes, version)


def _object(entry: object, key: str, what: str) -> dict[str, object]:
    value = _value(entry, key, what)
    if not isinstance(value, dict):
        raise ValueError(f'{what}: "{key}" must be a JSON object, not {_shown(value)}')
    return value


def _text(entry: object, key: str, what: str) -> str:
    value = _value(entry, key, what)
    if not isinstance(value, str):
        raise ValueError(f'{what}: "{key}" must be text, not {_shown(value)}')
    return value


def _whole(entry: object, key: str, least: int, most: int, what: str) -> int:
    value = _value(entry, key, what)
    if type(value) is not int or not least <= value <= most:
        raise ValueError(
            f'{what}: "{key}" must be a whole number from {least} to {most}, not {_shown(value)}'
        )
    return value


def _kind(name: str, what: str) -> TypeKey:
    kind = _KINDS.get(name)
    if kind is not None:
        return kind
    if not _KEY.match(name):
        raise ValueError(f"{what}: unknown note type {_shown(name)}")
    return name


def _value(entry: object, key: str, what: str) -> object:
    if not isinstance(entry, dict):
        raise ValueError(f"{what} must be a JSON object, not {_shown(entry)}")
    if key not in entry:
        raise ValueError(f'{what} has no "{key}"')
    return entry[key]


def _shown(value: object) -> str:
    """A value as a message shows it: short, whatever was written."""
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def dumps(lock: Lock) -> str:
    """The lock as text: sorted keys, one note per line."""

    def line(value: object) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def block(entries: Mapping[str, object]) -> str:
        body = ",\n".join(
            f"    {line(key)}: {line(value)}" for key, value in sorted(entries.items())
        )
        return "{\n" + body + "\n  }" if entries else "{}"

    note_types = {
        str(kind): {
            "hash": t.hash,
            "id": t.id,
            "mod": t.mod,
            "name": t.name,
            "structure": t.structure,
        }
        for kind, t in lock.note_types.items()
    }
    lines = ",\n".join(
        f"    {line(key)}: {line(_note_entry(lock.notes[key]))}" for key in sorted(lock.notes)
    )
    notes = "{\n" + lines + "\n  }" if lines else "{}"
    return (
        "{\n"
        f'  "deck": {line(lock.deck)},\n'
        f'  "lock": {LOCK_FORMAT},\n'
        f'  "note_types": {block(note_types)},\n'
        f'  "notes": {notes}'
        + (f',\n  "version": {line(lock.version)}' if lock.version is not None else "")
        + "\n}\n"
    )


def _note_entry(note: LockedNote) -> dict[str, object]:
    entry: dict[str, object] = {
        "deck": note.deck,
        "guid": note.guid,
        "hash": note.hash,
        "mod": note.mod,
        "type": str(note.type),
    }
    if note.clozes:
        entry["clozes"] = list(note.clozes)
    return entry
