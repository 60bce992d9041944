"""deck.yaml's ``lint`` key and a note's own ``lint`` key, and their checks."""

from __future__ import annotations

from pathlib import Path

from peerdeck import pipeline
from peerdeck.lint import CATALOG
from peerdeck.problems import Severity
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, write_project

CARDS = """\
notes:
  - id: yes-no
    front: Is trust earned?
    back: Slowly.
  - id: exempt
    front: Is it earned slowly?
    back: Over months.
    lint: {ignore: [PD111, PD115], reason: "the article asks it this way"}
"""


# Every new rule extends the range an unknown code's message names.
RANGE = f"lint rules are PD101 to {CATALOG.codes[-1]}"


def found(root: Path) -> list[tuple[str, int, str]]:
    return [(p.code, p.line, str(p.severity)) for p in pipeline.lint(RunSettings(root)).problems]


def test_every_rule_runs_by_default_and_a_note_can_be_exempted(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.yaml": CARDS})
    assert found(tmp_path) == [("PD115", 2, "warning"), ("PD111", 3, "warning")]


def test_select_runs_only_the_rules_listed(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.yaml": CARDS}, deck=DECK_YAML + "lint: {select: [PD115]}\n")
    assert found(tmp_path) == [("PD115", 2, "warning")]


def test_ignore_turns_rules_off(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.yaml": CARDS}, deck=DECK_YAML + "lint: {ignore: PD115}\n")
    assert found(tmp_path) == [("PD111", 3, "warning")]


def test_severity_makes_a_rule_an_error_that_check_runs(tmp_path: Path) -> None:
    deck = DECK_YAML + "lint:\n  severity: {PD111: error, PD108: warning}\n"
    write_project(tmp_path, {"a.yaml": CARDS}, deck=deck)
    assert found(tmp_path) == [("PD115", 2, "warning"), ("PD111", 3, "error")]
    checked = pipeline.check(RunSettings(tmp_path)).problems
    assert [(p.code, p.severity) for p in checked] == [("PD111", Severity.ERROR)]


def test_a_downgraded_error_rule_no_longer_stops_the_build(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {"a.yaml": "notes: [{id: one, front: 'Why? <script>x()</script>', back: A.}]\n"},
        deck=DECK_YAML + "lint: {severity: {PD108: warning}}\n",
    )
    assert pipeline.check(RunSettings(tmp_path)).problems == []
    assert (
        pipeline.build(
            RunSettings(tmp_path, output=tmp_path / "out.apkg", timestamp=1_700_000_000)
        ).package
        is not None
    )


def test_bad_settings_are_reported_where_they_are_written(tmp_path: Path) -> None:
    # PD1109 and PD1021 have a digit too many: no three-digit code a new
    # rule takes (PD122 to PD999) comes as close as PD119 and PD121 do.
    deck = DECK_YAML + (
        "lint:\n"
        "  select: [PD101, long-answer, PD001, PD1109]\n"
        "  severity: {PD105: fatal, PD1021: warning}\n"
        "  limits: {answer-words: 0, answer-word: 3, deck-depth: yes}\n"
        "  colour: red\n"
    )
    write_project(
        tmp_path,
        {"a.yaml": CARDS.replace(', reason: "the article asks it this way"', "")},
        deck=deck,
    )
    problems = pipeline.lint(RunSettings(tmp_path)).problems
    assert [(p.path.name, p.line, p.column, p.code, p.message) for p in problems] == [
        ("a.yaml", 8, 5, "PD006", "'lint' is missing the required key 'reason'"),
        ("deck.yaml", 9, 19, "PD017", "unknown lint rule 'long-answer'; write its code, PD109"),
        (
            "deck.yaml",
            9,
            32,
            "PD017",
            "unknown lint rule 'PD001'; PD001 is a check that keeps the deck buildable,"
            " not a lint rule",
        ),
        (
            "deck.yaml",
            9,
            39,
            "PD017",
            f"unknown lint rule 'PD1109' (did you mean 'PD119'?); {RANGE}",
        ),
        ("deck.yaml", 10, 21, "PD017", "severity 'fatal' must be 'error' or 'warning'"),
        (
            "deck.yaml",
            10,
            28,
            "PD017",
            f"unknown lint rule 'PD1021' (did you mean 'PD121'?); {RANGE}",
        ),
        ("deck.yaml", 11, 26, "PD017", "limit 'answer-words' must be 1 or more, not 0"),
        (
            "deck.yaml",
            11,
            29,
            "PD004",
            "unknown limit 'answer-word' (did you mean 'answer-words'?); limits are"
            " answer-words, cloze-deletions, deck-depth, package-mb, similarity",
        ),
        (
            "deck.yaml",
            11,
            57,
            "PD005",
            "limit 'deck-depth' must be a whole number, not a boolean",
        ),
        ("deck.yaml", 12, 3, "PD004", "unknown key 'colour'"),
    ]
