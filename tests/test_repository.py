"""This repository publishes the bundled deck as a deck repository made by
``peerdeck init`` would, and declares its license truly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from peerdeck import scaffold
from peerdeck.cli import main

ROOT = Path(__file__).parent.parent


def _steps(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["release"]["steps"]
    return {step.get("name", step.get("uses")): step for step in steps}


def test_version_tags_publish_the_bundled_deck(tmp_path: Path) -> None:
    ours = ROOT / ".github" / "workflows" / "release.yml"
    workflow = yaml.safe_load(ours.read_text(encoding="utf-8"))
    created = scaffold.create(tmp_path / "deck", install="peerdeck")
    theirs = created.root / ".github" / "workflows" / "release.yml"
    assert workflow[True] == yaml.safe_load(theirs.read_text())[True]  # 'on': version tags
    steps, generated = _steps(ours), _steps(theirs)
    # The same release script that the test of init's workflow runs for real.
    assert steps["Write the release"] == generated["Write the release"]
    assert steps["Install peerdeck"]["run"] == "python -m pip install ."  # this checkout
    publish = steps["Publish it"]["run"]
    assert 'gh release create "$GITHUB_REF_NAME" dist/*' in publish
    assert '--notes-file "dist/peer-support-${GITHUB_REF_NAME#v}.md"' in publish


def test_the_license_file_matches_the_declared_license() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', pyproject, re.MULTILINE)
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_changelog_names_every_command() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for command in main.commands:
        assert f"`peerdeck {command}" in changelog or f"`{command}`" in changelog, command
