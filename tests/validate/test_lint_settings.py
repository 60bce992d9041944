"""deck.yaml's and a note's ``lint`` keys, checked against whatever rules
the catalog given to validation names: validation knows no rule itself."""

from __future__ import annotations

from pathlib import Path

from peerdeck.media import MediaStore
from peerdeck.model import LintConfig, RuleCatalog
from peerdeck.validate import check_deck_file
from peerdeck.yaml_tree import read_yaml

RULES = RuleCatalog(
    codes=("PD101", "PD150"),
    names={"first-rule": "PD101", "other-rule": "PD150"},
    limits={"answer-words": 10},
)
DECK = "name: Deck\nid: deck\nlint:\n"


def checked(tmp_path: Path, lint: str) -> tuple[LintConfig, list[tuple[int, int, str, str]]]:
    path = tmp_path / "deck.yaml"
    path.write_text(DECK + lint)
    source, tree, problems = read_yaml(path)
    assert source is not None and not problems
    settings, found = check_deck_file(source, tree, MediaStore(tmp_path), RULES)
    return settings.lint, [(p.line, p.column, p.code, p.message) for p in found]


def test_codes_and_limits_of_the_catalog_are_taken(tmp_path: Path) -> None:
    lint, found = checked(
        tmp_path,
        "  select: [PD150]\n  ignore: PD101\n  severity: {PD150: error}\n"
        "  limits: {answer-words: 4}\n",
    )
    assert found == []
    assert lint == LintConfig(
        select=frozenset({"PD150"}),
        ignore=frozenset({"PD101"}),
        severity={"PD150": "error"},
        limits={"answer-words": 4},
    )


def test_what_the_catalog_does_not_name_is_refused_with_a_hint(tmp_path: Path) -> None:
    _, found = checked(
        tmp_path, "  select: [other-rule, PD1O1, PD010, PD109]\n  limits: {answer-word: 3}\n"
    )
    assert found == [
        (4, 12, "PD017", "unknown lint rule 'other-rule'; write its code, PD150"),
        (
            4,
            24,
            "PD017",
            "unknown lint rule 'PD1O1' (did you mean 'PD101'?); lint rules are PD101 to PD150",
        ),
        (
            4,
            31,
            "PD017",
            "unknown lint rule 'PD010'; PD010 is a check that keeps the deck buildable,"
            " not a lint rule",
        ),
        (
            4,
            38,
            "PD017",
            "unknown lint rule 'PD109' (did you mean 'PD150'?); lint rules are PD101 to PD150",
        ),
        (
            5,
            12,
            "PD004",
            "unknown limit 'answer-word' (did you mean 'answer-words'?); limits are answer-words",
        ),
    ]
