"""Media that only templates, stylesheets or raw descriptions name: shipped,
but not imported by Anki unless the name starts with '_'. The premise is
measured with the real ``anki`` package, then the rule's findings."""

from __future__ import annotations

from pathlib import Path

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, Learner, lint_found, write_project

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
NOTE_TYPE = """\
name: Pictured
fields: [{name: Word}, {name: Extra, format: html}]
templates: [{name: Card 1, front: front.html, back: back.html}]
"""
FRONT = '<img src="logo.png"> <img src="_badge.png">\n{{Word}}\n<img src="shared.png">\n'
CSS = '.card { background: url("paper.png"); }\n@font-face { src: url(_font.ttf); }\n'
DESCRIBED = (
    DECK_YAML
    + "subdecks:\n"
    + "  Topic:\n"
    + "    description: '<p>See</p><img src=\"map.png\"> [sound:_hello.mp3]'\n"
    + "    description_format: html\n"
)
FILES: dict[str, str | bytes] = {
    "note-types/pictured/note-type.yaml": NOTE_TYPE,
    "note-types/pictured/front.html": FRONT,
    "note-types/pictured/back.html": "{{FrontSide}}<hr id=answer>{{Extra}}\n",
    "note-types/pictured/style.css": CSS,
    "a.yaml": (
        "deck: Topic\nnotes:\n"
        "  - {id: one, type: pictured, fields: {Word: chat, Extra: '<img src=\"shared.png\">'}}\n"
    ),
    **{
        f"media/{name}": PNG
        for name in ("logo.png", "_badge.png", "shared.png", "paper.png", "_font.ttf")
    },
    "media/map.png": PNG,
    "media/_hello.mp3": b"ID3" + b"\0" * 16,
}


def test_anki_imports_only_what_notes_name_and_names_starting_with_underscore(
    tmp_path: Path, learner: Learner
) -> None:
    project = write_project(tmp_path / "p", FILES, DESCRIBED)
    built = pipeline.build(RunSettings(root=project, output=tmp_path / "deck.apkg"))
    assert built.package is not None, built.loaded.problems
    assert built.package.media == 7  # all of them ship

    learner.import_package(built.package.path)

    got = sorted(path.name for path in Path(learner.col.media.dir()).iterdir())
    assert got == ["_badge.png", "_font.ttf", "_hello.mp3", "shared.png"]


def test_each_file_anki_leaves_out_is_named_where_it_is_written(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", FILES, DESCRIBED)
    advice = "which no note names: Anki will not import it with the deck. Name the file"
    assert lint_found(project, "PD122") == [
        (
            "deck.yaml",
            10,
            39,
            f"the description names 'map.png', {advice} '_map.png' and write that name here",
        ),
        (
            "note-types/pictured/front.html",
            1,
            11,
            f"template 'Card 1' of 'Pictured' names 'logo.png', {advice} '_logo.png' and write"
            " that name here",
        ),
        (
            "note-types/pictured/style.css",
            1,
            26,
            f"the stylesheet of 'Pictured' names 'paper.png', {advice} '_paper.png' and write"
            " that name here",
        ),
    ]


def test_a_markdown_descriptions_images_are_imported(tmp_path: Path, learner: Learner) -> None:
    deck = DECK_YAML.replace("A deck for **tests**.", "See ![map](media/map.png)")
    project = write_project(
        tmp_path / "p",
        {"a.yaml": "notes:\n  - {id: one, front: a, back: b}\n", "media/map.png": PNG},
        deck,
    )
    assert lint_found(project, "PD122") == []
    built = pipeline.build(RunSettings(root=project, output=tmp_path / "deck.apkg"))
    assert built.package is not None
    learner.import_package(built.package.path)
    [name] = [path.name for path in Path(learner.col.media.dir()).iterdir()]
    assert name.startswith("_map-")
    assert f'src="{name}"' in learner.col.decks.by_name("Test Deck")["desc"]
