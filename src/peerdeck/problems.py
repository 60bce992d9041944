"""The one problem type every stage yields, and the codes it can carry
(check's own are named in ``codes``).

A stage never raises on bad input: it returns problems, so a course author
sees every mistake of a run at once. Positions are 1-based, like an editor's.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

from .codes import CODES


class Severity(enum.IntEnum):
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


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
