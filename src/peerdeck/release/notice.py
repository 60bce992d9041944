"""The note that ships in a retired note's place: its GUID and note type,
a notice for fields, and the retired tag (its cards are suspended in the
package), so that a learner sees why it went and how to remove it."""

from __future__ import annotations

import html

from ..anki_template import cloze_fields
from ..cloze import deletion
from ..model import RETIRED_TAG, Note, NoteKind, NoteType, Retirement
from .lockfile import LockedNote


def retirement_notice(retirement: Retirement, previous: LockedNote, kind_type: NoteType) -> Note:
    """A learner who has the note sees why it went and how to remove it."""
    reason = html.escape(retirement.reason, quote=False)
    removal = (
        "To remove every retired card, search for <code>tag:peerdeck::retired</code>"
        " in the browser and delete those notes."
    )
    headline = "This card has been retired from the deck."
    explanation = f"Why: {reason}<br>{removal}"
    kind = previous.type
    shown: dict[str, str | tuple[str, ...]]
    if kind_type.custom:
        shown = _custom_notice(kind_type, headline, explanation, previous.clozes)
    elif kind is NoteKind.CLOZE:
        gaps = " ".join(deletion(n, "retired") for n in previous.clozes or (1,))
        shown = {
            "text": f"{headline} {gaps}",
            "extra": explanation,
        }
    elif kind is NoteKind.MULTIPLE_CHOICE:
        shown = {"question": headline, "choices": (), "explanation": explanation}
    else:
        shown = {"front": headline, "back": explanation}
    return Note(
        id=retirement.id,
        kind=kind,
        fields=shown,
        html=shown,
        deck=previous.deck,
        tags=(RETIRED_TAG,),
        location=retirement.location,
        field_locations={},
    )


def _custom_notice(
    kind_type: NoteType, headline: str, explanation: str, clozes: tuple[int, ...]
) -> dict[str, str | tuple[str, ...]]:
    """A project's own type: the headline in the first field (with a deletion
    per card of a cloze type, in its cloze field), the reason in the next."""
    shown: dict[str, str | tuple[str, ...]] = dict.fromkeys(kind_type.fields, "")
    first = kind_type.fields[0]
    if kind_type.is_cloze:
        first = next(iter(cloze_fields(kind_type)), first)
        gaps = " ".join(deletion(n, "retired") for n in clozes or (1,))
        headline = f"{headline} {gaps}"
    shown[first] = headline
    rest = [name for name in kind_type.fields if name != first]
    if rest:
        shown[rest[0]] = explanation
    else:
        shown[first] = f"{headline}<br>{explanation}"
    return shown
