"""The one family of exceptions peerdeck raises on purpose.

Bad sources are never raised: they are problems (``problems.py``), all of
them reported at once. An exception here stops a command: its message is
written for the person who ran it, and the command line prints it, in one
place, with the exit status the class names (2 for a usage error).
"""

from __future__ import annotations

from pathlib import Path


class PeerdeckError(Exception):
    """The base of the family; the message is what the command line prints."""

    exit_status = 1


class UsageError(PeerdeckError):
    """The command was given something it cannot use (exit status 2)."""

    exit_status = 2
    option: str | None = None  # the option at fault, when there is one


class ProjectNotFound(UsageError):
    """The path given is not a deck project (a usage error, not bad input)."""


class BadEnvironment(UsageError):
    """An environment variable (``SOURCE_DATE_EPOCH``) holds what it cannot."""


class BadVersion(UsageError, ValueError):
    """A release version that is not ``X.Y.Z``."""

    option = "--version"


class ProjectExists(PeerdeckError):
    """The target already holds a deck project, or is not a folder."""


class BadDeckName(PeerdeckError, ValueError):
    """A deck name ``init`` cannot use (empty, or holding a control character)."""


class UnsafeFile(PeerdeckError):
    """A file peerdeck will not read; the message completes "the file ..."
    ("is a FIFO, not a regular file")."""


class MediaError(PeerdeckError):
    """A reference that cannot be packaged; the message says why."""


class PackageError(PeerdeckError):
    """The package cannot be read safely; ``code`` is the problem code the
    command reports, the message says why in words a person can act on."""

    def __init__(self, code: str, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason or message  # the cause alone, for a message built around it


class ImportRefused(PeerdeckError):
    """A deck cannot be imported; nothing was written. ``code`` is the
    problem code the command reports, the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class WriteFailed(PeerdeckError, OSError):
    """Writing ``path`` failed; none of the group's files were changed. An
    ``OSError`` too, as every other failure to write is."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason
