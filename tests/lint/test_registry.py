"""The registry of rules, and what it tells the layers below it."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdeck.codes import CODES
from peerdeck.lint import BY_CODE, CATALOG, LIMITS, RULES
from peerdeck.problems import RULE_CODE, Problem


def test_every_rule_code_is_kept_for_rules_and_no_check_uses_it() -> None:
    for rule in RULES:
        assert RULE_CODE.fullmatch(rule.code), rule.code
        assert rule.code not in CODES
    assert not [code for code in CODES if RULE_CODE.fullmatch(code)]


def test_the_catalog_lists_the_rules_in_code_order() -> None:
    assert CATALOG.codes == tuple(BY_CODE) == tuple(sorted(BY_CODE))
    assert CATALOG.names == {rule.name: rule.code for rule in RULES}
    assert dict(CATALOG.limits) == LIMITS


def test_a_problem_refuses_a_code_that_no_check_declares() -> None:
    Problem(Path("a.yaml"), 1, 1, "PD010", "fine")
    Problem(Path("a.yaml"), 1, 1, "PD119", "a rule's code")
    for code in ("PD099", "PD200", "PD10", "pd010", "PD1000"):
        with pytest.raises(ValueError, match="unknown problem code"):
            Problem(Path("a.yaml"), 1, 1, code, "typo")
