"""Stable identities, derived from names and never from text or the clock.

Anki matches an imported note to the learner's copy by GUID alone, so a
note's GUID must survive every edit of its wording: it comes from the deck's
namespace and the note's author-given id. Deck ids come from deck names.
"""

from __future__ import annotations

import hashlib

_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)

# Every two-digit string, by its value: _PAIRS[91 * high + low].
_PAIRS = [high + low for high in _BASE91 for low in _BASE91]
_BASE = len(_PAIRS)


def _digest(*parts: str) -> int:
    data = "\x1f".join(parts).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def guid_for_note(namespace: str, note_id: str) -> str:
    """The GUID of note ``note_id`` in the deck namespace ``namespace``,
    written in the base91 alphabet Anki itself uses for GUIDs."""
    return base91(_digest("peerdeck-note", namespace, note_id))


def base91(number: int) -> str:
    """``number`` (not negative) in base 91, most significant digit first,
    two digits at a time: a build computes one per note."""
    pairs = []
    while number >= _BASE:
        number, pair = divmod(number, _BASE)
        pairs.append(_PAIRS[pair])
    head = _PAIRS[number] if number >= len(_BASE91) else _BASE91[number]
    return head + "".join(reversed(pairs))


def deck_id_for(deck_name: str) -> int:
    """A deck id for a full deck name (``Root::Sub``): positive and below
    2**53, so JavaScript in Anki's web views handles it exactly."""
    return (1 << 40) + _digest("peerdeck-deck", deck_name) % ((1 << 53) - (1 << 40))


def note_type_id_for(base_id: int, version: int) -> int:
    """The id of version ``version`` (2 and up) of the note type whose first
    version has id ``base_id``: in [2**30, 2**31), like genanki's model ids."""
    return (1 << 30) + _digest("peerdeck-note-type", str(base_id), str(version)) % (1 << 30)


def custom_note_type_id(namespace: str, key: str) -> int:
    """The id of the project's own note type ``key`` when note-type.yaml
    gives none: from the deck namespace and the key, in [2**30, 2**31)."""
    return (1 << 30) + _digest("peerdeck-custom-note-type", namespace, key) % (1 << 30)
