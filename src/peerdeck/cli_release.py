"""The commands of a release: ``lock`` records the sources, ``release``
writes a package with its notes and checksums, ``rule`` documents the
lint rules. Registered on the command line by ``cli``."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from . import lint as lint_rules
from . import pipeline
from .console import (
    FORMAT,
    PROJECT,
    QUIET,
    SOURCES,
    Command,
    beside_json,
    finish,
    project_root,
    recorded,
    shown_path,
    terminate,
    timestamp,
)
from .release import publish
from .release.lockfile import LOCK_NAME
from .settings import RunSettings


@click.command(cls=Command)
@PROJECT
@FORMAT
@SOURCES
@QUIET
@click.option(
    "--fail-on-change",
    is_flag=True,
    help="Exit 1 when the lock was changed, so that a pre-commit hook stops for it to be staged.",
)
def lock(
    project: Path | None,
    output_format: str | None,
    sources_dir: Path | None,
    quiet: bool,
    fail_on_change: bool,
) -> None:
    """Record the sources in peerdeck.lock, writing no package.

    Checks the project as build does, then records each new or changed
    note, and the time it changed (SOURCE_DATE_EPOCH, or now), in
    PROJECT/peerdeck.lock. Commit the lock with the cards. Exit status is 0
    when the lock records the sources, 1 when the project has problems.

    \b
    Examples:
      peerdeck lock
      peerdeck lock --fail-on-change   as a pre-commit hook
    """
    root = project_root(project)
    signal.signal(signal.SIGTERM, terminate)  # the lock is written atomically
    built = pipeline.lock(RunSettings(root, sources_dir, timestamp=timestamp()))
    finish(built.loaded, output_format, quiet=quiet)
    aside = beside_json(output_format)
    if not built.lock_written and not quiet:
        click.echo(f"{shown_path(root / LOCK_NAME)} is up to date.", err=aside)
    recorded(built, root, quiet, err=aside)
    if fail_on_change and built.lock_written:
        sys.exit(1)


@click.command(cls=Command)
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule, one a line.")
def rule(code: str | None, show_all: bool) -> None:
    """Print a lint rule's documentation, or list every rule.

    CODE is a rule's code (PD109) or name (long-answer).

    \b
    Examples:
      peerdeck rule PD109
      peerdeck rule long-answer
      peerdeck rule --all
    """
    if show_all or code is None:
        if code is not None:
            raise click.UsageError("give a CODE or --all, not both")
        click.echo(lint_rules.rules_list())
        return
    found = lint_rules.find_rule(code)
    if found is None:
        raise click.UsageError(
            f"no lint rule {code!r}: 'peerdeck rule --all' lists them"
            " (check's own codes are in the README's 'What check reports')"
        )
    click.echo(lint_rules.rule_doc(found))


@click.command("release", cls=Command)
@PROJECT
@click.option("--version", "version", required=True, help="The release's version, X.Y.Z.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=publish.DEFAULT_DIR,
    show_default=True,
    help="The folder to write the release into.",
)
@click.option(
    "--since",
    default=None,
    help="The previous release: its .apkg, a project folder, or a git ref (v1.1.0)."
    "  [default: none, a first release]",
)
@FORMAT
@QUIET
def release_command(
    project: Path | None,
    version: str,
    output: Path,
    since: str | None,
    output_format: str | None,
    quiet: bool,
) -> None:
    """Check a deck strictly and write a release of it.

    Runs 'check --locked' and 'lint --strict', then writes into the output
    folder <deck id>-X.Y.Z.apkg, release notes <deck id>-X.Y.Z.md (the
    changes since the previous release, as 'diff --format markdown') and
    SHA256SUMS. The version and what changed head the deck description
    learners see in Anki, and the version is recorded in peerdeck.lock.
    The same sources and version give the same bytes.

    \b
    Examples:
      peerdeck release --version 1.0.0
      peerdeck release --version 1.1.0 --since v1.0.0
      peerdeck release cards --version 1.1.0 --since dist/old.apkg -o out
    """
    publish.parse_version(version)  # before looking for the project
    root = project_root(project)
    signal.signal(signal.SIGTERM, terminate)  # every file is written atomically
    done = publish.make(root, version, output, since, timestamp())
    finish(done.loaded, output_format, strict=True, quiet=quiet)
    if not quiet:
        aside = beside_json(output_format)
        for path in done.files:
            click.echo(f"Wrote {shown_path(path)}", err=aside)
        if done.lock_written:
            lock = shown_path(root / LOCK_NAME)
            click.echo(f"Recorded version {version} in {lock}: commit it.", err=aside)
