"""The package would be larger than AnkiWeb accepts.

AnkiWeb refuses shared decks over 100 MB. The size is estimated without a
build, from the media that would be shipped and the text of the fields, so
this check is fast; the limit is `package-mb`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Location
from ...problems import Severity
from ..rule import Context, Finding

CODE = "PD105"
NAME = "package-too-large"
SEVERITY = Severity.WARNING
LIMITS = {"package-mb": 100}

MB = 1_000_000


def check(context: Context) -> Iterator[Finding]:
    deck = context.deck
    sizes = {media.name: len(media.data) for media in deck.media}
    text = sum(
        len(value.encode())
        for note in deck.notes
        for field in note.html.values()
        for value in ((field,) if isinstance(field, str) else field)
    )
    total = sum(sizes.values()) + text
    limit = context.limit("package-mb")
    if total <= limit * MB:
        return
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:3]
    listed = ", ".join(f"{name} ({size / MB:.1f} MB)" for name, size in largest)
    yield Finding(
        Location(deck.root / "deck.yaml", 1, 1),
        f"the package would be about {total / MB:.1f} MB, over the {limit} MB that AnkiWeb"
        f" accepts for a shared deck" + (f"; largest media: {listed}" if listed else ""),
    )
