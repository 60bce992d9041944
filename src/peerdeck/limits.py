"""Every limit peerdeck puts on what it reads and writes, in one table.

Each guards against input that would otherwise hang a command, exhaust
memory or produce a package Anki rejects; the README's "Limits" section
lists them. A file over a limit is reported at its place, never read whole.
"""

from __future__ import annotations

MiB = 1024 * 1024

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
