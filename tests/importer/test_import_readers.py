"""The readers an import starts from agree: Anki's current and legacy
exports and a CrowdAnki export of the same deck give the same notes."""

from __future__ import annotations

from pathlib import Path

from authoring import FONT, MP3, NOTES, PNG, crowdanki_export, export, make_author_collection

from peerdeck.importer.collection import Collection, read_package
from peerdeck.importer.crowdanki import read_crowdanki


def summary(collection: Collection) -> dict[str, object]:
    decks = {deck.id: deck.name for deck in collection.decks}
    types = {t.id: t for t in collection.note_types}
    return {
        "notes": sorted(
            (n.guid, n.fields, n.tags, decks[n.deck_id or 0], types[n.note_type_id].name)
            for n in collection.notes
        ),
        "types": sorted(
            (t.name, t.cloze, t.fields, t.templates, t.css, t.field_ids, t.template_ids)
            for t in types.values()
        ),
        "media": sorted((m.name, m.read()) for m in collection.media),
        "description": next(d.description for d in collection.decks if d.name == "French"),
    }


def test_every_reader_gives_the_same_deck(tmp_path: Path) -> None:
    col = make_author_collection(tmp_path / "author")
    try:
        current = export(col, tmp_path / "current.apkg", legacy=False)
        legacy = export(col, tmp_path / "legacy.apkg", legacy=True)
        folder = crowdanki_export(col, tmp_path / "crowdanki")
    finally:
        col.close()
    with read_package(current) as read:
        expected = summary(read)
        ids = {t.name: t.id for t in read.note_types}
    assert len(expected["notes"]) == len(NOTES)  # type: ignore[arg-type]
    assert expected["media"] == [("_font.ttf", FONT), ("cat.png", PNG), ("chat.mp3", MP3)]
    assert expected["description"] == "French for <b>beginners</b>."
    with read_package(legacy) as read:
        assert summary(read) == expected
        assert {t.name: t.id for t in read.note_types} == ids
    crowdanki = read_crowdanki(folder)
    assert summary(crowdanki) == expected
    assert not crowdanki.note_type_ids


def test_both_formats_say_which_descriptions_anki_reads_as_markdown(tmp_path: Path) -> None:
    col = make_author_collection(tmp_path / "author")
    try:
        deck = col.decks.get(col.decks.id("French::Grammar"))
        deck.update(desc="Verbs *and* more", md=True)
        col.decks.save(deck)
        packages = [export(col, tmp_path / f"{legacy}.apkg", legacy) for legacy in (False, True)]
    finally:
        col.close()
    for package in packages:
        with read_package(package) as read:
            found = {d.name: (d.description, d.markdown) for d in read.decks}
        assert found["French::Grammar"] == ("Verbs *and* more", True), package.name
        assert found["French::Vocabulary"] == ("Words and sounds.", False), package.name


def test_a_crowdanki_note_listed_under_two_decks_is_one_note(tmp_path: Path) -> None:
    """CrowdAnki lists a note under every deck holding one of its cards."""
    import json

    model = {
        "crowdanki_uuid": "m",
        "name": "Basic (and reversed card)",
        "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
        "tmpls": [
            {"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"},
            {"name": "Card 2", "ord": 1, "qfmt": "{{Back}}", "afmt": "{{Front}}"},
        ],
    }
    note = {"guid": "g", "fields": ["a", "b"], "tags": ["t"], "note_model_uuid": "m"}
    child = {"name": "Child", "notes": [note]}
    deck = {"name": "Root", "note_models": [model], "notes": [note], "children": [child]}
    (tmp_path / "deck.json").write_text(json.dumps(deck))
    read = read_crowdanki(tmp_path)
    assert [(n.guid, n.fields, n.deck_id) for n in read.notes] == [("g", ("a", "b"), 1)]
    assert [d.name for d in read.decks] == ["Root", "Root::Child"]
