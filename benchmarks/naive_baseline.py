"""The naive way to do what peerdeck does: yaml.safe_load and genanki's
defaults. Used only as the benchmark's baseline.

Usage: naive_baseline.py PROJECT OUT.apkg
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import genanki
import yaml


def main(project: Path, out: Path) -> None:
    settings = yaml.safe_load((project / "deck.yaml").read_text(encoding="utf-8"))
    decks: dict[str, Any] = {}
    media: list[str] = []
    for path in sorted(project.rglob("*.yaml")):
        if path.name == "deck.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = f"{settings['name']}::{data['deck']}" if data.get("deck") else settings["name"]
        deck = decks.setdefault(name, genanki.Deck(abs(hash(name)) % (1 << 31), name))
        for note in data["notes"]:
            kind = note.get("type", "basic")
            if kind == "cloze":
                model, fields = genanki.CLOZE_MODEL, [note["text"], note.get("extra", "")]
            elif kind == "multiple-choice":
                model = genanki.BASIC_MODEL
                fields = [note["question"] + "<br>" + "<br>".join(note["choices"]), note["answer"]]
            else:
                model, fields = genanki.BASIC_MODEL, [note["front"], note["back"]]
            deck.add_note(genanki.Note(model=model, fields=fields, tags=note.get("tags", [])))
    for path in sorted(project.rglob("*.png")):
        media.append(str(path))
    genanki.Package(list(decks.values()), media_files=media).write_to_file(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
