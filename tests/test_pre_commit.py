"""The pre-commit hooks other repositories use, and this repository's own,
run real peerdeck commands; the README shows the configuration that is
really here."""

from __future__ import annotations

import shlex
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from peerdeck.cli import main

from helpers import write_project

ROOT = Path(__file__).parent.parent
GOOD = "notes:\n  - {id: a, front: Q, back: A}\n"


def _hooks(path: Path) -> dict[str, dict[str, Any]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    hooks = document if isinstance(document, list) else document["repos"][0]["hooks"]
    return {hook["id"]: hook for hook in hooks}


def _published() -> dict[str, dict[str, Any]]:
    return _hooks(ROOT / ".pre-commit-hooks.yaml")


def _invoke(hook: dict[str, Any], *args: str) -> Any:
    program, *arguments = shlex.split(hook["entry"])
    assert program == "peerdeck"
    return CliRunner().invoke(main, [*arguments, *args])


def test_the_hooks_install_peerdeck_and_run_on_every_commit() -> None:
    hooks = _published()
    assert sorted(hooks) == ["peerdeck-check", "peerdeck-lock"]
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        # pre-commit passes hooks no deleted files: only always_run sees a
        # commit that deletes an image the cards use.
        assert hook["always_run"] is True and "files" not in hook
        program, command, *_ = shlex.split(hook["entry"])
        (script,) = entry_points(group="console_scripts", name=program)
        assert script.load() is main and command in main.commands


def test_the_check_hook_fails_on_a_bad_deck_and_a_deleted_image(tmp_path: Path) -> None:
    hook = _published()["peerdeck-check"]
    card = "notes:\n  - {id: a, front: '![x](media/x.png)', back: A}\n"
    project = write_project(tmp_path / "cards", {"a.yaml": card, "media/x.png": b"\x89PNG"})
    assert _invoke(hook, str(project)).exit_code == 0
    (project / "media" / "x.png").unlink()
    result = _invoke(hook, str(project))
    assert result.exit_code == 1 and "PD014" in result.stdout


def test_the_lock_hook_fails_when_it_changed_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _published()["peerdeck-lock"]
    project = write_project(tmp_path / "cards", {"a.yaml": GOOD})
    monkeypatch.chdir(tmp_path)
    result = _invoke(hook)
    assert result.exit_code == 1 and (project / "peerdeck.lock").is_file()
    assert "Recorded 2 changes in cards/peerdeck.lock" in result.stdout
    assert _invoke(hook).exit_code == 0  # staged and unchanged: the commit goes on
    (project / "a.yaml").write_text(GOOD.replace("back: A", "back: B"))
    assert _invoke(hook).exit_code == 1


def test_this_repositorys_hooks_are_the_published_ones_run_locally() -> None:
    local = _hooks(ROOT / ".pre-commit-config.yaml")
    published = _published()
    assert sorted(local) == sorted(published)
    for name, hook in local.items():
        assert hook["language"] == "system"
        for key in ("entry", "pass_filenames", "always_run"):
            assert hook[key] == published[name][key]


def test_the_readme_shows_this_repositorys_configuration() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    body = "".join(line + "\n" for line in config.splitlines() if not line.startswith("#"))
    assert f"```yaml\n{body}```" in readme
    assert "OWNER" not in readme
