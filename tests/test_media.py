"""Stored media names: safe on every system Anki runs on."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from peerdeck import pipeline

from helpers import write_project


def test_stored_names_are_normalised_and_windows_safe(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "café")
    cards = (
        "notes:\n"
        f"  - {{id: one, front: '![x](media/{decomposed}.png)', back: 'b'}}\n"
        "  - {id: two, front: '[sound:media/what: now|then?.mp3]', back: 'b'}\n"
    )
    files: dict[str, str | bytes] = {"c.yaml": cards, f"media/{decomposed}.png": b"png"}
    files["media/what: now|then?.mp3"] = b"mp3"
    project = write_project(tmp_path / "cards", files)
    loaded = pipeline.load(project)
    assert loaded.deck is not None, loaded.problems
    names = sorted(media.name for media in loaded.deck.media)
    assert names[0].startswith("café-") and names[0] == unicodedata.normalize("NFC", names[0])
    assert names[1].startswith("what_now_then_-") and names[1].endswith(".mp3")
    for name in names:
        assert not set(name) & set('<>:"/\\|?*[]^')
