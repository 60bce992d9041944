"""A note of a project's own type gets no card from one of its templates.

Anki makes a card from a template only when its front shows at least one
filled field (plain text, `{{^...}}` sections and `{{type:...}}` do not
count). A note that gets no card at all is an error of `check` (PD093);
this rule reports the templates a note skips, which is how an optional card
is meant to work (a "reverse" template behind `{{#Add Reverse}}`), and as
often a field left empty by mistake. Ignore the rule for such a note type's
notes, or in `deck.yaml`, when the cards are optional by design.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...anki_template import card_ordinals, parse, references
from ...notetypes import anki_fields
from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD121"
NAME = "template-without-card"
SEVERITY = Severity.WARNING


def check(context: Context) -> Iterator[Finding]:
    types = context.deck.custom_types
    for note in context.notes():
        note_type = types.get(note.kind)
        if note_type is None or note_type.is_cloze:
            continue
        made = set(card_ordinals(note_type, anki_fields(note)))
        for ordinal, template in enumerate(note_type.templates):
            if ordinal in made:
                continue
            shown = {part.name for part in references(parse(template.front))}
            names = " and ".join(repr(name) for name in note_type.fields if name in shown)
            yield Finding(
                note.location,
                f"note '{note.id}' gets no '{template.name}' card: that template's front"
                f" shows no filled field (it names {names})",
                note,
            )
