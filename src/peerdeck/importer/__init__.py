"""``peerdeck import``: an Anki deck made a peerdeck project.

    imported = import_deck(Path("french.apkg"), Path("french"))

reads an ``.apkg`` (any format Anki writes) or a CrowdAnki export folder
safely, lays its notes out as
card files (one per deck of the tree, notes in the order of new cards),
its note types as ``note-types/<key>/`` folders keeping Anki's ids, its
media under safe names, and records every note's GUID and every note
type's id in ``peerdeck.lock``, so that the first build ships the notes
learners already have. Every field is declared raw HTML, so it ships byte
for byte. Nothing is written unless everything is: the project appears
whole, or not at all. Failures raise ``ImportRefused`` with a problem code.
"""

from __future__ import annotations

from ..errors import ImportRefused
from .run import Imported, import_deck
from .writer import CANNOT_WRITE

__all__ = ["CANNOT_WRITE", "ImportRefused", "Imported", "import_deck"]
