"""README.md documents what the code declares, and CI runs what it promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peerdeck import codes, note_type_schema, schema
from peerdeck.cli import main
from peerdeck.codes import CODES
from peerdeck.lint import LIMITS, rules_table

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _all_keys() -> set[str]:
    groups = [
        schema.DECK_KEYS,
        schema.SOURCE_KEYS,
        schema.FILE_KEYS,
        schema.NOTE_KEYS,
        schema.SOURCE_REF_KEYS,
        schema.LINT_KEYS,
        schema.NOTE_LINT_KEYS,
        *schema.FIELD_KEYS.values(),
        note_type_schema.NOTE_TYPE_KEYS,
        note_type_schema.NOTE_TYPE_FIELD_KEYS,
        note_type_schema.NOTE_TYPE_TEMPLATE_KEYS,
        schema.CUSTOM_NOTE_KEYS,
    ]
    return {key.name for keys in groups for key in keys}


@pytest.mark.parametrize("key", sorted(_all_keys()))
def test_every_key_is_documented(key: str) -> None:
    assert f"`{key}`" in README


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_problem_code_is_documented(code: str) -> None:
    assert re.search(rf"^\| {code} \|", README, re.MULTILINE)


def test_every_documented_check_code_is_a_named_code() -> None:
    # The README's table "What check reports" and codes.py list the same codes.
    documented = set(re.findall(r"^\| (PD0[0-9]{2}) \|", README, re.MULTILINE))
    assert documented == set(CODES)


def test_every_named_code_is_declared_once() -> None:
    named = [value for name, value in vars(codes).items() if name.isupper() and name != "CODES"]
    assert sorted(named) == sorted(CODES)  # each code has one name, and each name a code


def test_the_lint_rules_table_matches_the_rules() -> None:
    # On failure, paste the printed table into README.md's "Lint rules".
    table = rules_table()
    assert table in README, table


@pytest.mark.parametrize("limit", sorted(LIMITS))
def test_every_limit_is_documented(limit: str) -> None:
    assert f"`{limit}`" in README


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"`peerdeck {command}" in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in ci.splitlines()
