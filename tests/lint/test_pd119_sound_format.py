from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_sounds_anki_may_not_play_are_reported(tmp_path: Path) -> None:
    cards = """notes:
  - id: one
    front: 'Hear [sound:media/a.mp3] and [sound:media/b.wma]'
    back: '[sound:media/c.OGG]'
"""
    files: dict[str, str | bytes] = {"media/a.mp3": b"1", "media/b.wma": b"2", "a.yaml": cards}
    files["media/c.OGG"] = b"3"
    write_project(tmp_path, files)
    [(path, line, column, message)] = lint_found(tmp_path, "PD119")
    assert (path, line, column) == ("a.yaml", 3, 42)
    assert message.startswith(
        "'front': 'media/b.wma' is a '.wma' file, which Anki may not play; convert it to one of"
    )
