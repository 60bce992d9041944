"""deck.yaml read into ``Settings``: what is valid is kept, every mistake is
reported at its line and column with its code, and the rest carries on."""

from __future__ import annotations

from pathlib import Path

from peerdeck.media import MediaStore
from peerdeck.model import Location, NoteKind, RuleCatalog, Source
from peerdeck.validate import Settings, check_deck_file
from peerdeck.yaml_tree import read_yaml

RULES = RuleCatalog(codes=("PD101",), names={"first-rule": "PD101"}, limits={})


def checked(
    tmp_path: Path, text: str, custom_keys: frozenset[str] = frozenset()
) -> tuple[Settings, list[tuple[int, int, str, str]]]:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    source, tree, problems = read_yaml(path)
    assert source is not None and not problems
    settings, found = check_deck_file(source, tree, MediaStore(tmp_path), RULES, custom_keys)
    return settings, [(p.line, p.column, p.code, p.message) for p in found]


def test_a_full_deck_file_gives_every_setting(tmp_path: Path) -> None:
    settings, found = checked(
        tmp_path,
        "name: ' Peer :: Support '\n"
        "id: peer-support\n"
        "description: A **deck**.\n"
        "tags: [one, two]\n"
        "sources:\n"
        "  article: {title: An Article, file: article.txt, url: 'https://example.org/a'}\n"
        "sources_dir: sources\n"
        "retired:\n"
        "  - {id: old-note, reason: It was wrong.}\n"
        "note_types: {cloze: 2, vocab: 3}\n"
        "math: dollars\n",
        custom_keys=frozenset({"vocab"}),
    )
    assert found == []
    path = tmp_path / "deck.yaml"
    assert (settings.name, settings.id) == ("Peer::Support", "peer-support")
    assert settings.description == "A **deck**."
    assert settings.description_html == "A <strong>deck</strong>."
    assert settings.description_location == Location(path, 3, 14)
    assert settings.tags == ("one", "two")
    assert settings.sources == {
        "article": Source("article", "An Article", "article.txt", "https://example.org/a")
    }
    assert settings.file_keys == {"article": Location(path, 6, 32)}
    assert (settings.sources_dir, settings.sources_dir_key) == ("sources", Location(path, 7, 1))
    retired = settings.retired["old-note"]
    assert (retired.reason, retired.location) == ("It was wrong.", Location(path, 9, 10))
    assert settings.versions == {NoteKind.CLOZE: 2, "vocab": 3}
    assert settings.dollar_math is True


def test_an_empty_deck_file_asks_for_name_and_id(tmp_path: Path) -> None:
    settings, found = checked(tmp_path, "# nothing yet\n")
    assert found == [(1, 1, "PD006", "deck.yaml is empty: it needs at least 'name' and 'id'")]
    assert settings.name is None and settings.id is None


def test_a_deck_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    _, found = checked(tmp_path, "- name: Deck\n")
    assert found == [(1, 1, "PD005", "deck.yaml must be a mapping of keys to values, not a list")]


def test_each_bad_value_is_reported_and_the_good_ones_kept(tmp_path: Path) -> None:
    settings, found = checked(
        tmp_path,
        "name: Deck\n"
        "id: Not A Slug\n"
        "math: latex\n"
        "sources:\n"
        "  Bad Key: {title: T}\n"
        "  good: {title: Good, url: ftp://example.org}\n"
        "  untitled: {file: f.txt}\n",
    )
    assert settings.name == "Deck" and settings.id is None
    assert settings.dollar_math is False
    assert settings.sources == {"good": Source("good", "Good", None, None)}
    assert found == [  # math first: it decides how the description renders
        (3, 7, "PD017", "math 'latex' must be 'anki' or 'dollars'"),
        (
            2,
            5,
            "PD007",
            "'id' 'Not A Slug' is not a slug: use lowercase letters, digits and single '-'"
            " between them",
        ),
        (5, 3, "PD007", "source key 'Bad Key' is not a slug"),
        (
            6,
            28,
            "PD017",
            "url 'ftp://example.org' must be a web address starting with http:// or https://",
        ),
        (7, 3, "PD006", "source 'untitled' is missing the required key 'title'"),
    ]


def test_a_note_retired_twice_is_reported_at_the_second(tmp_path: Path) -> None:
    settings, found = checked(
        tmp_path,
        "name: Deck\nid: deck\nretired:\n"
        "  - {id: gone, reason: First.}\n"
        "  - {id: gone, reason: Again.}\n"
        "  - {id: no-reason}\n",
    )
    assert list(settings.retired) == ["gone"]
    assert settings.retired["gone"].reason == "First."
    assert found == [
        (5, 10, "PD008", "note 'gone' is already retired at line 4"),
        (6, 5, "PD006", "a retired note is missing the required key 'reason'"),
    ]


def test_versions_name_known_note_types_with_whole_numbers(tmp_path: Path) -> None:
    settings, found = checked(
        tmp_path,
        "name: Deck\nid: deck\nnote_types: {basic: 0, clozee: 2, reversed: true, cloze: 3}\n",
    )
    assert settings.versions == {NoteKind.CLOZE: 3}
    assert [(line, column, code) for line, column, code, _ in found] == [
        (3, 21, "PD005"),
        (3, 24, "PD017"),
        (3, 45, "PD005"),
    ]
    assert found[0][3] == "the version of 'basic' must be a whole number from 1"
    assert found[1][3].startswith("unknown note type 'clozee' (did you mean 'cloze'?)")


def test_lists_and_mappings_of_the_wrong_shape_are_refused(tmp_path: Path) -> None:
    settings, found = checked(
        tmp_path,
        "name: Deck\nid: deck\nsources: [a]\nretired: {a: b}\nnote_types: [cloze]\n"
        "subdecks: [Topic]\nlint: {severity: [PD101], limits: 3}\n",
    )
    assert (settings.sources, settings.retired, settings.versions) == ({}, {}, {})
    assert settings.subdecks == {}
    assert sorted(found) == [
        (3, 10, "PD005", "'sources' must be a mapping from keys to sources, not a list"),
        (4, 10, "PD005", "'retired' must be a list of notes, not a mapping"),
        (
            5,
            13,
            "PD005",
            "'note_types' must map note types to versions, e.g. {cloze: 2}, not a list",
        ),
        (6, 11, "PD005", "'subdecks' must map subdecks' names to their descriptions, not a list"),
        (7, 18, "PD005", "'severity' must map rule codes to a level, not a list"),
        (7, 35, "PD005", "'limits' must map limit names to numbers, not a number"),
    ]
