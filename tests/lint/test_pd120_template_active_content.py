from __future__ import annotations

from pathlib import Path
from typing import Any

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import lint_found, write_project

NOTE_TYPE = """\
name: Scripted
fields: [{name: Word}]
templates: [{name: Card 1, front: front.html, back: back.html}]
"""

FILES: dict[str, str | bytes] = {
    "note-types/scripted/note-type.yaml": NOTE_TYPE,
    "note-types/scripted/front.html": "<div>{{Word}}</div>\n<script>speak()</script>\n",
    "note-types/scripted/back.html": '{{FrontSide}}\n<hr id="answer">\n<b onclick="x()">!</b>\n',
    "note-types/scripted/style.css": (
        ".card { color: red; }\n.x { background: url(https://example.org/a.png); }\n"
    ),
    "a.yaml": "notes:\n  - {id: one, type: scripted, fields: {Word: chat}}\n",
}


def test_active_templates_and_stylesheets_are_warned_at_their_place(tmp_path: Path) -> None:
    write_project(tmp_path, FILES)
    runs = "which runs code on every learner's machine"
    assert lint_found(tmp_path, "PD120") == [
        (
            "note-types/scripted/back.html",
            3,
            4,
            f"template 'Card 1' of 'Scripted' has an event handler 'onclick=', {runs}",
        ),
        (
            "note-types/scripted/front.html",
            2,
            1,
            f"template 'Card 1' of 'Scripted' has a <script> element, {runs}",
        ),
        (
            "note-types/scripted/style.css",
            2,
            18,
            "the stylesheet of 'Scripted' has 'url(', which loads what the deck does not show",
        ),
    ]


def test_a_warning_does_not_stop_the_build(tmp_path: Path) -> None:
    write_project(tmp_path, FILES)
    built = pipeline.build(
        RunSettings(tmp_path, output=tmp_path / "out.apkg", timestamp=1_700_000_000)
    )
    assert built.package is not None


def stylesheet_findings(tmp_path: Path, css: str, media: dict[str, bytes]) -> list[Any]:
    """PD120's findings in the stylesheet ``css``, with ``media`` shipped."""
    files = dict(FILES)
    files["note-types/scripted/style.css"] = css
    files.update({f"media/{name}": data for name, data in media.items()})
    write_project(tmp_path, files)
    return [found for found in lint_found(tmp_path, "PD120") if found[0].endswith("style.css")]


def test_a_url_naming_a_shipped_media_file_is_not_warned(tmp_path: Path) -> None:
    css = stylesheet_findings(
        tmp_path,
        '@font-face { font-family: f; src: url("_font.ttf"); }\n'
        ".x { background: url(https://example.org/a.png); }\n",
        {"_font.ttf": b"\x00\x01\x00\x00 a font"},
    )
    assert css == [
        (
            "note-types/scripted/style.css",
            2,
            18,
            "the stylesheet of 'Scripted' has 'url(', which loads what the deck does not show",
        )
    ]


def test_an_import_naming_a_shipped_style_sheet_is_not_warned(tmp_path: Path) -> None:
    css = stylesheet_findings(
        tmp_path,
        "@import '_base.css';\n@import url(_base.css);\n@import 'https://example.org/x.css';\n",
        {"_base.css": b".card { color: navy; }\n"},
    )
    assert css == [
        (
            "note-types/scripted/style.css",
            3,
            1,
            "the stylesheet of 'Scripted' has '@import', which loads what the deck does not show",
        )
    ]
