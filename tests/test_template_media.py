"""Media that only a note type's templates or CSS use (Anki's ``_font.ttf``
and ``_logo.png``): shipped from the project's media folder, in place in a
learner's Anki; a missing one is reported at its reference."""

from __future__ import annotations

from pathlib import Path

from custom_types import FILES
from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import Learner, write_project

FONT = b"\x00\x01\x00\x00 a font"
LOGO = b"\x89PNG a logo"
CSS = (
    '@font-face { font-family: fr; src: url("_font.ttf"); }\n'
    ".card { background: url(https://example.org/bg.png); }\n"
)
FRONT = '<img src="_logo.png"><img src="{{Word}}.png">\n<div class="word">{{Word}}</div>\n'


def project_with(tmp_path: Path, media: dict[str, bytes]) -> Path:
    files = dict(FILES)
    files["note-types/vocab-fr/style.css"] = CSS
    files["note-types/vocab-fr/recognition.front.html"] = FRONT
    files.update({f"media/{name}": data for name, data in media.items()})
    return write_project(tmp_path / "project", files)


def test_template_and_css_media_reach_a_learner(tmp_path: Path, learner: Learner) -> None:
    project = project_with(tmp_path, {"_font.ttf": FONT, "_logo.png": LOGO})
    built = pipeline.build(
        RunSettings(project, output=tmp_path / "d.apkg", timestamp=1_700_000_000)
    )
    assert built.loaded.problems == []
    assert built.package is not None and built.package.media == 2
    learner.import_package(built.package.path)
    folder = Path(learner.col.media.dir())
    assert (folder / "_font.ttf").read_bytes() == FONT
    assert (folder / "_logo.png").read_bytes() == LOGO


def test_a_missing_template_or_css_media_file_is_reported_where_it_is_named(
    tmp_path: Path,
) -> None:
    project = project_with(tmp_path, {})
    loaded = pipeline.load(project)
    found = sorted(
        (p.path.relative_to(project).as_posix(), p.line, p.column, p.code, p.message)
        for p in loaded.problems
    )
    assert found == [
        (
            "note-types/vocab-fr/recognition.front.html",
            1,
            11,
            "PD014",
            "media file '_logo.png' not found",
        ),
        ("note-types/vocab-fr/style.css", 1, 41, "PD014", "media file '_font.ttf' not found"),
    ]
