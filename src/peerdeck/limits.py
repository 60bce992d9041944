"""Every limit peerdeck puts on what it reads and writes, in one table.

Each guards against input that would otherwise hang a command, exhaust
memory or fill a disk; the README's "Limits" section lists them.
"""

from __future__ import annotations

MiB = 1024 * 1024
GiB = 1024 * MiB

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
# Notes and cards read from one collection (each held in memory).
COLLECTION_NOTES = 1_000_000
COLLECTION_CARDS = 5_000_000
# SQLite virtual-machine steps spent reading one collection: 100,000 notes
# take about 3 million.
COLLECTION_QUERY_STEPS = 1_000_000_000
