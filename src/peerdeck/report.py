"""Problems to text, JSON or GitHub annotations, and the exit status.

Text output follows compilers: ``path:line:col: CODE message``, then the
source line and a caret under the column, so an author can fix a mistake
without opening the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from .problems import Problem, Severity
from .source import SourceFile

FORMATS = ("text", "json", "github")

# What a terminal would act on rather than show: C0 and C1 control characters
# (ESC starts escape sequences, BEL rings, CR rewrites the line), DEL, and the
# marks that reorder text for display (bidirectional overrides and isolates).
_MARKS = r"\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNPRINTABLE = re.compile(rf"[\x00-\x1f{_MARKS}]")
_UNPRINTABLE_BUT_LINES = re.compile(rf"[\x00-\x08\x0b-\x1f{_MARKS}]")  # tabs and breaks stay


def printable(text: str, keep_lines: bool = False) -> str:
    """``text`` safe to print on a terminal: every character a terminal would
    act on is shown as an escape (``\\x1b``, ``\\u202e``). With
    ``keep_lines``, tabs and line breaks stay (for whole documents). Everything
    peerdeck prints from the sources, or from packages, goes through here."""
    pattern = _UNPRINTABLE_BUT_LINES if keep_lines else _UNPRINTABLE
    return pattern.sub(_escaped, text) if pattern.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it
    (pass it through ``printable`` to print it)."""
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
    paths: dict[Path, str] = {}  # each path made relative and printable once
    for problem in problems:
        path = paths.get(problem.path)
        if path is None:
            path = paths[problem.path] = printable(display_path(problem.path))
        head = (
            f"{path}:{problem.line}:{problem.column}: {problem.code} {printable(problem.message)}"
        )
        if problem.severity is Severity.WARNING:
            head += " (warning)"
        lines.append(_bold(head, color))
        source = sources.get(problem.path)
        text = source.line_text(problem.line) if source else ""
        if text and not text.isspace():
            shown, column = _excerpt(text, problem.column)
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
        lines.append(f"  {printable(display_path(p.path))}:{p.line}: {printable(p.message)}")
    if len(changes) > shown:
        lines.append(f"  and {len(changes) - shown} more")
    return "\n".join(lines)


def _excerpt(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """A window of a long line around ``column``, printable, and the column
    of the caret within it."""
    column = min(column, len(line) + 1)
    start = 0 if len(line) <= width else max(0, min(column - width // 2, len(line) - width))
    window = line[start : start + width].replace("\t", " ")  # a tab is one column
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + width < len(line) else ""
    before = printable(window[: column - 1 - start])
    shown = f"{prefix}{before}{printable(window[column - 1 - start :])}{suffix}"
    return shown, len(prefix) + len(before) + 1


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
    return printable_json(json.dumps(document, indent=2, ensure_ascii=False))


def printable_json(text: str) -> str:
    """A JSON document safe to print: JSON escapes C0 controls itself, the
    others are escaped the JSON way (``\\u009b``)."""
    return _UNPRINTABLE_BUT_LINES.sub(_json_escaped, text)


def _json_escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def as_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem annotates its line."""
    lines = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        path = _github_property(printable(display_path(p.path), keep_lines=True))
        message = _github_data(printable(p.message, keep_lines=True))
        lines.append(
            f"::{level} file={path},line={p.line},col={p.column},title={p.code}::{message}"
        )
    return "\n".join(lines)


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit escapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value (a file name): ',' and ':' too."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _bold(text: str, color: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if color else text


def _red(text: str, color: bool) -> str:
    return f"\x1b[31m{text}\x1b[0m" if color else text
