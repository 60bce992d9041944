"""Finding the project on disk, and listing its card files."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdeck import codes
from peerdeck.errors import ProjectNotFound
from peerdeck.project import DECK_FILE, card_files, find_project


def _touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_project_is_found_walking_up_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(tmp_path / "repo" / "cards" / DECK_FILE)
    (tmp_path / "repo" / "docs" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo" / "docs" / "deep")
    assert find_project(None) == tmp_path / "repo" / "cards"
    monkeypatch.chdir(tmp_path / "repo")
    assert find_project(None) == Path("cards")  # below the working folder: as typed
    assert find_project(tmp_path / "repo") == tmp_path / "repo" / "cards"


def test_a_folder_without_a_deck_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFound, match=r"expected deck\.yaml or cards/deck\.yaml"):
        find_project(tmp_path)


def test_card_files_come_in_folder_order_without_hidden_ones(tmp_path: Path) -> None:
    for name in ["b.yaml", "a/z.yml", "a.yaml", ".hidden.yaml", ".git/x.yaml", "n.txt"]:
        _touch(tmp_path / name)
    _touch(tmp_path / DECK_FILE)
    paths, problems = card_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["a/z.yml", "a.yaml", "b.yaml"]
    assert problems == []


def test_a_linked_folder_of_card_files_is_reported_not_followed(tmp_path: Path) -> None:
    _touch(tmp_path / "elsewhere" / "c.yaml")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "linked").symlink_to(tmp_path / "elsewhere")
    paths, problems = card_files(tmp_path / "p")
    assert paths == []
    assert [(p.path, p.code) for p in problems] == [
        (tmp_path / "p" / "linked", codes.FOLDER_NOT_READ)
    ]
