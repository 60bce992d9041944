"""A card file read into notes: each note inherits the deck, tags and type of
its file, its fields are rendered, its id is claimed in the project, and a
note with any problem is left out while the others are kept."""

from __future__ import annotations

from pathlib import Path

from peerdeck import citations
from peerdeck.media import MediaStore
from peerdeck.model import Location, Note, NoteKind, RuleCatalog, Source
from peerdeck.validate import Settings, check_card_file, duplicate_id_problem
from peerdeck.yaml_tree import read_yaml

RULES = RuleCatalog(codes=("PD101",), names={}, limits={})
ARTICLE = Source("article", "An Article", "article.txt", None)


def settings(tmp_path: Path, document: str | None = None) -> Settings:
    documents = {}
    if document is not None:
        documents["article"] = citations.Document(
            tmp_path / "article.txt", citations.fold(document)
        )
    return Settings(
        RULES,
        name="Deck",
        id="deck",
        tags=("deck-tag",),
        sources={"article": ARTICLE},
        documents=documents,
    )


def checked(
    tmp_path: Path,
    text: str,
    deck: Settings | None = None,
    ids: dict[str, Location] | None = None,
    name: str = "cards.yaml",
) -> tuple[list[Note], list[tuple[int, int, str, str]]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    source, tree, problems = read_yaml(path)
    assert source is not None and not problems
    notes, found = check_card_file(
        source,
        tree,
        deck or settings(tmp_path),
        MediaStore(tmp_path),
        {} if ids is None else ids,
    )
    return notes, [(p.line, p.column, p.code, p.message) for p in found]


def test_notes_inherit_the_deck_tags_and_type_of_their_file(tmp_path: Path) -> None:
    notes, found = checked(
        tmp_path,
        "deck: ' Unit :: One '\n"
        "tags: [file-tag]\n"
        "type: reversed\n"
        "notes:\n"
        "  - id: first\n"
        "    front: '*Word*'\n"
        "    back: Meaning\n"
        "    tags: [b-tag, file-tag]\n"
        "    source: {ref: article, quote: the words}\n"
        "  - id: second\n"
        "    type: cloze\n"
        "    text: '{{c1::Paris}} is in France.'\n",
    )
    assert found == []
    first, second = notes
    assert (first.id, first.kind, first.deck) == ("first", NoteKind.REVERSED, "Deck::Unit::One")
    assert first.tags == ("b-tag", "deck-tag", "file-tag")
    assert first.fields == {"front": "*Word*", "back": "Meaning"}
    assert first.html == {"front": "<em>Word</em>", "back": "Meaning"}
    assert first.location == Location(tmp_path / "cards.yaml", 5, 5)
    assert first.field_locations["back"] == Location(tmp_path / "cards.yaml", 7, 11)
    assert (first.source, first.quote) == (ARTICLE, "the words")
    assert (second.kind, second.tags) == (NoteKind.CLOZE, ("deck-tag", "file-tag"))
    assert second.fields == {"text": "{{c1::Paris}} is in France."}


def test_an_empty_file_and_a_file_without_a_list_of_notes(tmp_path: Path) -> None:
    assert checked(tmp_path, "# nothing\n") == (
        [],
        [(1, 1, "PD006", "card file is empty: it needs a 'notes' list")],
    )
    assert checked(tmp_path, "notes: {id: one}\n") == (
        [],
        [(1, 8, "PD005", "'notes' must be a list of notes, not a mapping")],
    )
    assert checked(tmp_path, "- id: one\n") == (
        [],
        [(1, 1, "PD005", "a card file must be a mapping of keys to values, not a list")],
    )


def test_a_note_with_a_problem_is_left_out_and_the_others_kept(tmp_path: Path) -> None:
    notes, found = checked(
        tmp_path,
        "notes:\n"
        "  - just text\n"
        "  - {id: no-back, front: Q}\n"
        "  - {id: good, front: Q, back: A}\n"
        "  - {front: Q, back: A}\n",
    )
    assert [note.id for note in notes] == ["good"]
    assert found == [
        (2, 5, "PD005", "a note must be a mapping of keys to values, not text"),
        (3, 5, "PD006", "note is missing the required key 'back'"),
        (5, 5, "PD006", "note is missing the required key 'id'"),
    ]


def test_a_duplicate_id_names_the_place_it_was_first_used(tmp_path: Path) -> None:
    ids: dict[str, Location] = {}
    checked(tmp_path, "notes:\n  - {id: one, front: Q, back: A}\n", ids=ids, name="a.yaml")
    assert ids == {"one": Location(tmp_path / "a.yaml", 2, 10)}
    notes, found = checked(
        tmp_path, "notes:\n\n  - {id: one, front: Q, back: A}\n", ids=ids, name="b.yaml"
    )
    assert notes == []
    first = (tmp_path / "a.yaml").as_posix()
    assert found == [
        (
            3,
            10,
            "PD008",
            f"duplicate note id 'one': also used at {first}:2:10;"
            " ids must be unique in the project",
        )
    ]
    # What the package exports for other readers of ids: the very problem reported.
    problem = duplicate_id_problem(Location(tmp_path / "b.yaml", 3, 10), "one", ids["one"])
    assert [(problem.line, problem.column, problem.code, problem.message)] == found


def test_the_id_of_a_note_of_unknown_type_is_still_claimed(tmp_path: Path) -> None:
    ids: dict[str, Location] = {}
    notes, found = checked(tmp_path, "type: vocab\nnotes:\n  - {id: one, whatever: 1}\n", ids=ids)
    assert notes == []
    assert [(line, column, code) for line, column, code, _ in found] == [(1, 7, "PD017")]
    assert list(ids) == ["one"]  # so a second 'one' elsewhere is still a duplicate


def test_multiple_choice_answers_and_choices_are_checked(tmp_path: Path) -> None:
    notes, found = checked(
        tmp_path,
        "type: multiple-choice\n"
        "notes:\n"
        "  - {id: good, question: Q, choices: [Red, Blue], answer: Blue}\n"
        "  - {id: spaced, question: Q, choices: [Red, Blue], answer: ' Blue '}\n"
        "  - {id: miss, question: Q, choices: [Red, Blue], answer: Blu}\n"
        "  - {id: one, question: Q, choices: [Red], answer: Red}\n"
        "  - {id: twice, question: Q, choices: [Red, ' Red'], answer: Red}\n"
        "  - {id: text, question: Q, choices: Red, answer: Red}\n",
    )
    assert [note.id for note in notes] == ["good", "spaced"]  # spaces around do not count
    assert notes[0].fields["choices"] == ("Red", "Blue")
    assert found == [
        (
            5,
            59,
            "PD012",
            "answer 'Blu' is not one of the choices (did you mean 'Blue'?);"
            " write it exactly as in 'choices'",
        ),
        (6, 37, "PD017", "'choices' has 1 option; give 2 to 6"),
        (7, 45, "PD017", "choice ' Red' is given twice"),
        (8, 38, "PD005", "'choices' must be a list of options, not text"),
    ]


def test_cloze_markup_is_checked_where_it_is_written(tmp_path: Path) -> None:
    notes, found = checked(
        tmp_path,
        "notes:\n"
        "  - {id: basic, front: 'Paris is in {{c1::France}}.', back: A}\n"
        "  - {id: broken, type: cloze, text: 'Paris is {{c1::in France.'}\n"
        "  - {id: extra, type: cloze, text: '{{c1::A}}', extra: 'See {{c2::B}}'}\n",
    )
    assert notes == []
    assert [(line, column, code) for line, column, code, _ in found] == [
        (2, 37, "PD011"),
        (3, 47, "PD010"),
        (4, 61, "PD011"),
    ]
    assert found[0][3] == (
        "cloze deletion in a basic note is shown as literal text; only a cloze note's"
        " 'text' makes cards from deletions"
    )
    assert found[2][3].startswith("cloze deletion in the 'extra' field is shown")


def test_sources_are_known_and_quotes_found_in_their_file(tmp_path: Path) -> None:
    deck = settings(tmp_path, document="The article says the words plainly.")
    notes, found = checked(
        tmp_path,
        "notes:\n"
        "  - {id: found, front: Q, back: A, source: {ref: article, quote: says the words}}\n"
        "  - {id: lost, front: Q, back: A, source: {ref: article, quote: '\"never said\"'}}\n"
        "  - {id: other, front: Q, back: A, source: {ref: artcle}}\n"
        "  - {id: bare, front: Q, back: A, source: {quote: words}}\n",
        deck=deck,
    )
    assert [note.id for note in notes] == ["found"]
    assert [(line, column, code) for line, column, code, _ in found] == [
        (3, 67, "PD030"),
        (4, 50, "PD013"),
        (5, 35, "PD006"),
    ]
    assert found[1][3] == (
        "unknown source 'artcle' (did you mean 'article'?); known sources: article"
    )
