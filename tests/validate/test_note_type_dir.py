"""The project's own note types read from ``note-types/<key>/``: a valid
folder gives its note type, every broken folder or declaration is reported
where it is written, and a broken type is left out."""

from __future__ import annotations

from pathlib import Path

from peerdeck.ids import custom_note_type_id
from peerdeck.model import NoteKind, RuleCatalog
from peerdeck.notetypes import NOTE_TYPES
from peerdeck.validate.note_type_dir import FoundTypes, read_note_types, type_folders

from helpers import write_project

RULES = RuleCatalog(codes=(), names={}, limits={})
TYPE = """\
name: Vocabulary
fields:
  - name: Word
  - name: Audio
    format: html
    id: 42
templates:
  - {name: Recognition, front: front.html, back: back.html, id: 7}
"""
FILES: dict[str, str | bytes] = {
    "note-types/vocab/note-type.yaml": TYPE,
    "note-types/vocab/front.html": "{{Word}}",
    "note-types/vocab/back.html": "{{FrontSide}}<hr>{{Audio}}",
}


def read(root: Path, versions: dict[str, int] | None = None) -> FoundTypes:
    return read_note_types(root, "deck", versions or {}, RULES)


def problems(root: Path, found: FoundTypes) -> list[tuple[str, int, int, str, str]]:
    return [
        (p.path.relative_to(root).as_posix(), p.line, p.column, p.code, p.message)
        for p in found.problems
    ]


def declared(
    tmp_path: Path, text: str, file: str = "note-type.yaml"
) -> list[tuple[int, int, str, str]]:
    """The problems in ``file`` of note type 'vocab' when its note-type.yaml
    is ``text`` (the templates' files exist); the type is left out."""
    root = write_project(tmp_path / "project", {**FILES, "note-types/vocab/note-type.yaml": text})
    found = read(root)
    assert "vocab" not in found.types
    return [
        (line, column, code, message)
        for path, line, column, code, message in problems(root, found)
        if path == f"note-types/vocab/{file}"
    ]


def test_a_valid_folder_gives_its_note_type(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {**FILES, "note-types/vocab/style.css": ".card {}"})
    found = read(root)
    assert found.problems == []
    vocab = found.types["vocab"]
    assert (vocab.key, vocab.name, vocab.custom, vocab.is_cloze) == (
        "vocab",
        "Vocabulary",
        True,
        False,
    )
    assert vocab.id == custom_note_type_id("deck", "vocab")
    assert (vocab.fields, vocab.field_ids, vocab.html_fields) == (
        ("Word", "Audio"),
        (None, 42),
        frozenset({"Audio"}),
    )
    [template] = vocab.templates
    assert (template.name, template.front, template.back) == (
        "Recognition",
        "{{Word}}",
        "{{FrontSide}}<hr>{{Audio}}",
    )
    assert vocab.css == ".card {}"
    assert vocab.css_file == root / "note-types/vocab/style.css"
    assert found.files == {"vocab": root / "note-types/vocab/note-type.yaml"}
    assert found.keys == frozenset({"vocab"})


