"""The command line: flags to settings, settings to the pipeline, results to
output and an exit status. With ``console`` (its options and output) and
``cli_release`` (the release commands), the only modules that print or exit.

Exit status: 0 the sources are good (and the package was written), 1 the
sources have problems or the package cannot be written, 2 usage errors.
``diff`` exits 0 whether or not the releases differ.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path

import click

from . import (
    __version__,
    cli_preview,
    cli_release,
    importer,
    json_schema,
    pipeline,
    report,
    scaffold,
    stats,
)
from .console import FORMAT, LOCKED, PROJECT, QUIET, SOURCES, STRICT, Group
from .console import beside_json as _beside_json
from .console import describe as _describe
from .console import finish as _finish
from .console import pending as _pending
from .console import plural as _plural
from .console import project_root as _project
from .console import recorded as _recorded
from .console import shown_path as _shown_path
from .console import terminate as _terminate
from .console import timestamp as _timestamp
from .diff import release_notes, snapshot
from .diff.compare import compare
from .errors import ProjectNotFound
from .pipeline import Loaded
from .problems import Problem
from .project import find_project
from .settings import RunSettings


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
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
      peerdeck preview --open     every card as Anki shows it, in a browser

    With no PROJECT, peerdeck uses the nearest folder, from the working
    folder upwards, that holds deck.yaml or cards/deck.yaml.
    """
    # A terminated or hung-up command ends as an interrupted one does,
    # removing its temporary files on the way out.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)


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
    loaded = pipeline.check(RunSettings(_project(project), sources_dir, locked))
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
    loaded = pipeline.lint(RunSettings(_project(project), sources_dir))
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
    reversed notes, one per cloze number for cloze notes, and for a project's
    own note types the cards Anki makes. A deck with errors prints its
    problems instead (exit status 1).

    \b
    Examples:
      peerdeck stats
      peerdeck stats path/to/cards --format json
    """
    loaded = pipeline.lint(RunSettings(_project(project)))
    if loaded.deck is None or not loaded.ok:
        _finish(loaded, "json" if output_format == "json" else None)
        return
    _pending(loaded)
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
    type=click.Path(),
    default=None,
    help="Where to write the package: a file, or a folder (an existing one, or"
    " a name ending with /) for <deck id>.apkg; never a file of the project."
    "  [default: build/<deck id>.apkg]",
)
@LOCKED
@FORMAT
@SOURCES
@QUIET
def build(
    project: Path | None,
    output: str | None,
    locked: bool,
    output_format: str | None,
    sources_dir: Path | None,
    quiet: bool,
) -> None:
    """Check a deck project and write it as an Anki package (.apkg).

    PROJECT is the folder with deck.yaml (default: the nearest one from
    here upwards). The package and the lock are written together,
    atomically: a failed or interrupted build leaves the previous package
    and lock untouched. The build records each note's content and the time
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
    settings = RunSettings(
        root,
        sources_dir,
        locked,
        output=Path(output) if output is not None else None,
        into_folder=output is not None and output.endswith(("/", os.sep)),
        timestamp=_timestamp(),
    )
    built = pipeline.build(settings)
    _finish(built.loaded, output_format, quiet=quiet)
    info = built.package
    aside = _beside_json(output_format)
    if info is not None and not quiet:
        click.echo(
            f"Built {_shown_path(info.path)}: {_describe(built.loaded)},"
            f" {info.cards} cards, {info.media} media files (sha256 {info.sha256[:12]}).",
            err=aside,
        )
    _recorded(built, root, quiet, err=aside)


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
    except OSError as exc:
        raise click.ClickException(f"cannot write the project: {exc}") from None
    folder = report.printable(str(directory))
    click.echo(f"Created the deck {created.name!r} (id {created.deck_id}) in {folder}:")
    for path in created.files:
        click.echo(f"  {_shown_path(path)}")
    for path in created.appended:
        click.echo(f"  {_shown_path(path)} (added the lines it lacked)")
    if created.left_alone:
        click.echo("Left alone, as they exist with other content (compare them with peerdeck's):")
        for path in created.left_alone:
            click.echo(f"  {_shown_path(path)}")
    click.echo(f"The workflows install {report.printable(created.install.spec)}.")
    if created.install.caution:
        click.echo(f"Note: {report.printable(created.install.caution)}.", err=True)
    click.echo(f"Next: cd {folder} && peerdeck build")


