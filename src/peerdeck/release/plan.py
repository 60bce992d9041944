"""The lock file: what every released note and note type was, and since when.

Anki updates a learner's copy of a note only when the package's modification
time for it is newer than theirs, and then overwrites the whole note. So a
note's time must move when its content changes and only then: an unchanged
note keeps its old time, and a learner's own edit of it survives the next
release. ``peerdeck.lock`` remembers, per note id, the GUID, a hash of the
content shipped and the time that content was first shipped, and the same
for each note type. It is JSON with one note per line, sorted, so a
release's diff shows exactly which notes changed.

Planning a release compares the deck with the lock. Some differences just
need recording (a new or edited note); others would cost learners and are
refused: a released note that vanished without being retired, a retired id
used again, a changed deck namespace, a note type whose field or template
names changed under the same id, a note moved to another note type.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Set
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import codes
from ..anki_template import cloze_fields
from ..cloze import cloze_numbers
from ..ids import guid_for_note
from ..model import RETIRED_TAG, Deck, Location, Note, Retirement, TypeKey
from ..notetypes import NOTE_TYPES, NoteType, anki_fields, type_of
from ..problems import Problem
from .lockfile import LOCK_NAME, Lock, LockedNote, LockedNoteType
from .notice import retirement_notice


@dataclass
class Release:
    """What a build ships and records, and what it found wrong."""

    deck: Deck  # the live notes followed by the retired notes' notices
    lock: Lock  # the lock this release writes
    mods: dict[str, int]  # each shipped note's modification time
    fields: dict[str, list[str]]  # each shipped note's fields, as Anki gets them
    timestamp: int  # the package's own time: the newest in the lock
    stale: list[Problem]  # how the existing lock differs from this release (PD020)
    problems: list[Problem]  # what would cost learners: refused in any mode
    recorded: str | None = None  # the lock file's text as read; None: there was none


def plan(deck: Deck, lock: Lock | None, lock_path: Path, now: int) -> Release:
    """This release of ``deck`` against the last one recorded in ``lock``.
    Changed content is stamped ``now``, or one second after its previous time
    if that is not earlier, so that Anki always sees the update as newer."""
    planner = _Planner(deck, lock, lock_path, now)
    return replace(planner.run(), recorded=lock.text if lock is not None else None)


def note_hash(note: Note, type_id: int, fields: list[str] | None = None) -> str:
    """A hash of what Anki receives for ``note``: note type, deck, tags,
    fields (its ``anki_fields``, computed unless given)."""
    shipped = anki_fields(note) if fields is None else fields
    return _hash([type_id, note.deck, list(note.tags), shipped])


def note_type_hashes(kind_type: NoteType) -> tuple[str, str]:
    """(structure, everything): the first changes only with names."""
    names = [kind_type.is_cloze, kind_type.fields, [t.name for t in kind_type.templates]]
    full: list[object] = [names, [[t.front, t.back] for t in kind_type.templates], kind_type.css]
    if kind_type.custom:  # what else a project's own type ships (the built-ins fix it)
        ids = [list(kind_type.field_ids), [t.id for t in kind_type.templates]]
        full.append([kind_type.sort_field, ids, sorted(kind_type.html_fields)])
    return _hash(names), _hash(full)


def _hash(value: object) -> str:
    """What the lock records of a value: a hash of its compact JSON."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(compact.encode()).hexdigest()[:20]


