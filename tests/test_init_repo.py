"""``peerdeck init`` inside an existing repository, the workflows it writes,
and where they install peerdeck from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

from peerdeck import __version__, scaffold

from helpers import run_cli


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


class _Distribution:
    def __init__(self, direct_url: dict[str, Any] | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return None if self.direct_url is None else json.dumps(self.direct_url)


def installed_from(monkeypatch: pytest.MonkeyPatch, direct_url: dict[str, Any] | None) -> None:
    """Make the running peerdeck look installed as pip records ``direct_url``."""
    monkeypatch.setattr(metadata, "distribution", lambda name: _Distribution(direct_url))


def test_init_in_an_existing_repository_keeps_what_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "deck.yml").write_text("name: mine\n")
    (tmp_path / ".gitignore").write_text("*.pyc\nbuild/")  # no final newline
    (tmp_path / "README.md").write_text("My course.\n")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli("init", ".", "--name", "My Course", "--install", "peerdeck==9.9")
    assert status == 0
    lines = out.splitlines()
    assert "  .gitignore (added the lines it lacked)" in lines
    assert "  cards/deck.yaml" in lines and "  .github/workflows/release.yml" in lines
    left = lines.index(
        "Left alone, as they exist with other content (compare them with peerdeck's):"
    )
    assert lines[left + 1] == "  .github/workflows/deck.yml"
    assert "The workflows install peerdeck==9.9." in lines
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\nbuild/\ndist/\n.venv/\n"
    assert (tmp_path / ".github" / "workflows" / "deck.yml").read_text() == "name: mine\n"
    assert (tmp_path / "README.md").read_text() == "My course.\n"
    assert run_cli("check")[0] == 0  # found from the repository root
    # A second init refuses: there is a deck now.
    before = _tree(tmp_path)
    status, _, err = run_cli("init", ".")
    assert status == 1 and "is already a deck project" in err
    assert _tree(tmp_path) == before


def test_files_with_the_same_content_are_not_reported(tmp_path: Path) -> None:
    first = scaffold.create(tmp_path / "a", "Deck", install="peerdeck==1.0.0")
    (tmp_path / "b" / "sources").mkdir(parents=True)
    shutil.copy(first.root / "sources" / "flashcards.md", tmp_path / "b" / "sources")
    second = scaffold.create(tmp_path / "b", "Deck", install="peerdeck==1.0.0")
    assert second.left_alone == () and second.appended == ()
    assert tmp_path / "b" / "sources" / "flashcards.md" not in second.files


def test_card_files_name_their_schema_on_the_first_line(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    created = scaffold.create(tmp_path / "deck")
    for name, kind in (("deck.yaml", "deck"), ("10-examples.yaml", "card")):
        path = created.root / "cards" / name
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        schema = json.loads(schema_path.read_text())
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)
    assert run_cli("schema", "card")[1] == (created.root / "schemas/card.schema.json").read_text()


@pytest.mark.parametrize(
    ("direct_url", "spec", "caution"),
    [
        (None, f"peerdeck=={__version__}", False),
        (
            {
                "url": "https://github.com/example/peerdeck.git",
                "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "main"},
            },
            "peerdeck @ git+https://github.com/example/peerdeck.git@0123abc",
            False,
        ),
        (
            {"url": "https://example.org/peerdeck-1.0.tar.gz", "archive_info": {}},
            "peerdeck @ https://example.org/peerdeck-1.0.tar.gz",
            False,
        ),
        (
            {"url": "file:///home/me/peerdeck", "dir_info": {"editable": True}},
            f"peerdeck=={__version__}",
            True,
        ),
    ],
)
def test_the_workflows_install_peerdeck_from_where_it_came_from(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    direct_url: dict[str, Any] | None,
    spec: str,
    caution: bool,
) -> None:
    installed_from(monkeypatch, direct_url)
    assert scaffold.install_spec().spec == spec
    created = scaffold.create(tmp_path / "deck")
    for workflow in ("deck.yml", "release.yml"):
        text = (created.root / ".github" / "workflows" / workflow).read_text()
        steps = yaml.safe_load(text)["jobs"][workflow.split(".")[0]]["steps"]
        assert {"name": "Install peerdeck", "run": f'python -m pip install "{spec}"'} in steps
    status, out, err = run_cli("init", str(tmp_path / "other"))
    assert status == 0 and f"The workflows install {spec}.\n" in out
    assert ("CI cannot reach" in err) is caution


def _release_script(root: Path) -> str:
    workflow = yaml.safe_load((root / ".github" / "workflows" / "release.yml").read_text())
    assert workflow[True] == {"push": {"tags": ["v[0-9]*.[0-9]*.[0-9]*"]}}
    assert workflow["permissions"] == {"contents": "write"}
    steps = workflow["jobs"]["release"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    publish = next(step for step in steps if step.get("name") == "Publish it")
    assert publish["run"].startswith('gh release create "$GITHUB_REF_NAME" dist/* ')
    return str(next(step for step in steps if step.get("name") == "Write the release")["run"])


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_release_workflow_releases_each_tag_since_the_last(tmp_path: Path) -> None:
    created = scaffold.create(tmp_path / "course", "Course", install="peerdeck")
    root = created.root
    script = _release_script(root)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "SOURCE_DATE_EPOCH": "1700000000",
        "GIT_AUTHOR_NAME": "Author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Author",
        "GIT_COMMITTER_EMAIL": "author@example.org",
    }

    def sh(command: str, **extra: str) -> None:
        subprocess.run(
            ["bash", "-euc", command],
            cwd=root,
            env={**env, **extra},
            check=True,
            capture_output=True,
        )

    sh("git init -q && peerdeck lock -q && git add -A && git commit -qm 1 && git tag v1.0.0")
    sh(script, GITHUB_REF_NAME="v1.0.0")
    first = (root / "dist" / f"{created.deck_id}-1.0.0.md").read_text()
    assert "5 notes added" in first
    cards = root / "cards" / "10-examples.yaml"
    cards.write_text(cards.read_text().replace("easier to review", "quicker to review"))
    sh("peerdeck lock -q && git commit -qam 2 && git tag v1.1.0")
    sh(script, GITHUB_REF_NAME="v1.1.0")
    notes = (root / "dist" / f"{created.deck_id}-1.1.0.md").read_text()
    assert notes.startswith("# Course 1.1.0: release notes\n\n1 note changed.\n")
    assert (root / "dist" / "SHA256SUMS").read_text().count("\n") == 2
