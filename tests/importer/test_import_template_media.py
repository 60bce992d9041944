"""An Anki-made deck whose note type loads a script and plays a sound of its
own (``_x.js``, ``[sound:_y.mp3]``, files no note names): Anki's exporter
packs them with the note type, import keeps them (renaming one whose name is
not safe, in the template too), and the build ships them to new learners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from authoring import ROOT, export

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import Learner, run_cli

FRONT = '<script src="_x.js"></script>[sound:_y.mp3]<div>{{Front}}</div>'
BACK = '{{FrontSide}}<hr id="answer">{{Back}}[sound:_my intro.mp3]'
CSS = "@import '_theme.css';\n.card { color: navy; }\n"
MEDIA = {
    "_x.js": b"document.body.dataset.ready = 1;\n",
    "_y.mp3": b"ID3\x03\x00 a sound",
    "_my intro.mp3": b"ID3\x03\x00 an intro",
    "_theme.css": b".card { font-size: 2em; }\n",
}
SAFE = {"_my intro.mp3": "_my_intro.mp3"}


def author_package(folder: Path, legacy: bool) -> Path:
    from anki.collection import Collection

    folder.mkdir(parents=True)
    col: Any = Collection(str(folder / "collection.anki2"))
    try:
        model = col.models.new("Scripted")
        for name in ("Front", "Back"):
            col.models.add_field(model, col.models.new_field(name))
        template = col.models.new_template("Card 1")
        template["qfmt"], template["afmt"] = FRONT, BACK
        col.models.add_template(model, template)
        model["css"] = CSS
        col.models.add(model)
        for name, data in MEDIA.items():
            col.media.write_data(name, data)
        note = col.new_note(col.models.by_name("Scripted"))
        note["Front"], note["Back"] = "bonjour", "hello"
        col.add_note(note, col.decks.id(ROOT))
        return export(col, folder / "deck.apkg", legacy)
    finally:
        col.close()


@pytest.mark.parametrize("legacy", [False, True], ids=["current", "legacy"])
def test_template_media_of_an_anki_deck_reaches_new_learners(
    tmp_path: Path, learner: Learner, legacy: bool
) -> None:
    package = author_package(tmp_path / "author", legacy)
    project = tmp_path / "project"
    status, out, err = run_cli("import", str(package), str(project))
    assert status == 0, out + err
    safe = {SAFE.get(name, name): data for name, data in MEDIA.items()}
    assert {p.name: p.read_bytes() for p in (project / "media").iterdir()} == safe
    back = (project / "note-types" / "scripted" / "card-1.back.html").read_text()
    assert back == BACK.replace("_my intro.mp3", "_my_intro.mp3")
    built = pipeline.build(
        RunSettings(project, output=tmp_path / "built.apkg", timestamp=1_900_000_000)
    )
    assert built.loaded.problems == []
    assert built.package is not None and built.package.media == len(MEDIA)
    learner.import_package(built.package.path)
    folder = Path(learner.col.media.dir())
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == safe
    (card,) = learner.cards()
    # Anki plays each side's own sounds (the front's are not replayed on the back).
    assert [tag.filename for tag in card.question_av_tags()] == ["_y.mp3"]
    assert [tag.filename for tag in card.answer_av_tags()] == ["_my_intro.mp3"]
