"""What the command line shares: its options, and turning results into
output and an exit status. With ``cli`` and ``cli_release``, the only
modules that print or exit.

Problems go to standard output in every format; the summary, what the lock
has yet to record, and usage errors go to standard error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import FrameType

import click

from . import report
from .errors import PeerdeckError, UsageError
from .pipeline import Built, Loaded
from .project import find_project
from .release.lockfile import LOCK_NAME
from .settings import build_timestamp

PROJECT = click.argument(
    "project", required=False, type=click.Path(path_type=Path, file_okay=False)
)
FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(report.FORMATS),
    default=None,
    help="How to print problems: text (default), json, or github "
    "(chosen automatically when GITHUB_ACTIONS=true).",
)
SOURCES = click.option(
    "--sources",
    "sources_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Check every quote against its source's file in this folder"
    " (overrides sources_dir in deck.yaml).",
)
STRICT = click.option(
    "--strict", is_flag=True, help="Fail (exit status 1) on warnings too, not only on errors."
)
QUIET = click.option(
    "-q", "--quiet", is_flag=True, help="Print only the problems: no summary, no progress."
)
LOCKED = click.option(
    "--locked",
    is_flag=True,
    help=f"Fail when {LOCK_NAME} does not record the sources as they are (for CI).",
)


def project_root(path: Path | None) -> Path:
    return find_project(path)


def timestamp() -> int:
    return build_timestamp(os.environ)


class Command(click.Command):
    """A command whose deliberate errors (``errors.PeerdeckError``) are
    printed here, in one place: usage errors with the command's usage and
    exit status 2, the others as ``Error: ...`` with exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PeerdeckError as exc:
            raise _click_error(exc, ctx) from None


class Group(click.Group):
    command_class = Command


def _click_error(exc: PeerdeckError, ctx: click.Context) -> click.ClickException:
    if isinstance(exc, UsageError):
        if exc.option is not None:
            return click.BadParameter(str(exc), ctx, param_hint=exc.option)
        return click.UsageError(str(exc), ctx)
    return click.ClickException(str(exc))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def finish(
    loaded: Loaded,
    output_format: str | None,
    strict: bool = False,
    quiet: bool = False,
    clean: str | None = None,
) -> None:
    """Print the problems on standard output (a JSON document even when
    there are none), and the summary, what the lock has yet to record, or
    ``clean`` when there is nothing to say, on standard error; exit 1 when
    a problem is at error level, or a warning when ``strict``."""
    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen == "json":
        click.echo(report.as_json(loaded.problems))
    elif chosen == "github" and loaded.problems:
        click.echo(report.as_github(loaded.problems))
    elif loaded.problems:
        click.echo(report.as_text(loaded.problems, loaded.sources, color()))
    if not quiet:
        if loaded.problems:
            click.echo(report.summary(loaded.problems), err=True)
        elif clean is not None:
            click.echo(clean, err=True)
    status = report.exit_status(loaded.problems, strict)
    if status:
        sys.exit(status)
    if not quiet:
        pending(loaded)


def beside_json(output_format: str | None) -> bool:
    """Whether what a command says goes to standard error, leaving standard
    output to the JSON document alone."""
    return output_format == "json"


def pending(loaded: Loaded) -> None:
    if loaded.pending:
        click.echo(report.pending(loaded.pending, loaded.unlocked), err=True)


def color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def shown_path(path: Path) -> str:
    """``path`` as messages name it: relative where it can be, and printable."""
    return report.printable(report.display_path(path))


def describe(loaded: Loaded) -> str:
    deck = loaded.deck
    if deck is None:
        return "deck"
    return f"{report.printable(deck.name)} ({len(deck.notes)} notes)"


def terminate(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM and SIGHUP into an ordinary exit, so that the writers'
    # cleanup runs and no temporary file or folder is left behind.
    raise SystemExit(128 + signum)


def recorded(built: Built, root: Path, quiet: bool, err: bool = False) -> None:
    """Say what the lock recorded, if it changed (on standard error with ``err``)."""
    if built.lock_written and built.release is not None and not quiet:
        changed = len(built.release.stale)
        click.echo(
            f"Recorded {plural(changed, 'change')} in"
            f" {shown_path(root / LOCK_NAME)}: commit it with the cards.",
            err=err,
        )
