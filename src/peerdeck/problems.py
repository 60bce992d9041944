"""The one problem type every stage yields, and the codes it can carry.

A stage never raises on bad input: it returns problems, so a course author
sees every mistake of a run at once. Positions are 1-based, like an editor's.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.IntEnum):
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


# Every code check can report, with a short title used in documentation. The lint
# rules declare their own codes, from PD100 to PD199 (see ``RULE_CODE``).
CODES: dict[str, str] = {
    "PD001": "file cannot be read (not UTF-8, unreadable, too large, or not a regular file)",
    "PD002": "YAML syntax error",
    "PD003": "duplicate mapping key",
    "PD004": "unknown key",
    "PD005": "wrong type",
    "PD006": "missing required key",
    "PD007": "malformed id",
    "PD008": "duplicate note id",
    "PD009": "malformed tag",
    "PD010": "malformed cloze",
    "PD011": "cloze syntax outside a cloze note",
    "PD012": "multiple-choice answer not among its choices",
    "PD013": "unknown source reference",
    "PD014": "media file problem",
    "PD015": "project has no notes",
    "PD016": "YAML feature refused (alias bomb, too deep, Python tags)",
    "PD017": "bad value",
    "PD018": "output cannot be written",
    "PD019": "lock file cannot be read",
    "PD020": "lock file does not record this release",
    "PD021": "released note removed without being retired",
    "PD022": "retired id misused, or a note moved to another note type",
    "PD023": "note type changed its field or template names without a new version",
    "PD024": "deck id differs from the one the lock was written for",
    "PD030": "quote not found in its source's file",
    "PD031": "source file missing or unreadable",
    "PD032": "sources folder missing",
    "PD025": "package or project to compare cannot be read",
    "PD040": "control character that Anki cannot store or show",
    "PD041": "deck names that Anki takes for one another",
    "PD050": "card folder not read (unreadable, or a link to a folder)",
    "PD051": "output would replace a file of the project, or is not a file",
    "PD052": "card files too large together",
    "PD080": "release version older than the last release the lock records",
    "PD081": "the previous release named by --since cannot be found",
    "PD090": "note type folder or file problem (missing, unsafe, not a slug, a built-in's key)",
    "PD091": "note type declaration error (names, ids, sort field, clashes)",
    "PD092": "card template error (unknown field, unclosed section, no cloze field)",
    "PD093": "note makes no card (every template's front is empty for it)",
    "PD060": "package over a safety limit (zip bomb, oversized entry, runaway query)",
    "PD061": "package zip damaged or unsupported (encryption, method, unsafe names)",
    "PD062": "package collection unlike Anki's (views, computed columns, damaged data)",
    "PD063": "package format peerdeck cannot read (placeholder only, newer Anki)",
    "PD064": "import destination exists or cannot be written",
    "PD065": "package to import holds no notes",
    "PD066": "package to import has notes in several top-level decks",
    "PD067": "CrowdAnki export folder cannot be read",
}


# The codes kept for lint rules: each rule module under lint/rules/ declares its
# own, so this layer needs no knowledge of which rules there are.
RULE_CODE = re.compile(r"PD1[0-9]{2}")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the sources, at a place an author can jump to."""

    path: Path
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if self.code not in CODES and not RULE_CODE.fullmatch(self.code):
            raise ValueError(f"unknown problem code {self.code}")


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
