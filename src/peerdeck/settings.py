"""What one run of a command was asked to do, as one frozen value.

The command line turns its flags and the environment into ``RunSettings``;
the pipeline reads them and nothing else. ``SOURCE_DATE_EPOCH`` is read
here, and only here.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import BadEnvironment
from .limits import LATEST_EPOCH


@dataclass(frozen=True)
class RunSettings:
    """One run's choices. ``root`` is the project folder (with deck.yaml)."""

    root: Path
    # Check quotes against the files in this folder (overrides deck.yaml's).
    sources_dir: Path | None = None
    # The lock must already record the sources (for CI, like ``cargo --locked``).
    locked: bool = False
    # Run every selected lint rule, not only those at error level.
    all_rules: bool = False
    # Where ``build`` writes the package (None: build/<deck id>.apkg) ...
    output: Path | None = None
    # ... and whether ``output`` is a folder for it.
    into_folder: bool = False
    # The time stamped on notes whose content changed (see ``build_timestamp``).
    timestamp: int = 0


def build_timestamp(environ: Mapping[str, str]) -> int:
    """The time stamped on notes whose content changed in this build (Anki
    ignores an incoming note whose modification time is not newer):
    ``SOURCE_DATE_EPOCH`` when set, else now. Raises ``BadEnvironment`` when
    it is not whole seconds up to the end of the year 9999."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return int(time.time())
    if not (epoch.isascii() and epoch.isdigit()):
        raise BadEnvironment(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch[:40]!r}")
    if len(epoch) > len(str(LATEST_EPOCH)) or int(epoch) > LATEST_EPOCH:
        raise BadEnvironment(
            f"SOURCE_DATE_EPOCH must be at most {LATEST_EPOCH} (the end of the year 9999),"
            f" not {epoch[:40]}"
        )
    return int(epoch)
