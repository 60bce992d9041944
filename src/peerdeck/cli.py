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

from . import (
    __version__,
    diff,
    json_schema,
    pipeline,
    release,
    release_notes,
    report,
    scaffold,
    stats,
)
from . import lint as lint_rules
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
QUIET = click.option(
    "-q", "--quiet", is_flag=True, help="Print only the problems: no summary, no progress."
)
LOCKED = click.option(
    "--locked",
    is_flag=True,
    help=f"Fail when {LOCK_NAME} does not record the sources as they are (for CI).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="peerdeck")
def main() -> None:
    """Compile YAML flashcards into Anki packages that update in place.

    \b
    Examples:
      peerdeck check              check the project, write nothing
      peerdeck lint               check, then look for weak cards
      peerdeck lock               record the sources in peerdeck.lock
      peerdeck build              build into build/<deck id>.apkg
      peerdeck build decks/bio -o out/bio.apkg
      peerdeck diff v1.apkg cards --format markdown
      peerdeck release --version 1.2.0 --since v1.1.0
      peerdeck rule PD109         what a lint rule reports, and why

    With no PROJECT, peerdeck uses the nearest folder, from the working
    folder upwards, that holds deck.yaml or cards/deck.yaml.
    """


@main.command()
@PROJECT
@FORMAT
@SOURCES
@STRICT
@LOCKED
@QUIET
def check(
    project: Path | None,
    output_format: str | None,
    sources_dir: Path | None,
    strict: bool,
    locked: bool,
    quiet: bool,
) -> None:
    """Check a deck project and report every problem, writing nothing.

    Runs every check a build runs, including the lint rules at error level.
    A peerdeck.lock that is merely behind the sources is not an error: check
    says which notes the next 'peerdeck lock' or build records. With
    --locked it is one. PROJECT is the folder with deck.yaml (default: the
    nearest one from here upwards). Exit status is 0 when the deck would
    build, 1 when it has problems, 2 on usage errors.

    \b
    Examples:
      peerdeck check
      peerdeck check path/to/cards --format json
      peerdeck check --locked     in CI: the committed lock must be current
      peerdeck check --sources ../articles
    """
    loaded = pipeline.check(_project(project), sources_dir, locked=locked)
    _finish(loaded, output_format, strict, quiet, f"{_describe(loaded)}: no problems.")


@main.command()
@PROJECT
@FORMAT
@SOURCES
@STRICT
@QUIET
def lint(
    project: Path | None,
    output_format: str | None,
    sources_dir: Path | None,
    strict: bool,
    quiet: bool,
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
      peerdeck rule --all         the rules, one a line
    """
    loaded = pipeline.lint(_project(project), sources_dir)
    _finish(loaded, output_format, strict, quiet, f"{_describe(loaded)}: no problems.")


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
    _pending(loaded)
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
@LOCKED
@FORMAT
@SOURCES
@QUIET
def build(
    project: Path | None,
    output: Path | None,
    locked: bool,
    output_format: str | None,
    sources_dir: Path | None,
    quiet: bool,
) -> None:
    """Check a deck project and write it as an Anki package (.apkg).

    PROJECT is the folder with deck.yaml (default: the nearest one from
    here upwards). The package is
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
        _finish(built.loaded, output_format, quiet=quiet)
    assert built.package is not None and built.release is not None
    info = built.package
    if not quiet:
        click.echo(
            f"Built {report.display_path(info.path)}: {_describe(built.loaded)},"
            f" {info.cards} cards, {info.media} media files (sha256 {info.sha256[:12]})."
        )
    _recorded(built, root, quiet)


@main.command()
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
    root = _project(project)
    built = pipeline.lock(root, _timestamp(), sources_dir)
    if built.loaded.problems:
        _finish(built.loaded, output_format, quiet=quiet)
    assert built.release is not None
    if not built.lock_written and not quiet:
        click.echo(f"{report.display_path(root / LOCK_NAME)} is up to date.")
    _recorded(built, root, quiet)
    if fail_on_change and built.lock_written:
        sys.exit(1)


def _recorded(built: pipeline.Built, root: Path, quiet: bool) -> None:
    if built.lock_written and built.release is not None and not quiet:
        changed = len(built.release.stale)
        click.echo(
            f"Recorded {_plural(changed, 'change')} in"
            f" {report.display_path(root / LOCK_NAME)}: commit it with the cards."
        )


@main.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", default=None, help="The deck's name.  [default: from DIRECTORY's name]")
@click.option(
    "--install",
    default=None,
    metavar="SPEC",
    help="The pip requirement the workflows install peerdeck with."
    "  [default: where this peerdeck came from]",
)
def init(directory: Path, name: str | None, install: str | None) -> None:
    """Create a new deck project in DIRECTORY, ready to check and build.

    Writes cards/deck.yaml (with a fresh namespace id), an example card file
    with one note of each type citing an example source, the JSON Schemas
    the card files name on their first line (for editors), .gitignore, and
    GitHub Actions workflows: one checks and builds on every push, one
    publishes a release on each version tag. DIRECTORY may be an existing
    repository: lines missing from its .gitignore are added, and any other
    file that exists is left alone (init says which). Refuses, writing
    nothing, when DIRECTORY already has a deck.

    \b
    Examples:
      peerdeck init biology-101
      peerdeck init . --name "Spanish Verbs"
      peerdeck init . --install "peerdeck @ git+https://example.org/peerdeck@v1.0.0"
    """
    try:
        created = scaffold.create(directory, name, install)
    except (scaffold.ProjectExists, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the project: {exc}") from None
    click.echo(f"Created the deck {created.name!r} (id {created.deck_id}) in {directory}:")
    for path in created.files:
        click.echo(f"  {report.display_path(path)}")
    for path in created.appended:
        click.echo(f"  {report.display_path(path)} (added the lines it lacked)")
    if created.left_alone:
        click.echo("Left alone, as they exist with other content (compare them with peerdeck's):")
        for path in created.left_alone:
            click.echo(f"  {report.display_path(path)}")
    click.echo(f"The workflows install {created.install.spec}.")
    if created.install.caution:
        click.echo(f"Note: {created.install.caution}.", err=True)
    click.echo(f"Next: cd {directory} && peerdeck build")


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
    click.echo(release_notes.render(diff.compare(before, after), output_format))


@main.command()
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


@main.command("release")
@PROJECT
@click.option("--version", "version", required=True, help="The release's version, X.Y.Z.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=release.DEFAULT_DIR,
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
    try:
        release.parse_version(version)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--version") from None
    root = _project(project)
    done = release.make(root, version, output, since, _timestamp())
    _finish(done.loaded, output_format, strict=True, quiet=quiet)
    if not quiet:
        for path in done.files:
            click.echo(f"Wrote {report.display_path(path)}")
        if done.lock_written:
            click.echo(
                f"Recorded version {version} in {report.display_path(root / LOCK_NAME)}: commit it."
            )


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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _finish(
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
        click.echo(report.as_text(loaded.problems, loaded.sources, _color()))
    if not quiet:
        if loaded.problems:
            click.echo(report.summary(loaded.problems), err=True)
        elif clean is not None:
            click.echo(clean, err=True)
    status = report.exit_status(loaded.problems, strict)
    if status:
        sys.exit(status)
    if not quiet:
        _pending(loaded)


def _pending(loaded: Loaded) -> None:
    if loaded.pending:
        click.echo(report.pending(loaded.pending, loaded.unlocked), err=True)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _describe(loaded: Loaded) -> str:
    deck = loaded.deck
    if deck is None:
        return "deck"
    return f"{deck.name} ({len(deck.notes)} notes)"


def _terminate(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM into an ordinary exit so that the atomic writer's cleanup
    # runs and no temporary file is left beside the package.
    raise SystemExit(128 + signum)
