"""``peerdeck preview``: the deck as a static site, and ``--serve`` to
rebuild it on save. Registered on the command line by ``cli``."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path

import click

from . import report
from .console import (
    FORMAT,
    PROJECT,
    QUIET,
    Command,
    finish,
    plural,
    project_root,
    shown_path,
)
from .preview import DEFAULT_OUTPUT, Preview, preview
from .preview.serve import PreviewServer


@click.command("preview", cls=Command)
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help=f"The site's folder, replaced whole.  [default: {DEFAULT_OUTPUT}]",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
@click.option(
    "--serve",
    is_flag=True,
    help="Serve the site on 127.0.0.1, rebuild it when a file changes, until Ctrl-C.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port for --serve (0: any free port).",
)
@FORMAT
@QUIET
def preview_command(
    project: Path | None,
    output: Path | None,
    open_page: bool,
    serve: bool,
    port: int,
    output_format: str | None,
    quiet: bool,
) -> None:
    """Write every card of the deck as Anki shows it, as a static offline site.

    The site (default build/preview/index.html) shows each note's cards,
    front and back, in light or night mode and at phone width, with a text
    and a tag filter, each note's check and lint problems beside it, and
    the problems that stop a build at the top. A project with errors still
    previews every note that could be read, and exits 1. With --serve, the
    site is served on 127.0.0.1 and rebuilt when a file of the project
    changes; the page reloads itself.

    \b
    Examples:
      peerdeck preview --open
      peerdeck preview cards -o site/
      peerdeck preview --serve --port 8001
    """
    root = project_root(project)
    target = output if output is not None else DEFAULT_OUTPUT
    if serve:
        _serve(root, target, port, open_page)
        return
    result = preview(root, target)
    if result.path is not None and not quiet:
        click.echo(_written(result, result.path), err=True)
    if result.path is not None and open_page:
        webbrowser.open((result.path / "index.html").resolve().as_uri())
    finish(result.loaded, output_format, quiet=quiet)


def _written(result: Preview, path: Path) -> str:
    return (
        f"Previewed {plural(result.notes, 'note')} ({plural(result.cards, 'card')})"
        f" in {shown_path(path / 'index.html')}."
    )


def _serve(root: Path, target: Path, port: int, open_page: bool) -> None:
    try:
        server = PreviewServer(root, target, port)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None
    stop = threading.Event()
    watcher = threading.Thread(target=server.watch, args=(_report, _failed, stop), daemon=True)
    _report(server.rebuild())
    click.echo(f"Serving {server.url} (Ctrl-C to stop)", err=True)
    if open_page:
        webbrowser.open(server.url)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=5)


def _report(result: Preview) -> None:
    """After each build: what was written and the problems, as a summary."""
    if result.path is not None:
        click.echo(_written(result, result.path), err=True)
    problems = result.loaded.problems
    if problems:
        click.echo(report.as_text(problems, result.loaded.sources, color=False))
        click.echo(report.summary(problems), err=True)


def _failed(exc: Exception) -> None:
    """After a build that raised: a bug, said in one line, and the watch goes on."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    click.echo(
        f"Could not rebuild the preview: {report.printable(what)} (a bug in peerdeck:"
        " please report it). The site is as it was; the next save rebuilds it.",
        err=True,
    )
