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


def project_with(
    tmp_path: Path, media: dict[str, bytes], front: str = FRONT, css: str = CSS
) -> Path:
    """The vocabulary project with ``front`` as its first template's front,
    ``css`` as its stylesheet, and ``media`` in its media folder."""
    files = dict(FILES)
    files["note-types/vocab-fr/style.css"] = css
    files["note-types/vocab-fr/recognition.front.html"] = front
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


# A template naming media in every way Anki loads or plays a file, and ways
# that name no file of the deck (a field's sound, a page icon).
EVERY_FORM = (
    '<script src="_script.js"></script>\n'
    "[sound:_intro.mp3][sound:{{Audio}}]\n"
    "<audio src='_chime.ogg'></audio><video src=_clip.mp4></video>\n"
    '<video controls><source src="_clip.webm" type="video/webm"></video>\n'
    '<link rel="Stylesheet" href="_extra.css"><link rel="icon" href="_icon.png">\n'
    '<object data="_diagram.svg"></object><embed src="_plan.pdf">\n'
    "<style>@import \"_theme.css\"; @import url('_print.css');</style>\n"
    '<div class="word">{{Word}}</div>\n'
)
EVERY_CSS = '@import "_base.css";\n@font-face { font-family: fr; src: url(_font.ttf); }\n'
FORM_MEDIA = {
    name: f"the bytes of {name}".encode()
    for name in (
        "_script.js",
        "_intro.mp3",
        "_chime.ogg",
        "_clip.mp4",
        "_clip.webm",
        "_extra.css",
        "_diagram.svg",
        "_plan.pdf",
        "_theme.css",
        "_print.css",
        "_base.css",
        "_font.ttf",
    )
}


def test_every_form_of_template_media_reaches_a_learner(tmp_path: Path, learner: Learner) -> None:
    project = project_with(tmp_path, FORM_MEDIA, EVERY_FORM, EVERY_CSS)
    built = pipeline.build(
        RunSettings(project, output=tmp_path / "d.apkg", timestamp=1_700_000_000)
    )
    assert built.loaded.problems == []
    assert built.package is not None and built.package.media == len(FORM_MEDIA)
    learner.import_package(built.package.path)
    folder = Path(learner.col.media.dir())
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == FORM_MEDIA
    # Anki plays the template's own sound; the field's is empty on this note.
    merci = next(c for c in learner.cards() if c.note()["Word"] == "merci")
    assert [tag.filename for tag in merci.question_av_tags()] == ["_intro.mp3"]


def test_every_form_of_a_missing_file_is_reported_where_it_is_named(tmp_path: Path) -> None:
    project = project_with(tmp_path, {}, EVERY_FORM, EVERY_CSS)
    found = sorted(
        (p.path.name, p.line, p.column, p.message) for p in pipeline.load(project).problems
    )
    front = "recognition.front.html"
    assert found == [
        (front, 1, 14, "media file '_script.js' not found"),
        (front, 2, 8, "media file '_intro.mp3' not found"),
        (front, 3, 13, "media file '_chime.ogg' not found"),
        (front, 3, 44, "media file '_clip.mp4' not found"),
        (front, 4, 30, "media file '_clip.webm' not found"),
        (front, 5, 30, "media file '_extra.css' not found"),
        (front, 6, 15, "media file '_diagram.svg' not found"),
        (front, 6, 50, "media file '_plan.pdf' not found"),
        (front, 7, 17, "media file '_theme.css' not found"),
        (front, 7, 43, "media file '_print.css' not found"),
        ("style.css", 1, 10, "media file '_base.css' not found"),
        ("style.css", 2, 40, "media file '_font.ttf' not found"),
    ]


def test_an_unsafe_name_in_a_template_is_reported_at_it(tmp_path: Path) -> None:
    files = dict(FILES)
    files["note-types/vocab-fr/recognition.front.html"] = (
        '{{Word}}\n<script src="../secret.js"></script>[sound:media]\n'
    )
    project = write_project(tmp_path / "project", files)
    (project / "media").mkdir()
    found = sorted((p.line, p.column, p.code) for p in pipeline.load(project).problems)
    assert found == [(2, 14, "PD014"), (2, 44, "PD014")]
