"""How much of each thing a project may hold, in one table.

Each limit says where it comes from: what Anki can take, or what keeps a
check fast on hostile input. The README's "Limits" section lists them.
"""

from __future__ import annotations

# --- Content: cloze numbers, HTML --------------------------------------------
# Anki stores a card's template ordinal in 16 bits: c65535 is its last card
# (measured with the anki package: c65536 shows an error card, c70000 fails
# the import).
MAX_CLOZE_NUMBER = 65_535
# How many items a message lists before saying "and N more".
LISTED_IN_MESSAGE = 5
# The cards of one cloze note that the answer-in-question rule (PD112) builds
# to compare: each is as long as the note, so a note of thousands of
# deletions would cost time quadratic in its length.
MAX_CARDS_COMPARED = 200
# Tags a note carries, its own with those of deck.yaml and of its file: every
# note carries the inherited ones, so without a bound a file's tag list and
# its notes multiply (3,000 file tags on 3,000 notes took 4 s; 19.8 MB, 4 GB).
MAX_TAGS_PER_NOTE = 200
