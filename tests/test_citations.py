"""Quotes checked against the files of the sources they cite."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from peerdeck import pipeline
from peerdeck.citations import fold, fragments
from peerdeck.cli import main
from peerdeck.problems import Problem, Severity
from peerdeck.settings import RunSettings

from helpers import write_project, write_tree

ROOT = Path(__file__).parent.parent
SHARED_SOURCES = ROOT.parent / "shared" / "sources"

DECK = """\
name: Quoted
id: quoted
sources_dir: sources
sources:
  article:
    title: An Article
    file: article.md
  unfiled:
    title: A Book Without a File
"""

ARTICLE = (
    "# On \u201cPeer\u201d Support\n\n"
    "It\u2019s the bedrock of trust — and trust\n"
    "takes   time to build. Sharing helps; oversharing hurts.\n"
)


def _project(tmp_path: Path, notes: str, deck: str = DECK) -> Path:
    write_tree(tmp_path, {"sources/article.md": ARTICLE})
    return write_project(tmp_path, {"cards.yaml": notes}, deck=deck)


def _note(quote: str, ref: str = "article", note_id: str = "n") -> str:
    return (
        f"  - id: {note_id}\n    front: Q\n    back: A\n"
        f"    source:\n      ref: {ref}\n      quote: {quote}\n"
    )


def _problems(root: Path, sources: Path | None = None) -> list[Problem]:
    return pipeline.check(RunSettings(root, sources_dir=sources)).problems


def _places(problems: list[Problem]) -> list[tuple[str, int, int, str]]:
    return [(p.path.name, p.line, p.column, p.code) for p in problems]


def test_fold_forgives_space_typographic_quotes_dashes_and_case() -> None:
    assert (
        fold("  It\u2019s \u201cHere\u201d\u00a0\u2014 a\n\tTest\u2026 ")
        == 'it\'s "here" - a test...'
    )


def test_fragments_keep_their_offsets_in_the_quote_as_written() -> None:
    quote = "bedrock of trust ... takes time\u2026build."
    assert [(f.text, f.offset, f.written) for f in fragments(quote)] == [
        ("bedrock of trust", 0, "bedrock of trust"),
        ("takes time", 21, "takes time"),
        ("build", 32, "build"),
    ]


def test_quotes_match_across_typographic_quotes_dashes_case_and_line_breaks(
    tmp_path: Path,
) -> None:
    notes = "notes:\n" + _note('"it\'s the Bedrock of trust - and trust takes time"')
    notes += _note("'on \"peer\" support'", note_id="m")
    assert _problems(_project(tmp_path, notes)) == []


def test_a_quote_not_in_its_file_is_reported_at_the_quote(tmp_path: Path) -> None:
    notes = (
        "notes:\n" + _note("trust is earned over years") + _note("'\u201cpeer\u201d'", note_id="m")
    )
    problems = _problems(_project(tmp_path, notes))
    assert _places(problems) == [("cards.yaml", 7, 14, "PD030")]
    assert problems[0].message == "quote not found in article.md"
    assert problems[0].severity is Severity.ERROR


def test_fragments_joined_by_an_ellipsis_must_occur_in_order(tmp_path: Path) -> None:
    notes = "notes:\n"
    notes += _note("bedrock of trust ... takes time", note_id="in-order")
    notes += _note("bedrock of trust\u2026oversharing hurts.", note_id="unicode-ellipsis")
    notes += _note("takes time ... bedrock of trust", note_id="out-of-order")
    notes += _note('"bedrock of trust ... takes money"', note_id="missing-fragment")
    problems = _problems(_project(tmp_path, notes))
    # Each miss points at its fragment: columns count from the value's start.
    assert _places(problems) == [
        ("cards.yaml", 19, 29, "PD030"),
        ("cards.yaml", 25, 36, "PD030"),
    ]
    assert [p.message for p in problems] == [
        "quote fragment 'bedrock of trust' occurs in article.md only before"
        " the fragment preceding it",
        "quote fragment 'takes money' not found in article.md",
    ]


def test_a_miss_in_a_folded_block_quote_is_reported_at_its_fragment(tmp_path: Path) -> None:
    notes = """\
        notes:
          - id: n
            front: Q
            back: A
            source:
              ref: article
              quote: >
                bedrock of trust ...
                takes a lifetime
        """
    problems = _problems(_project(tmp_path, notes))
    assert _places(problems) == [("cards.yaml", 9, 9, "PD030")]


def test_a_missing_sources_folder_is_one_warning_at_its_key(tmp_path: Path) -> None:
    deck = DECK.replace("sources_dir: sources", "sources_dir: nowhere")
    notes = "notes:\n" + _note("not in any article") + _note("nor this", note_id="m")
    problems = _problems(_project(tmp_path, notes, deck))
    assert _places(problems) == [("deck.yaml", 3, 1, "PD032")]
    assert problems[0].severity is Severity.WARNING
    assert "nowhere does not exist" in problems[0].message


def test_the_command_line_folder_wins_over_deck_yaml(tmp_path: Path) -> None:
    deck = DECK.replace("sources_dir: sources", "sources_dir: nowhere")
    notes = "notes:\n" + _note("not in any article")
    root = _project(tmp_path, notes, deck)
    assert _places(_problems(root, tmp_path / "sources")) == [("cards.yaml", 7, 14, "PD030")]
    missing = _problems(root, tmp_path / "elsewhere")
    assert _places(missing) == [("deck.yaml", 1, 1, "PD032")]
    assert missing[0].severity is Severity.WARNING


def test_a_missing_file_is_a_warning_at_its_file_key(tmp_path: Path) -> None:
    deck = DECK.replace("file: article.md", "file: gone.txt")
    notes = "notes:\n" + _note("not in any article")
    problems = _problems(_project(tmp_path, notes, deck))
    assert _places(problems) == [("deck.yaml", 7, 5, "PD031")]
    assert problems[0].severity is Severity.WARNING
    assert "gone.txt does not exist; quotes citing 'article' are not checked" in (
        problems[0].message
    )


def test_a_source_file_that_is_not_utf8_is_a_warning(tmp_path: Path) -> None:
    root = _project(tmp_path, "notes:\n" + _note("bedrock"))
    (tmp_path / "sources" / "article.md").write_bytes(b"caf\xe9 bedrock")
    problems = _problems(root)
    assert _places(problems) == [("deck.yaml", 7, 5, "PD031")]
    assert "is not UTF-8" in problems[0].message


def test_quotes_are_unchecked_without_a_folder_or_a_file(tmp_path: Path) -> None:
    deck = DECK.replace("sources_dir: sources\n", "")
    notes = "notes:\n" + _note("not in any article")
    assert _problems(_project(tmp_path, notes, deck)) == []
    notes = "notes:\n" + _note("not in any article", ref="unfiled")
    assert _problems(_project(tmp_path, notes)) == []


def test_check_fails_on_a_misquote_given_sources(tmp_path: Path) -> None:
    deck = DECK.replace("sources_dir: sources\n", "")
    root = _project(tmp_path, "notes:\n" + _note("not in any article"), deck)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["check", str(root), "--sources", str(tmp_path / "sources")])
    assert result.exit_code == 1
    assert "cards.yaml:7:14: PD030 quote not found in article.md" in result.stdout


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the source articles are not beside")
def test_the_bundled_deck_quotes_its_articles() -> None:
    loaded = pipeline.check(RunSettings(ROOT / "cards", sources_dir=SHARED_SOURCES))
    assert loaded.problems == []
    assert loaded.deck is not None
    assert sum(note.quote is not None for note in loaded.deck.notes) == len(loaded.deck.notes)
