"""The preview command: what it writes, with problems too, and never a
partial site or a folder it must not replace."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from peerdeck import outputs
from peerdeck.preview import preview

from helpers import run_cli, write_project
from previewed import site_data

CARDS = """\
notes:
  - id: first
    front: What is first?
    back: The first.
  - id: second
    type: cloze
    text: The {{c1::second}} one.
"""
BROKEN = """\
notes:
  - id: good
    front: Still shown?
    back: Yes.
  - id: bad
    front: A note with a typo
    bakc: The key is wrong.
"""


def test_the_site_has_every_note_and_card(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    status, out, err = run_cli("preview", str(root), "-o", str(tmp_path / "site"))
    assert status == 0, (out, err)
    assert "Previewed 2 notes (2 cards)" in err
    data = site_data(tmp_path / "site")
    assert [note["i"] for note in data["notes"]] == ["first", "second"]
    assert data["notes"][1]["c"][0][1].startswith('The <span class="cloze"')
    assert data["problems"] == [] and data["title"] == "Test Deck"
    assert (tmp_path / "site" / "media").is_dir()


def test_a_project_with_errors_is_previewed_and_fails(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": BROKEN})
    status, out, _ = run_cli("preview", str(root), "-o", str(tmp_path / "site"))
    assert status == 1
    assert "PD004 unknown key 'bakc'" in out
    data = site_data(tmp_path / "site")
    good = [note for note in data["notes"] if note["i"] == "good"]
    assert good and good[0]["c"][0][1] == "Still shown?"
    assert good[0]["p"] == []
    found = {p["code"]: p["at"] for p in data["problems"]}
    assert found["PD004"] == "notes.yaml:7:5" and set(found) == {"PD004", "PD006"}


def test_problems_sit_beside_their_note(tmp_path: Path) -> None:
    cards = CARDS.replace("What is first?", "Is it the first?")
    root = write_project(tmp_path / "project", {"notes.yaml": cards})
    result = preview(root, tmp_path / "site")
    assert result.path is not None
    first, second = site_data(tmp_path / "site")["notes"]
    assert {"PD111", "PD115"} <= {p["code"] for p in first["p"]}  # yes/no, no source
    assert {p["code"] for p in second["p"]} == {"PD115"}
    assert first["p"][0]["severity"] == "warning"


def test_a_folder_that_is_not_a_preview_is_never_replaced(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    for target in (other, root, root.parent):
        status, out, _ = run_cli("preview", str(root), "-o", str(target))
        assert status == 1 and "PD051" in out
    assert (other / "keep.txt").read_text() == "mine"
    assert not (root / "index.html").exists()


def test_a_new_preview_replaces_the_last_one_whole(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    site = tmp_path / "site"
    assert preview(root, site).path == site
    (site / "media" / "stale.png").write_bytes(b"old")
    (root / "notes.yaml").write_text(CARDS.replace("What is first?", "What is now first?"))
    assert preview(root, site).path == site
    assert not (site / "media" / "stale.png").exists()
    assert site_data(site)["notes"][0]["c"][0][1] == "What is now first?"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_failed_write_leaves_the_last_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    site = tmp_path / "site"
    preview(root, site)
    before = (site / "index.html").read_text()

    def refuse(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "rename", refuse)
    (root / "notes.yaml").write_text(CARDS.replace("What is first?", "Changed?"))
    result = preview(root, site)
    assert result.path is None
    failed = [p for p in result.loaded.problems if p.code == "PD018"]
    assert len(failed) == 1 and "No space left on device" in failed[0].message
    assert (site / "index.html").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_what_a_killed_preview_left_is_undone(tmp_path: Path) -> None:
    """A preview killed between its two renames left the old site aside and
    no site: the next one puts it back before writing, and removes the rest."""
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    site = tmp_path / "site"
    preview(root, site)
    dead = _dead_pid()
    host = outputs._HOST
    aside = tmp_path / f".site.peerdeck-folder-{host}-{dead}-abcd.old"
    half = tmp_path / f".site.peerdeck-folder-{host}-{dead}-abcd.new"
    site.rename(aside)
    half.mkdir()
    outputs._remove_folder_leftovers(tmp_path)
    assert site.is_dir() and not aside.exists() and not half.exists()


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_an_interrupted_preview_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    site = tmp_path / "site"

    def interrupted(*_: object) -> str:
        os.kill(os.getpid(), signal.SIGINT)
        return ""

    monkeypatch.setattr("peerdeck.preview.site.page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        preview(root, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_open_shows_the_page_in_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    status, _, _ = run_cli("preview", str(root), "-o", str(tmp_path / "site"), "--open")
    assert status == 0
    assert opened == [(tmp_path / "site" / "index.html").resolve().as_uri()]


def test_the_same_project_gives_the_same_site(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    first = preview(root, tmp_path / "one").path
    second = preview(root, tmp_path / "two").path
    assert first is not None and second is not None
    assert (first / "index.html").read_bytes() == (second / "index.html").read_bytes()
