"""Problems to text, JSON or GitHub annotations, and the exit status.

Text output follows compilers: ``path:line:col: CODE message``, then the
source line and a caret under the column, so an author can fix a mistake
without opening the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from .problems import Problem, Severity
from .source import SourceFile

FORMATS = ("text", "json", "github")


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        return path.relative_to(Path.cwd()).as_posix()
    return path.as_posix()


def exit_status(problems: Sequence[Problem], strict: bool = False) -> int:
    """0 when the sources are good, 1 when a problem must stop the build."""
    failing = Severity.WARNING if strict else Severity.ERROR
    return 1 if any(p.severity >= failing for p in problems) else 0


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    parts = [_count(errors, "error")] + ([_count(warnings, "warning")] if warnings else [])
    return f"Found {' and '.join(parts)} in {_count(files, 'file')}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def as_text(
    problems: Sequence[Problem], sources: Mapping[Path, SourceFile], color: bool = False
) -> str:
    """Each problem's ``path:line:col: CODE message``, then its source line
    in a line-number gutter with a caret under the column."""
    lines = []
    for problem in problems:
        head = (
            f"{display_path(problem.path)}:{problem.line}:{problem.column}: {problem.code}"
            f" {problem.message}"
        )
        if problem.severity is Severity.WARNING:
            head += " (warning)"
        lines.append(_bold(head, color))
        source = sources.get(problem.path)
        text = source.line_text(problem.line) if source else ""
        if text.strip():
            shown, column = _excerpt(text.expandtabs(1), problem.column)
            number = str(problem.line)
            lines.append(f" {number} | {shown}")
            lines.append(f" {' ' * len(number)} | {_red(' ' * (column - 1) + '^', color)}")
    return "\n".join(lines)


def pending(changes: Sequence[Problem], unlocked: bool = False, shown: int = 10) -> str:
    """What the next ``peerdeck lock`` or ``build`` records, when the lock is
    merely behind the sources (information, not an error); ``unlocked``:
    there is no lock yet."""
    if unlocked:
        return (
            "No peerdeck.lock yet: the first peerdeck lock or peerdeck build records"
            f" {len(changes)} notes and note types."
        )
    lines = [
        f"{_count(len(changes), 'change')} not yet in the lock, recorded by the next"
        " peerdeck lock or peerdeck build (check --locked fails until then):"
    ]
    for p in changes[:shown]:
        lines.append(f"  {display_path(p.path)}:{p.line}: {p.message}")
    if len(changes) > shown:
        lines.append(f"  and {len(changes) - shown} more")
    return "\n".join(lines)


def _excerpt(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """A window of a long line around ``column``, and the column within it."""
    column = min(column, len(line) + 1)
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    window = line[start : start + width]
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + width < len(line) else ""
    return f"{prefix}{window}{suffix}", column - start + len(prefix)


def as_json(problems: Sequence[Problem]) -> str:
    """A stable shape for tools: ``{"problems": [...], "errors": n, "warnings": n}``."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    document = {
        "problems": [
            {
                "path": display_path(p.path),
                "line": p.line,
                "column": p.column,
                "code": p.code,
                "severity": str(p.severity),
                "message": p.message,
            }
            for p in problems
        ],
        "errors": errors,
        "warnings": len(problems) - errors,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def as_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem annotates its line."""
    lines = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(
            f"::{level} file={display_path(p.path)},line={p.line},col={p.column},"
            f"title={p.code}::{message}"
        )
    return "\n".join(lines)


def _bold(text: str, color: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if color else text


def _red(text: str, color: bool) -> str:
    return f"\x1b[31m{text}\x1b[0m" if color else text
