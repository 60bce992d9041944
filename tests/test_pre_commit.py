"""The pre-commit hook other repositories use runs a real peerdeck command."""

from __future__ import annotations

import re
import shlex
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from peerdeck.cli import main

from helpers import write_project

ROOT = Path(__file__).parent.parent


def _hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["peerdeck-check"]
    hook: dict[str, Any] = hooks[0]
    return hook


def test_the_hook_installs_peerdeck_and_checks_the_whole_project() -> None:
    hook = _hook()
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    program, *arguments = shlex.split(hook["entry"])
    (script,) = entry_points(group="console_scripts", name=program)
    assert script.load() is main
    assert arguments == ["check"]
    assert arguments[0] in main.commands


def test_the_hook_runs_on_yaml_files_only() -> None:
    files = re.compile(_hook()["files"])
    assert files.search("cards/deck.yaml")
    assert files.search("cards/10-basics.yml")
    assert not files.search("README.md")


def test_the_hook_entry_fails_on_a_bad_deck_and_passes_a_good_one(tmp_path: Path) -> None:
    arguments = shlex.split(_hook()["entry"])[1:]
    good = write_project(tmp_path / "good", {"a.yaml": "notes:\n  - {id: a, front: Q, back: A}\n"})
    bad = write_project(tmp_path / "bad", {"a.yaml": "notes:\n  - {id: a, front: Q}\n"})
    assert CliRunner().invoke(main, [*arguments, str(good)]).exit_code == 0
    result = CliRunner().invoke(main, [*arguments, str(bad)])
    assert result.exit_code == 1
    assert "PD006" in result.stdout