@main.command()
@click.argument("kind", type=click.Choice(sorted(json_schema.SCHEMAS)))
def schema(kind: str) -> None:
    """Print the JSON Schema of card files, deck.yaml or note-type.yaml, for editors.

    Write it to a file and name it at the top of each YAML file, for
    yaml-language-server (VS Code's YAML extension, and others) to complete
    keys and flag mistakes as you type. Run inside a project, the schema
    includes the project's own note types (note-types/) and their fields.

    \b
    Examples:
      peerdeck schema card > card.schema.json
      peerdeck schema deck > deck.schema.json
      peerdeck schema note-type > note-type.schema.json
    """
    custom = {}
    with contextlib.suppress(ProjectNotFound):
        custom = pipeline.project_note_types(find_project(None)).types
    click.echo(json.dumps(json_schema.SCHEMAS[kind](custom), indent=2, ensure_ascii=False))


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
    sides = [snapshot.read(old), snapshot.read(new)]
    problems = sorted(p for side in sides for p in side.problems)
    sources = {path: source for side in sides for path, source in side.sources.items()}
    if problems:
        loaded = Loaded(Path.cwd(), None, problems, sources)
        _finish(loaded, "json" if output_format == "json" else None)
    before, after = (side.snapshot for side in sides)
    if before is None or after is None:  # an unread side has said why
        raise click.ClickException("a release to compare cannot be read")
    notes = release_notes.render(compare(before, after), output_format)
    if output_format == "json":
        click.echo(report.printable_json(notes))
    else:
        click.echo(report.printable(notes, keep_lines=True))


main.add_command(cli_release.lock)
main.add_command(cli_release.rule)
main.add_command(cli_release.release_command)
main.add_command(cli_preview.preview_command)


@main.command("import")
@click.argument("package", type=click.Path(path_type=Path))
@click.argument("directory", type=click.Path(path_type=Path))
def import_command(package: Path, directory: Path) -> None:
    """Make a new project in DIRECTORY from an Anki deck: an .apkg in any
    format Anki writes, or a CrowdAnki export folder.

    Keeps what learners' collections depend on: every note's GUID and every
    note type's id (recorded in peerdeck.lock, so the first build updates
    learners' notes in place), fields byte for byte (raw HTML), field and
    template names, ids and order, CSS, the deck tree, tags, the order of
    new cards and media. Refuses, writing nothing, when DIRECTORY exists
    and is not empty, or when the package cannot be read safely.

    \b
    Examples:
      peerdeck import french.apkg french
      peerdeck import ~/crowdanki/French french
      cd french && peerdeck build
    """
    try:
        imported = importer.import_deck(package, directory, _timestamp())
    except importer.ImportRefused as exc:
        where = directory if exc.code == importer.CANNOT_WRITE else package
        problem = Problem(where, 1, 1, exc.code, exc.message)
        _finish(Loaded(Path.cwd(), None, [problem]), None)
        return
    folder = report.printable(str(directory))
    click.echo(
        f"Imported {report.printable(imported.deck)} into {folder}:"
        f" {_plural(imported.notes, 'note')}, {_plural(imported.note_types, 'note type')},"
        f" {_plural(imported.media, 'media file')}"
        f" in {_plural(len(imported.card_files), 'card file')}."
    )
    for notice in imported.notices:
        click.echo(f"Note: {report.printable(notice)}.", err=True)
    click.echo(f"Next: cd {folder} && peerdeck build")
