"""The command line: flags to settings, settings to the pipeline, results to
output and an exit status. The only module that prints or exits.

Exit status: 0 the sources are good (and the package was written), 1 the
sources have problems or the package cannot be written, 2 usage errors.
``diff`` exits 0 whether or not the releases differ.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from . import __version__, diff, json_schema, pipeline, release_notes, report, scaffold, stats
from .lock import LOCK_NAME
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
      peerdeck diff v1.apkg cards --format markdown
    """


@main.command()
@PROJECT
@FORMAT
@SOURCES
@STRICT
def check(
    project: Path | None, output_format: str | None, sources_dir: Path | None, strict: bool
) -> None:
    """Check a deck project and report every problem, writing nothing.

    Runs every check a build runs, including the lint rules at error level.
    PROJECT is the folder with deck.yaml (default: ./cards). Exit status is
    0 when the deck would build, 1 when it has problems, 2 on usage errors.

    \b
    Examples:
      peerdeck check
      peerdeck check path/to/cards --format json
      peerdeck check --sources ../articles
    """
    loaded = pipeline.check(_project(project), sources_dir)
    if not _finish(loaded, output_format, strict):
        click.echo(f"{_describe(loaded)}: no problems.")


@main.command()
@PROJECT
@FORMAT
@SOURCES
@STRICT
def lint(
    project: Path | None, output_format: str | None, sources_dir: Path | None, strict: bool
) -> None:
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
    loaded = pipeline.lint(_project(project), sources_dir)
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
    if output_format == "json":
        click.echo(report.printable_json(stats.as_json(collected)))
    else:
        click.echo(report.printable(stats.as_table(collected), keep_lines=True))


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
@click.option(
    "--locked",
    is_flag=True,
    help=f"Fail instead of updating {LOCK_NAME} when it does not record this release (for CI).",
)
@FORMAT
@SOURCES
def build(
    project: Path | None,
    output: Path | None,
    locked: bool,
    output_format: str | None,
    sources_dir: Path | None,
) -> None:
    """Check a deck project and write it as an Anki package (.apkg).

    PROJECT is the folder with deck.yaml (default: ./cards). The package is
    written atomically: a failed or interrupted build leaves any previous
    package untouched. The build records each note's content and the time
    it last changed in PROJECT/peerdeck.lock (commit it): unchanged notes
    keep their time, so learners' own edits of them survive the import.
    Changed notes get SOURCE_DATE_EPOCH, or the current time. The same
    sources and lock give the same bytes.

    \b
    Examples:
      peerdeck build
      peerdeck build cards -o dist/
      peerdeck build --locked     in CI: the committed lock must be current
    """
    root = _project(project)
    timestamp = _timestamp()
    signal.signal(signal.SIGTERM, _terminate)
    built = pipeline.build(root, output, timestamp, locked, sources_dir)
    if built.loaded.problems:  # else the summary below is all there is to say
        _finish(built.loaded, output_format)
    assert built.package is not None and built.release is not None
    info = built.package
    click.echo(
        f"Built {_shown_path(info.path)}: {_describe(built.loaded)},"
        f" {info.cards} cards, {info.media} media files (sha256 {info.sha256[:12]})."
    )
    if built.lock_written:
        changed = len(built.release.stale)
        click.echo(
            f"Recorded {_plural(changed, 'change')} in"
            f" {_shown_path(root / LOCK_NAME)}: commit it with the cards."
        )


@main.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", default=None, help="The deck's name.  [default: from DIRECTORY's name]")
def init(directory: Path, name: str | None) -> None:
    """Create a new deck project in DIRECTORY, ready to check and build.

    Writes cards/deck.yaml (with a fresh namespace id), an example card file
    with one note of each type citing an example source, .gitignore, and a
    GitHub Actions workflow that checks, builds and keeps the package.
    Refuses, writing nothing, when DIRECTORY already has a deck or a file
    it would overwrite.

    \b
    Examples:
      peerdeck init biology-101
      peerdeck init . --name "Spanish Verbs"
    """
    try:
        created = scaffold.create(directory, name)
    except (scaffold.ProjectExists, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the project: {exc}") from None
    folder = report.printable(str(directory))
    click.echo(f"Created the deck {created.name!r} (id {created.deck_id}) in {folder}:")
    for path in created.files:
        click.echo(f"  {_shown_path(path)}")
    click.echo(f"Next: cd {folder} && peerdeck build")


@main.command()
@click.argument("kind", type=click.Choice(sorted(json_schema.SCHEMAS)))
def schema(kind: str) -> None:
    """Print the JSON Schema of card files or of deck.yaml, for editors.

    Write it to a file and name it at the top of each YAML file, for
    yaml-language-server (VS Code's YAML extension, and others) to complete
    keys and flag mistakes as you type.

    \b
    Examples:
      peerdeck schema card > card.schema.json
      peerdeck schema deck > deck.schema.json
    """
    click.echo(json.dumps(json_schema.SCHEMAS[kind](), indent=2, ensure_ascii=False))


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
    if problems:
        loaded = Loaded(Path.cwd(), None, problems, sources)
        _finish(loaded, "json" if output_format == "json" else None)
    before, after = (side.snapshot for side in sides)
    assert before is not None and after is not None
    notes = release_notes.render(diff.compare(before, after), output_format)
    if output_format == "json":
        click.echo(report.printable_json(notes))
    else:
        click.echo(report.printable(notes, keep_lines=True))


def _project(path: Path | None) -> Path:
    try:
        return pipeline.find_project(path)
    except pipeline.ProjectNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _timestamp() -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}")
    return pipeline.build_timestamp(os.environ)


def _shown_path(path: Path) -> str:
    return report.printable(report.display_path(path))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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
    return f"{report.printable(deck.name)} ({len(deck.notes)} notes)"


def _terminate(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM into an ordinary exit so that the atomic writer's cleanup
    # runs and no temporary file is left beside the package.
    raise SystemExit(128 + signum)
