"""The note that ships in a retired note's place: its GUID and note type,
a notice for fields, and the retired tag (its cards are suspended in the
package), so that a learner sees why it went and how to remove it."""

from __future__ import annotations

import html

from ..cloze import deletion
from ..model import RETIRED_TAG, Note, NoteKind, Retirement
from .lockfile import LockedNote


def retirement_notice(retirement: Retirement, previous: LockedNote) -> Note:
    """A learner who has the note sees why it went and how to remove it."""
    reason = html.escape(retirement.reason, quote=False)
    removal = (
        "To remove every retired card, search for <code>tag:peerdeck::retired</code>"
        " in the browser and delete those notes."
    )
    headline = "This card has been retired from the deck."
    explanation = f"Why: {reason}<br>{removal}"
    kind = previous.type
    if kind is NoteKind.CLOZE:
        gaps = " ".join(deletion(n, "retired") for n in previous.clozes or (1,))
        shown: dict[str, str | tuple[str, ...]] = {
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
