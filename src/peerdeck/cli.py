"""The command line: flags to settings, settings to the pipeline, results to
output and an exit status. The only module that prints or exits.

Exit status: 0 the sources are good (and the package was written), 1 the
sources have problems or the package cannot be written, 2 usage errors.
``diff`` exits 0 whether or not the releases differ.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from . import __version__, diff, pipeline, release_notes, report
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="peerdeck")
def main() -> None:
    """Compile YAML flashcards into Anki packages that update in place.

    \b
    Examples:
      peerdeck check              check ./cards, write nothing
      peerdeck build              build ./cards into build/<deck id>.apkg
      peerdeck build decks/bio -o out/bio.apkg
      peerdeck diff v1.apkg cards --format markdown
    """


@main.command()
@PROJECT
@FORMAT
def check(project: Path | None, output_format: str | None) -> None:
    """Check a deck project and report every problem, writing nothing.

    PROJECT is the folder with deck.yaml (default: ./cards). Exit status is
    0 when the deck would build, 1 when it has problems, 2 on usage errors.

    \b
    Examples:
      peerdeck check
      peerdeck check path/to/cards --format json
    """
    loaded = pipeline.check(_project(project))
    _finish(loaded, output_format)
    click.echo(f"{_describe(loaded)}: no problems.")


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


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(release_notes.FORMATS),
    default="text",
    help="text (default), markdown (release notes for learners) or json.",
)
def diff_command(old: Path, new: Path, output_format: str) -> None:
    """List what changed between two releases of a deck, for release notes.

    OLD and NEW are each an .apkg file or a deck project folder (a folder
    with cards/deck.yaml works too, such as a checkout of the last release).
    Notes are matched by GUID, as Anki matches them. Exit status is 0 whether
    or not there are differences, 1 when an input cannot be read or has
    problems, 2 on usage errors.

    \b
    Examples:
      peerdeck diff build/v1.apkg cards
      peerdeck diff ../last-release . --format markdown > CHANGES.md
      peerdeck diff old.apkg new.apkg --format json
    """
    sides = [diff.read(old), diff.read(new)]
    problems = sorted(p for side in sides for p in side.problems)
    sources = {path: source for side in sides for path, source in side.sources.items()}
    _finish(
        Loaded(Path.cwd(), None, problems, sources), "json" if output_format == "json" else None
    )
    before, after = (side.snapshot for side in sides)
    assert before is not None and after is not None
    click.echo(release_notes.render(diff.compare(before, after), output_format))


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


def _finish(loaded: Loaded, output_format: str | None) -> None:
    """Print the problems; exit 1 when there are any at error level."""
    if not loaded.problems:
        return
    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen == "json":
        click.echo(report.as_json(loaded.problems))
    elif chosen == "github":
        click.echo(report.as_github(loaded.problems))
    else:
        click.echo(report.as_text(loaded.problems, loaded.sources, _color()), err=True)
    status = report.exit_status(loaded.problems)
    if status:
        sys.exit(status)


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
