"""Every limit peerdeck puts on what it reads and writes, in one table.

Each guards against input that would otherwise hang a command, exhaust
memory, fill a disk or produce a package Anki rejects, and says where it
comes from; the README's "Limits" section lists them. A file over a limit
is reported at its place, never read whole.
"""

from __future__ import annotations

MiB = 1024 * 1024
GiB = 1024 * MiB

# --- project files -------------------------------------------------------------
# deck.yaml and each card file.
YAML_FILE_BYTES = 20 * MiB
# All card files of a project together: about 600,000 notes, which take
# about 3 GB of memory to check.
CARD_FILES_BYTES = 200 * MiB
# Collections nested in one YAML value (libyaml's composer recurses in C).
YAML_DEPTH = 32
# Values one YAML file may hold once its aliases are expanded: one per
# character of the file, and at least this many (alias bombs).
YAML_LEAST_VALUES = 10_000
# peerdeck.lock: one line of about 200 bytes per note.
LOCK_FILE_BYTES = 64 * MiB
# Arrays and objects nested in the lock, which needs 4 (Python before 3.13
# gives up on about 1,000 while parsing, later ones do not).
LOCK_DEPTH = 32
# A note type's template side or stylesheet (``note-types/<key>/``).
NOTE_TYPE_FILE_BYTES = 1 * MiB
# A source document quotes are checked against (``--sources``).
DOCUMENT_BYTES = 20 * MiB
# One media file, read into memory once and packaged from there.
MEDIA_FILE_BYTES = 100 * MiB

# --- times ---------------------------------------------------------------------
# The largest SOURCE_DATE_EPOCH and lock time: 9999-12-31T23:59:59Z. Anki
# multiplies times by 1000 for ids, which must stay within SQLite's integers.
LATEST_EPOCH = 253_402_300_799
# Ids and numbers recorded in the lock: SQLite's integers.
LARGEST_ID = 2**63 - 1
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

# --- .apkg packages read by `diff` (and a future import) -------------------------
# Entries in one package: its collection, media map and media files.
PACKAGE_ENTRIES = 250_000
# The zip's central directory, read whole before any entry.
PACKAGE_DIRECTORY_BYTES = 64 * MiB
# One entry uncompressed: a media file, or the collection (before zstd).
PACKAGE_ENTRY_BYTES = 2 * GiB
# All entries uncompressed together.
PACKAGE_TOTAL_BYTES = 16 * GiB
# Uncompressed to compressed size of an entry over PACKAGE_RATIO_FROM bytes:
# real collections deflate 5 to 30 times, a deflate bomb about 1000 times.
PACKAGE_RATIO = 100
PACKAGE_RATIO_FROM = 1 * MiB
# The SQLite collection as extracted (after zstd for the current format).
COLLECTION_BYTES = 2 * GiB
# Small entries read into memory: `meta` and the media map.
PACKAGE_INDEX_BYTES = 64 * MiB
# One value (a field, a note type's JSON) in the collection.
COLLECTION_VALUE_BYTES = 256 * MiB
# A CrowdAnki export's deck.json, read whole (about 400 bytes a note, so
# some 600,000 notes; parsed, it takes about 5 times its size in memory).
CROWDANKI_DECK_BYTES = 256 * MiB
# Notes and cards read from one collection (each held in memory).
COLLECTION_NOTES = 1_000_000
COLLECTION_CARDS = 5_000_000
# SQLite virtual-machine steps spent reading one collection: 100,000 notes
# take about 3 million.
COLLECTION_QUERY_STEPS = 1_000_000_000
# Files `preview --serve` watches for changes (polled: each costs a stat).
PREVIEW_WATCHED_FILES = 20_000
