"""A project's note types read as someone else's files: links out of the
project, FIFOs and oversized files are reported at their place, never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from peerdeck import pipeline
from peerdeck.limits import NOTE_TYPE_FILE_BYTES
from peerdeck.settings import RunSettings

from helpers import write_project

NOTE_TYPE = """\
name: Vocabulary
fields: [{name: Word}]
templates: [{name: Card 1, front: front.html, back: back.html}]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "project",
        {
            "note-types/vocab/note-type.yaml": NOTE_TYPE,
            "note-types/vocab/front.html": "{{Word}}",
            "note-types/vocab/back.html": "{{FrontSide}}",
            "cards.yaml": "notes:\n  - {id: one, type: vocab, fields: {Word: chat}}\n",
        },
    )


def problems(project: Path) -> list[tuple[str, str, str]]:
    loaded = pipeline.check(RunSettings(project))
    return [(p.path.relative_to(project).as_posix(), p.code, p.message) for p in loaded.problems]


def test_the_project_is_valid_as_written(project: Path) -> None:
    assert problems(project) == []


def test_a_template_linked_from_outside_is_not_read(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("{{Word}} secret")
    front = project / "note-types/vocab/front.html"
    front.unlink()
    front.symlink_to(secret)
    assert problems(project) == [
        (
            "note-types/vocab/front.html",
            "PD090",
            "the file is a link to outside the project",
        )
    ]


def test_a_fifo_template_is_reported_not_waited_on(project: Path) -> None:
    front = project / "note-types/vocab/front.html"
    front.unlink()
    os.mkfifo(front)
    assert problems(project) == [
        (
            "note-types/vocab/front.html",
            "PD090",
            "the file is a FIFO (named pipe), not a regular file",
        )
    ]


def test_an_oversized_stylesheet_is_not_read(project: Path) -> None:
    (project / "note-types/vocab/style.css").write_bytes(b"a" * (NOTE_TYPE_FILE_BYTES + 1))
    assert problems(project) == [
        ("note-types/vocab/style.css", "PD090", "the file is larger than 1 MiB")
    ]