def test_a_later_version_is_another_note_type_to_anki(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", FILES)
    first, second = read(root).types["vocab"], read(root, {"vocab": 2}).types["vocab"]
    assert second.name == "Vocabulary v2" and second.id != first.id
    assert second.fields == first.fields


def test_broken_folders_are_reported_at_the_folder(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "project",
        {
            **FILES,
            "note-types/Bad_Key/note-type.yaml": TYPE,
            "note-types/cloze/note-type.yaml": TYPE,
            "note-types/empty/note-type.yaml": "# to do\n",
            "note-types/missing/front.html": "{{Word}}",
            "note-types/stray.txt": "not a folder",
            "note-types/.hidden/note-type.yaml": "ignored: true\n",
        },
    )
    found = read(root)
    assert list(found.types) == ["vocab"]
    assert found.keys == frozenset({"Bad_Key", "cloze", "empty", "missing", "stray.txt", "vocab"})
    assert problems(root, found) == [
        (
            "note-types/Bad_Key",
            1,
            1,
            "PD090",
            "note type folder 'Bad_Key' is not a slug: use lowercase letters, digits and"
            " single '-' between them",
        ),
        (
            "note-types/cloze",
            1,
            1,
            "PD090",
            "note type folder 'cloze' is a built-in note type's name; call it something else"
            " (e.g. 'my-cloze')",
        ),
        ("note-types/empty/note-type.yaml", 1, 1, "PD006", "note-type.yaml is empty"),
        ("note-types/missing", 1, 1, "PD090", "note type folder 'missing' has no note-type.yaml"),
        (
            "note-types/stray.txt",
            1,
            1,
            "PD090",
            "'stray.txt' in note-types/ is not a folder: a note type is a folder",
        ),
    ]


def test_a_folder_of_note_types_linked_from_outside_is_not_followed(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", FILES)
    outside = tmp_path / "elsewhere"
    (root / "note-types").rename(outside)
    (root / "note-types").symlink_to(outside)
    found = read(root)
    assert found.types == {}
    assert found.keys == frozenset({"vocab"})  # its notes are left unchecked, as a broken type's
    assert problems(root, found) == [
        (
            "note-types",
            1,
            1,
            "PD090",
            "note-types is a symbolic link, which peerdeck does not follow: it must be a folder"
            " of the project",
        )
    ]


def test_no_folder_of_note_types_is_no_note_type(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"deck.yaml": "name: D\nid: d\n"})
    assert type_folders(root) == []
    assert read(root) == FoundTypes()


def test_field_names_anki_cannot_use_are_refused(tmp_path: Path) -> None:
    found = declared(
        tmp_path,
        "name: Vocabulary\n"
        "fields:\n"
        "  - name: Word\n"
        "  - name: 'a:b'\n"
        "  - name: '#x'\n"
        "  - name: Tags\n"
        "  - name: word\n"
        "  - name: ' Spaced'\n"
        "templates:\n"
        "  - {name: Recognition, front: front.html, back: back.html}\n",
    )
    assert [(line, column, code) for line, column, code, _ in found] == [
        (4, 11, "PD091"),
        (5, 11, "PD091"),
        (6, 11, "PD091"),
        (7, 11, "PD091"),
        (8, 11, "PD091"),
    ]
    messages = [message for *_, message in found]
    assert "cannot be used in a template" in messages[0] and "'#x'" in messages[1]
    assert (
        messages[2] == "field name 'Tags' is reserved: templates use {{Tags}} for Anki's own value"
    )
    assert messages[3] == "field name 'word' is already used at line 3"
    assert messages[4] == "field name ' Spaced' starts or ends with a space"


def test_ids_kinds_formats_and_sort_field_are_checked(tmp_path: Path) -> None:
    found = declared(
        tmp_path,
        "name: Vocabulary\n"
        "kind: clozed\n"
        "id: 0\n"
        "sort-field: Wrd\n"
        "fields:\n"
        "  - {name: Word, id: 5, format: text}\n"
        "  - {name: Audio, id: 5}\n"
        "templates:\n"
        "  - {name: Recognition, front: front.html, back: back.html, id: one}\n",
    )
    assert found == [
        (2, 7, "PD017", "kind 'clozed' must be 'standard' or 'cloze' (did you mean 'cloze'?)"),
        (3, 5, "PD091", "id 0 is out of Anki's range (1 to 9223372036854775807, not 0)"),
        (6, 33, "PD017", "format 'text' must be 'markdown' or 'html'"),
        (7, 23, "PD091", "field id 5 is already used at line 6"),
        (
            4,
            13,
            "PD091",
            "sort-field 'Wrd' is not a field of this note type (did you mean 'Word'?);"
            " its fields: Word, Audio",
        ),
        (9, 65, "PD005", "an Anki id must be a whole number, not text"),
    ]


def test_a_cloze_type_has_one_template(tmp_path: Path) -> None:
    two = "  - {name: Two, front: front.html, back: back.html}\n"
    cloze = TYPE.replace("name: Vocabulary", "name: C\nkind: cloze")
    found = declared(tmp_path, cloze + two)  # no cloze field: unsaid while this stands
    assert found == [
        (10, 5, "PD091", "a cloze note type has one template: Anki uses only the first")
    ]


def test_a_cloze_type_needs_a_cloze_field_on_its_front(tmp_path: Path) -> None:
    cloze = TYPE.replace("name: Vocabulary", "name: C\nkind: cloze")
    assert declared(tmp_path, cloze, file="front.html") == [
        (
            1,
            1,
            "PD092",
            "cloze note type 'C' has no cloze field: its first template's front needs"
            " '{{cloze:Field}}' naming the field its deletions are written in",
        )
    ]


def test_note_types_anki_would_confuse_are_reported(tmp_path: Path) -> None:
    basic_id = NOTE_TYPES[NoteKind.BASIC].id
    root = write_project(
        tmp_path / "project",
        {
            **FILES,
            "note-types/again/note-type.yaml": TYPE.replace("name: Vocabulary", "name: VOCABULARY"),
            "note-types/again/front.html": "{{Word}}",
            "note-types/again/back.html": "{{Audio}}",
            "note-types/like-basic/note-type.yaml": f"id: {basic_id}\n"
            + TYPE.replace("name: Vocabulary", "name: Mine"),
            "note-types/like-basic/front.html": "{{Word}}",
            "note-types/like-basic/back.html": "{{Audio}}",
        },
    )
    found = read(root)
    basic = NOTE_TYPES[NoteKind.BASIC].name
    assert problems(root, found) == [
        (
            "note-types/like-basic/note-type.yaml",
            1,
            1,
            "PD091",
            f"note type id {basic_id} is already the id of the built-in '{basic}'",
        ),
        (
            "note-types/vocab/note-type.yaml",
            1,
            1,
            "PD091",
            "note type name 'Vocabulary' is already the name of 'again'",
        ),
    ]
