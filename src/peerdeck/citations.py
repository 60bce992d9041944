"""Quotes checked against the documents they cite.

A source in ``deck.yaml`` may name a ``file``; when a sources folder is
given (``sources_dir`` in deck.yaml, or ``check --sources``), every quote
citing that source must occur in the file. Matching forgives what copying
from a web page changes: white space, typographic quotes and dashes, and
letter case. ``...`` (or ``…``) in a quote joins fragments that must occur
in that order. Each document is read and folded once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import codes
from .errors import UnsafeFile
from .limits import DOCUMENT_BYTES
from .model import Location, Source
from .problems import Problem, Severity
from .safefile import read_file

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2026": "...",
    }
)
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """The text as quotes are compared: one space for any white space,
    straight quotes and hyphens for typographic ones, lower case."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip().lower()


@dataclass(frozen=True)
class Fragment:
    """One piece of a quote between ``...``: folded, and where it starts in
    the quote as written."""

    text: str
    offset: int
    written: str


def fragments(quote: str) -> list[Fragment]:
    marks = list(_ELLIPSIS.finditer(quote))
    starts = [0] + [mark.end() for mark in marks]
    ends = [mark.start() for mark in marks] + [len(quote)]
    pieces = []
    for start, end in zip(starts, ends, strict=True):
        raw = quote[start:end]
        # Dots and spaces at a fragment's edges belong to the ellipsis.
        written = raw.strip(" \t\n.")
        folded = fold(written)
        if folded:
            lead = len(raw) - len(raw.lstrip(" \t\n."))
            pieces.append(Fragment(folded, start + lead, written))
    return pieces


def missing_fragment(quote: str, document: str) -> tuple[Fragment, bool] | None:
    """The first fragment of ``quote`` that ``document`` (folded) lacks,
    and whether it occurs earlier than the fragment before it; None when
    the whole quote is found."""
    position = 0
    for fragment in fragments(quote):
        found = document.find(fragment.text, position)
        if found < 0:
            return fragment, position > 0 and fragment.text in document
        position = found + len(fragment.text)
    return None


@dataclass(frozen=True)
class Document:
    """A cited file, folded for matching."""

    path: Path
    text: str


def load_documents(
    sources: dict[str, Source],
    folder: Path,
    deck_file: Path,
    folder_key: Location | None,
    file_keys: dict[str, Location],
) -> tuple[dict[str, Document], list[Problem]]:
    """Read and fold every source file in ``folder``. A missing folder or
    file is a warning: the quotes citing it are left unchecked."""
    if not folder.is_dir():
        missing = "is not a folder" if os.path.lexists(folder) else "does not exist"
        message = f"sources folder {folder.as_posix()} {missing}; quotes are not checked"
        where = folder_key or Location(deck_file, 1, 1)
        return {}, [_warning(where, codes.SOURCES_FOLDER_MISSING, message)]
    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    for key, source in sources.items():
        if source.file is None:
            continue
        path = folder / source.file
        try:
            text = read_file(path, DOCUMENT_BYTES).decode("utf-8")
            documents[key] = Document(path, fold(text))
        except (OSError, UnicodeDecodeError, UnsafeFile) as exc:
            message = (
                f"source file {path.as_posix()} {_reason(exc)}; quotes citing '{key}' are not"
                " checked"
            )
            where = file_keys.get(key, Location(deck_file, 1, 1))
            problems.append(_warning(where, codes.SOURCE_FILE_UNREADABLE, message))
    return documents, problems


def _warning(where: Location, code: str, message: str) -> Problem:
    return Problem(where.path, where.line, where.column, code, message, Severity.WARNING)


def _reason(exc: OSError | UnicodeDecodeError | UnsafeFile) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "is not UTF-8"
    if isinstance(exc, UnsafeFile):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return "does not exist"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return f"cannot be read ({exc.strerror or exc})"


def miss_message(quote: str, document: Document, fragment: Fragment, out_of_order: bool) -> str:
    name = document.path.name
    if len(fragments(quote)) == 1:
        return f"quote not found in {name}"
    shown = fragment.written if len(fragment.written) <= 40 else fragment.written[:37] + "..."
    if out_of_order:
        return f"quote fragment {shown!r} occurs in {name} only before the fragment preceding it"
    return f"quote fragment {shown!r} not found in {name}"
