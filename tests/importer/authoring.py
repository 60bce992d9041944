"""An author's deck, made with Anki itself (the official ``anki`` package):
stock note types, a note type of the author's own, subdecks, hierarchical
tags, an image, a sound, HTML, math and literal ``*`` and ``_``; exported
as Anki exports, in the current format or the legacy one."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

# A 1x1 PNG, and a few bytes standing for a sound.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00fake mp3 frames"
# A font only the note type's CSS uses: Anki keeps a file whose name starts
# with '_' although no note names it.
FONT = b"\x00\x01\x00\x00 fake font tables"
ROOT = "French"
VOCAB_CSS = (
    '@font-face { font-family: fr; src: url("_font.ttf"); }\n'
    ".card { font-family: fr, serif; color: #123; }\n.word { font-size: 2em; }\n"
)

# Raw HTML (kept byte for byte) and plain text (written as Markdown).
SUBDECK_DESCRIPTIONS = {
    f"{ROOT}::Grammar": "Verbs <i>and</i> more:\n<ul><li>être</li></ul>",
    f"{ROOT}::Vocabulary": "Words and sounds.",
}

# (deck, note type, fields, tags), in the order the author adds them.
NOTES: list[tuple[str, str, list[str], list[str]]] = [
    (ROOT, "Basic", ["Bonjour", "Hello"], ["french::greetings"]),
    (ROOT, "Basic", ["5 * 3 * 2 = ?", "30, snake_case and __init__"], ["french::maths"]),
    (
        f"{ROOT}::Grammar",
        "Basic (and reversed card)",
        ["<b>être</b>", "to be <i>(irregular)</i>"],
        ["french::grammar::verbs"],
    ),
    (
        f"{ROOT}::Grammar",
        "Cloze",
        ["Je {{c1::suis}} ici et tu {{c2::es::verb}} là.", "Present of <u>être</u>"],
        ["french::grammar"],
    ),
    (
        f"{ROOT}::Grammar::Math",
        "Cloze",
        [r"The area is {{c1::\(\pi r^2\)}}, and \[\sum_{i=1}^n i = \frac{n(n+1)}{2}\]", ""],
        [],
    ),
    (
        f"{ROOT}::Vocabulary",
        "Vocabulary (FR)",
        [
            "chat",
            'cat <img src="cat.png">',
            "Le chat dort.<br>The cat sleeps.",
            "[sound:chat.mp3]",
        ],
        ["french::vocab::animals"],
    ),
    (
        f"{ROOT}::Vocabulary",
        "Vocabulary (FR)",
        ["le *chien* et _le_ loup", "dog &amp; wolf &lt;3", "", ""],
        ["french::vocab::animals"],
    ),
]


def make_vocabulary_type(col: Any) -> None:
    models = col.models
    model = models.new("Vocabulary (FR)")
    for name in ("Word", "Meaning", "Example", "Audio"):
        models.add_field(model, models.new_field(name))
    recognition = models.new_template("Recognition")
    recognition["qfmt"] = '<div class="word">{{Word}}</div>{{Audio}}'
    recognition["afmt"] = '{{FrontSide}}<hr id="answer">{{Meaning}}<br>{{Example}}'
    production = models.new_template("Production")
    production["qfmt"] = "{{Meaning}}"
    production["afmt"] = '{{FrontSide}}<hr id="answer">{{Word}} {{Audio}}'
    models.add_template(model, recognition)
    models.add_template(model, production)
    model["css"] = VOCAB_CSS
    model["sortf"] = 1
    models.add(model)


def make_author_collection(folder: Path) -> Any:
    """The author's collection: every note of ``NOTES``, with media."""
    from anki.collection import Collection

    folder.mkdir(parents=True, exist_ok=True)
    col: Any = Collection(str(folder / "collection.anki2"))
    make_vocabulary_type(col)
    col.media.write_data("cat.png", PNG)
    col.media.write_data("chat.mp3", MP3)
    col.media.write_data("_font.ttf", FONT)
    root = col.decks.id(ROOT)
    deck = col.decks.get(root)
    deck["desc"] = "French for <b>beginners</b>."
    col.decks.save(deck)
    for deck_name, type_name, fields, tags in NOTES:
        note = col.new_note(col.models.by_name(type_name))
        for index, value in enumerate(fields):
            note.fields[index] = value
        note.tags = tags
        col.add_note(note, col.decks.id(deck_name))
    for deck_name, description in SUBDECK_DESCRIPTIONS.items():
        deck = col.decks.get(col.decks.id(deck_name))
        deck["desc"] = description
        col.decks.save(deck)
    return col


def export(col: Any, path: Path, legacy: bool) -> Path:
    """The root deck exported as Anki's File > Export does, without scheduling."""
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
    )
    col.export_anki_package(
        out_path=str(path), options=options, limit=DeckIdLimit(col.decks.id(ROOT))
    )
    return path


def author_package(folder: Path, legacy: bool) -> Path:
    col = make_author_collection(folder / "author")
    try:
        return export(col, folder / ("legacy.apkg" if legacy else "current.apkg"), legacy)
    finally:
        col.close()


def make_exports(folder: Path) -> dict[str, Path]:
    """The author's deck as Anki exports it: current format and legacy."""
    return {
        "current": author_package(folder / "current", legacy=False),
        "legacy": author_package(folder / "legacy", legacy=True),
    }


def crowdanki_export(col: Any, folder: Path) -> Path:
    """The root deck as CrowdAnki writes it: ``deck.json`` (decks nested as
    children named by their last level; note models without id or times,
    named by a uuid; notes with their guid, fields and tags) and ``media/``."""
    import json

    models: dict[int, dict[str, Any]] = {}

    def model_uuid(mid: int) -> str:
        if mid not in models:
            model = dict(col.models.get(mid))
            for key in ("id", "mod", "usn"):
                model.pop(key, None)
            model["crowdanki_uuid"] = f"uuid-{mid}"
            model["__type__"] = "NoteModel"
            models[mid] = model
        return str(models[mid]["crowdanki_uuid"])

    def deck(name: str) -> dict[str, Any]:
        deck_id = col.decks.id(name)
        notes = [
            col.get_note(nid)
            for nid in col.db.list(
                "select distinct n.id from notes n join cards c on c.nid = n.id"
                " where c.did = ? order by n.id",
                deck_id,
            )
        ]
        children = sorted(
            child
            for child, _ in col.decks.children(deck_id)
            if child.count("::") == name.count("::") + 1
        )
        return {
            "__type__": "Deck",
            "name": name.split("::")[-1],
            "desc": col.decks.get(deck_id)["desc"],
            "crowdanki_uuid": f"deck-{deck_id}",
            "media_files": sorted(
                {m for n in notes for m in col.media.files_in_str(n.mid, "".join(n.fields))}
            ),
            "notes": [
                {
                    "__type__": "Note",
                    "guid": n.guid,
                    "fields": list(n.fields),
                    "tags": list(n.tags),
                    "note_model_uuid": model_uuid(n.mid),
                    "flags": 0,
                    "data": "",
                }
                for n in notes
            ],
            "children": [deck(child) for child in children],
        }

    top = deck(ROOT)
    top["note_models"] = list(models.values())
    top["media_files"] = sorted([*top["media_files"], "_font.ttf"])
    folder.mkdir(parents=True)
    (folder / "deck.json").write_text(json.dumps(top, indent=4, ensure_ascii=False))
    media = folder / "media"
    media.mkdir()
    for name in ("_font.ttf", "cat.png", "chat.mp3"):
        (media / name).write_bytes((Path(col.media.dir()) / name).read_bytes())
    return folder
