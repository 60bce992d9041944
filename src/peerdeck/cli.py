"""The command line: flags to settings, settings to the pipeline, results to
output and an exit status. The only module that prints or exits.

Exit status: 0 the sources are good (and the package was written), 1 the
sources have problems or the package cannot be written, 2 usage errors.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from . import __version__, pipeline, report, stats
from .pipeline import Loaded

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
STRICT = click.option(
    "--strict", is_flag=True, help="Fail (exit status 1) on warnings too, not only on errors."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="peerdeck")
def main() -> None:
    """Compile YAML flashcards into Anki packages that update in place.

    \b
    Examples:
      peerdeck check              check ./cards, write nothing
      peerdeck lint               check, then look for weak cards
      peerdeck build              build ./cards into build/<deck id>.apkg
      peerdeck build decks/bio -o out/bio.apkg
    """


@main.command()
@PROJECT
@FORMAT
@STRICT
def check(project: Path | None, output_format: str | None, strict: bool) -> None:
    """Check a deck project and report every problem, writing nothing.

    Runs every check a build runs, including the lint rules at error level.
    PROJECT is the folder with deck.yaml (default: ./cards). Exit status is
    0 when the deck would build, 1 when it has problems, 2 on usage errors.

    \b
    Examples:
      peerdeck check
      peerdeck check path/to/cards --format json
    """
    loaded = pipeline.check(_project(project))
    if not _finish(loaded, output_format, strict):
        click.echo(f"{_describe(loaded)}: no problems.")


@main.command()
@PROJECT
@FORMAT
@STRICT
def lint(project: Path | None, output_format: str | None, strict: bool) -> None:
    """Check a deck project, then run every lint rule on it.

    The rules look for what Anki silently gets wrong (duplicates, empty
    fields, unused media, unsafe HTML) and for cards that are hard to learn
    from (long answers, lists, yes/no questions, look-alike questions).
    deck.yaml's 'lint' key selects and tunes them. Exit status is 0 when
    there are no errors (and, with --strict, no warnings), 1 otherwise, 2 on
    usage errors.

    \b
    Examples:
      peerdeck lint
      peerdeck lint path/to/cards --strict
      peerdeck lint --format github
    """
    loaded = pipeline.lint(_project(project))
    if not _finish(loaded, output_format, strict):
        click.echo(f"{_describe(loaded)}: no problems.")


@main.command("stats")
@PROJECT
@click.option(
    "--format",
    "output_format",
    type=click.Choice(stats.FORMATS),
    default="table",
    help="table (default) or json.",
)
def stats_command(project: Path | None, output_format: str) -> None:
    """Count notes and cards by deck, note type and tag, and lint problems by rule.

    Cards per note: one for basic, type-in and multiple-choice notes, two for
    reversed notes, one per cloze number for cloze notes. A deck with errors
    prints its problems instead (exit status 1).

    \b
    Examples:
      peerdeck stats
      peerdeck stats path/to/cards --format json
    """
    loaded = pipeline.lint(_project(project))
    if loaded.deck is None or not loaded.ok:
        _finish(loaded, None)
        return
    collected = stats.collect(loaded.deck, loaded.problems)
    click.echo(stats.as_json(collected) if output_format == "json" else stats.as_table(collected))


@main.command()
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the package (a file, or a folder for <deck id>.apkg)."
    "  [default: build/<deck id>.apkg]",
)
@FORMAT
def build(project: Path | None, output: Path | None, output_format: str | None) -> None:
    """Check a deck project and write it as an Anki package (.apkg).

    PROJECT is the folder with deck.yaml (default: ./cards). The package is
    written atomically: a failed or interrupted build leaves any previous
    package untouched. The same sources and SOURCE_DATE_EPOCH give the same
    bytes.

    \b
    Examples:
      peerdeck build
      peerdeck build cards -o dist/
      SOURCE_DATE_EPOCH=1700000000 peerdeck build
    """
    root = _project(project)
    timestamp = _timestamp(root)
    signal.signal(signal.SIGTERM, _terminate)
    built = pipeline.build(root, output, timestamp)
    _finish(built.loaded, output_format)
    assert built.package is not None
    info = built.package
    click.echo(
        f"Built {report.display_path(info.path)}: {_describe(built.loaded)},"
        f" {info.cards} cards, {info.media} media files (sha256 {info.sha256[:12]})."
    )


def _project(path: Path | None) -> Path:
    try:
        return pipeline.find_project(path)
    except pipeline.ProjectNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _timestamp(root: Path) -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}")
    return pipeline.build_timestamp(root, os.environ)


def _finish(loaded: Loaded, output_format: str | None, strict: bool = False) -> bool:
    """Print the problems (a JSON document is printed even when there are
    none); exit 1 when any is at error level, or a warning when ``strict``.
    Returns whether anything was printed."""
    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen == "json":
        click.echo(report.as_json(loaded.problems))
    elif not loaded.problems:
        return False
    elif chosen == "github":
        click.echo(report.as_github(loaded.problems))
    else:
        click.echo(report.as_text(loaded.problems, loaded.sources, _color()), err=True)
    status = report.exit_status(loaded.problems, strict)
    if status:
        sys.exit(status)
    return True


def _color() -> bool:
    return sys.stderr.isatty() and "NO_COLOR" not in os.environ


def _describe(loaded: Loaded) -> str:
    deck = loaded.deck
    if deck is None:
        return "deck"
    return f"{deck.name} ({len(deck.notes)} notes)"


def _terminate(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM into an ordinary exit so that the atomic writer's cleanup
    # runs and no temporary file is left beside the package.
    raise SystemExit(128 + signum)
