"""One family of exceptions, printed by the command line in one place."""

from __future__ import annotations

import inspect
from pathlib import Path

from click.testing import CliRunner

from peerdeck import errors
from peerdeck.cli import main
from peerdeck.errors import PeerdeckError, WriteFailed


def test_every_exception_peerdeck_raises_on_purpose_is_of_the_family() -> None:
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception)
    ]
    assert len(classes) > 5
    assert all(issubclass(c, PeerdeckError) for c in classes)


def test_a_failed_write_is_still_an_os_error() -> None:
    failed = WriteFailed(Path("deck.apkg"), "No space left on device")
    assert isinstance(failed, OSError) and isinstance(failed, PeerdeckError)
    assert str(failed) == "No space left on device" and failed.path == Path("deck.apkg")


def test_the_command_line_prints_errors_with_their_exit_status(tmp_path: Path) -> None:
    runner = CliRunner()
    usage = runner.invoke(main, ["check", str(tmp_path)])
    assert usage.exit_code == 2 and "Usage: main check" in usage.output
    assert f"Error: no deck project at {tmp_path}" in usage.output
    version = runner.invoke(main, ["release", str(tmp_path), "--version", "one"])
    assert version.exit_code == 2
    assert "Invalid value for --version: the version must be X.Y.Z" in version.output
    named = runner.invoke(main, ["init", str(tmp_path / "deck"), "--name", " "])
    assert named.exit_code == 1 and named.output == "Error: the deck name is empty\n"
    assert not (tmp_path / "deck").exists()
