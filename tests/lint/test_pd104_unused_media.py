from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project


def test_media_no_note_uses_is_reported_at_the_file(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "media/used.png": b"1",
            "media/unused.MP3": b"2",
            "media/.hidden.png": b"3",
            "media/notes.txt": "not media",
            "a.yaml": "notes: [{id: one, front: 'Who? ![](media/used.png)', back: Ann.}]\n",
        },
    )
    assert lint_found(tmp_path, "PD104") == [
        (
            "media/unused.MP3",
            1,
            1,
            "media file 'media/unused.MP3' is not used by any note, so it is not shipped",
        )
    ]


def test_a_sound_tag_uses_its_file(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "media/hello.mp3": b"1",
            "media/clip.webm": b"2",
            "a.yaml": "notes: [{id: one, front: 'Hear [sound:media/hello.mp3]', back: Hi.}]\n",
        },
    )
    assert [found[0] for found in lint_found(tmp_path, "PD104")] == ["media/clip.webm"]