@dataclass
class _Planner:
    deck: Deck
    lock: Lock | None
    lock_path: Path
    now: int
    stale: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def run(self) -> Release:
        deck = self.deck
        self._check_deck_id()
        live = {note.id: note for note in deck.notes}
        retired_by_id = {r.id: r for r in deck.retired}
        self._check_reused_ids(retired_by_id)
        shipped = list(deck.notes)
        for retirement in deck.retired:
            notice = self._notice(retirement)
            if notice is not None and retirement.id not in live:
                shipped.append(notice)
        notes = self._vanished(live.keys() | retired_by_id.keys())
        note_types = self._note_types({note.kind for note in shipped})
        mods: dict[str, int] = {}
        shipped_fields: dict[str, list[str]] = {}
        for note in shipped:
            fields = shipped_fields[note.id] = anki_fields(note)
            notes[note.id] = self._locked(note, note_types[note.kind].id, fields)
            mods[note.id] = notes[note.id].mod
        lock = self.lock
        new_lock = Lock(deck.id, note_types, notes, lock.version if lock is not None else None)
        times = [t.mod for t in note_types.values()] + list(mods.values())
        return Release(
            deck=replace(deck, notes=tuple(shipped)),
            lock=new_lock,
            mods=mods,
            fields=shipped_fields,
            timestamp=max(times, default=self.now),
            stale=sorted(self.stale),
            problems=sorted(self.problems),
        )

    def _check_deck_id(self) -> None:
        """Refuse a lock of another deck id, and plan as if there were none."""
        deck, lock = self.deck, self.lock
        if lock is not None and lock.deck != deck.id:
            self.problems.append(
                Problem(
                    self.lock_path,
                    *lock.deck_place,
                    codes.DECK_ID_CHANGED,
                    f"the lock was written for deck id '{lock.deck}' but deck.yaml says"
                    f" '{deck.id}': a new id gives every note a new GUID, so learners would"
                    " get a second copy of every note. Put the id back, or delete"
                    f" {LOCK_NAME} to start a new deck",
                )
            )
            self.lock = None

    def _check_reused_ids(self, retired_by_id: dict[str, Retirement]) -> None:
        for note in self.deck.notes:
            if note.id in retired_by_id:
                where = retired_by_id[note.id].location
                self._refuse(
                    note.location,
                    codes.RETIRED_ID_MISUSED,
                    f"note id '{note.id}' was retired ({_at(where)}): a retired id is never"
                    " used again, or learners' old copies would come back as this note;"
                    " choose a new id",
                )

    def _vanished(self, known: Set[str]) -> dict[str, LockedNote]:
        """Refuse each released note that is neither in the sources nor
        retired, keeping its record until it is retired."""
        lock = self.lock
        notes: dict[str, LockedNote] = {}
        if lock is not None:
            for note_id in sorted(lock.notes.keys() - known):
                line, column = lock.places.get(note_id, (1, 1))
                self._refuse(
                    Location(self.lock_path, line, column),
                    codes.NOTE_REMOVED,
                    f"note '{note_id}' was released but is no longer in the sources: Anki"
                    " never deletes notes on import, so learners would keep it without a"
                    " word. Restore it, or retire it in deck.yaml: retired: [{id:"
                    f" {note_id}, reason: ...}}]",
                )
                notes[note_id] = lock.notes[note_id]  # keep its record until it is retired
        return notes

    def _locked(self, note: Note, type_id: int, fields: list[str]) -> LockedNote:
        """What the lock records of a shipped note: its time moves only when
        its content changed."""
        digest = note_hash(note, type_id, fields)
        retired = RETIRED_TAG in note.tags
        previous = self.lock.notes.get(note.id) if self.lock is not None else None
        if previous is not None and previous.type != note.kind:
            self._refuse(
                note.location,
                codes.RETIRED_ID_MISUSED,
                f"note '{note.id}' was released as {previous.type} and is now"
                f" {note.kind}: Anki does not change a learner's note to another note"
                " type, so this edit would never reach them. Give the new note a new id"
                " and retire this one",
            )
        if previous is not None and previous.hash == digest:
            mod = previous.mod  # unchanged: most notes of a release
        else:
            mod = self._changed(note, previous, retired)
        kind_type = type_of(self.deck, note.kind)
        clozes = (
            tuple(sorted(cloze_numbers(_cloze_text(note, kind_type))))
            if kind_type.is_cloze and not retired
            else previous.clozes
            if previous is not None
            else ()
        )
        deck_name = previous.deck if retired and previous is not None else note.deck
        # A recorded GUID stays the note's GUID: an imported note keeps the
        # one its learners have.
        guid = previous.guid if previous is not None else guid_for_note(self.deck.id, note.id)
        return LockedNote(guid, digest, mod, note.kind, deck_name, clozes)

    def _changed(self, note: Note, previous: LockedNote | None, retired: bool) -> int:
        """The new time of a note whose content changed, noted as stale."""
        if previous is None:
            what = "is new since"
        elif retired:
            what = "was retired after"
        else:
            what = "changed after"
        self.stale.append(
            Problem(
                note.location.path,
                note.location.line,
                note.location.column,
                codes.LOCK_BEHIND,
                f"note '{note.id}' {what} {LOCK_NAME} was written",
            )
        )
        return self.now if previous is None else max(self.now, previous.mod + 1)

    def _note_types(self, kinds: set[TypeKey]) -> dict[TypeKey, LockedNoteType]:
        locked = self.lock.note_types if self.lock is not None else {}
        result = {}
        for kind in sorted(kinds):
            version = self.deck.versions.get(kind, 1)
            current = type_of(self.deck, kind)
            structure, digest = note_type_hashes(current)
            previous = locked.get(kind)
            mod = self.now
            if previous is not None and previous.id == current.id:
                if previous.structure != structure:
                    self._refuse(
                        Location(self.deck.root / "deck.yaml", 1, 1),
                        codes.NOTE_TYPE_RENAMED,
                        f"note type '{current.name}' changed its field or template names"
                        " since the last release: under the same id Anki would copy it as"
                        f" '{current.name}+' and stop updating learners' notes. Bump its"
                        f" version in deck.yaml (note_types: {{{kind}: {version + 1}}})"
                        " and tell learners in the release notes",
                    )
                unchanged = previous.hash == digest
                mod = previous.mod if unchanged else max(self.now, previous.mod + 1)
            if previous is None or previous.id != current.id or previous.hash != digest:
                self.stale.append(
                    Problem(
                        self.deck.root / "deck.yaml",
                        1,
                        1,
                        codes.LOCK_BEHIND,
                        f"note type '{current.name}' changed after {LOCK_NAME} was written",
                    )
                )
            result[kind] = LockedNoteType(current.id, current.name, structure, digest, mod)
        return result

    def _notice(self, retirement: Retirement) -> Note | None:
        """The note that ships in a retired note's place: same GUID and note
        type, a notice for fields, the tag, and (in the package) suspended cards."""
        previous = self.lock.notes.get(retirement.id) if self.lock is not None else None
        if previous is None:
            self._refuse(
                retirement.location,
                codes.RETIRED_ID_MISUSED,
                f"note '{retirement.id}' was never released ({LOCK_NAME} has no record of"
                " it), so there is nothing to retire: remove it from 'retired'",
            )
            return None
        if previous.type not in NOTE_TYPES and previous.type not in self.deck.custom_types:
            self._refuse(
                retirement.location,
                codes.RETIRED_ID_MISUSED,
                f"note '{retirement.id}' was released as a '{previous.type}' note, and the"
                f" project no longer has that note type: restore note-types/{previous.type}/"
                " so that the note's retirement notice can ship",
            )
            return None
        return retirement_notice(retirement, previous, type_of(self.deck, previous.type))

    def _refuse(self, where: Location, code: str, message: str) -> None:
        self.problems.append(Problem(where.path, where.line, where.column, code, message))


def _cloze_text(note: Note, kind_type: NoteType) -> str:
    """The text a cloze note's cards come from: its cloze fields."""
    if not kind_type.custom:
        return str(note.fields.get("text", ""))
    return "\n".join(str(note.fields.get(name, "")) for name in cloze_fields(kind_type))


def _at(where: Location) -> str:
    return f"{where.path.name} line {where.line}"
