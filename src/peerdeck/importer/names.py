"""Readable, unique names for what an imported deck becomes: the deck id,
note ids, note type keys, card file names and media file names.

Every name is a slug (lowercase ASCII letters, digits, single ``-``) made
from what the author wrote, so a project reads like one written by hand:
a note's id comes from its first field, a note type's key from its name.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

from ..model import NoteKind

_TAG = re.compile(r"<[^>]*>")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_UNSAFE_MEDIA = re.compile(r"[^\w.-]+")
NOTE_ID_WORDS = 6
NOTE_ID_CHARS = 48
BUILT_IN_KEYS = frozenset(kind.value for kind in NoteKind)


def slug(text: str, fallback: str, words: int = 0, chars: int = 0) -> str:
    """``text`` as a slug: accents dropped, other characters made ``-``,
    cut to ``words`` words and ``chars`` characters (0: no cut) at a word
    boundary; ``fallback`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = [part for part in _NOT_SLUG.split(ascii_text.lower()) if part]
    if words:
        parts = parts[:words]
    if chars:
        kept: list[str] = []
        for part in parts:
            if kept and len("-".join([*kept, part])) > chars:
                break
            kept.append(part[:chars])
        parts = kept
    return "-".join(parts) or fallback


def field_words(value: str) -> str:
    """What a field says, without markup: the answers of cloze deletions,
    no tags, sounds or entities."""
    text = _CLOZE.sub(r"\1", value)
    text = _SOUND.sub(" ", _TAG.sub(" ", text))
    return html.unescape(text)


class UniqueNames:
    """Hands out names, adding ``-2``, ``-3``... to one already given."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken: set[str] = set(taken)

    def claim(self, name: str) -> str:
        chosen, number = name, 1
        while chosen in self._taken:
            number += 1
            chosen = f"{name}-{number}"
        self._taken.add(chosen)
        return chosen


def deck_id(name: str, guids: list[str]) -> str:
    """The deck's namespace: a slug of its name and a suffix from its notes'
    GUIDs, so two decks of one name never share a namespace (and so never
    the GUIDs of notes added later), and one package always gives one id."""
    digest = hashlib.sha256("\x1f".join(sorted(guids)).encode("utf-8")).hexdigest()
    return f"{slug(name, 'deck', chars=NOTE_ID_CHARS)}-{digest[:6]}"


def note_id(fields: tuple[str, ...]) -> str:
    """The readable part of a note's id: the first words of its first field,
    or of the next one that has words in Latin letters or digits (a first
    field in another script leaves nothing of its own)."""
    for value in fields:
        found = slug(field_words(value), "", NOTE_ID_WORDS, NOTE_ID_CHARS)
        if found:
            return found
    return "note"


def note_type_key(name: str) -> str:
    """A note type's key from its name; Anki's stock "Basic" or "Cloze"
    would be one of peerdeck's own types, so such a key gets ``anki-``."""
    key = slug(name, "note-type", chars=NOTE_ID_CHARS)
    return f"anki-{key}" if key in BUILT_IN_KEYS else key


def media_name(name: str) -> str:
    """A media file name safe on every system and in HTML and ``[sound:]``
    tags: NFC, runs of other characters than letters, digits, ``.``, ``_``
    and ``-`` made ``_``, never hidden, and never taken for a card file."""
    safe = _UNSAFE_MEDIA.sub("_", unicodedata.normalize("NFC", name))
    safe = "_" + safe[1:] if safe.startswith(".") else safe
    return safe + "_" if safe.lower().endswith((".yaml", ".yml")) else safe
