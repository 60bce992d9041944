"""The ``lint`` keys of deck.yaml and of a note, checked against the rules
the lint package declares (a ``RuleCatalog``: validation imports no rule)."""

from __future__ import annotations

from .. import codes, schema
from ..model import LintConfig
from ..source import Node
from .checker import Checker, kind_of, suggest

_DIGIT_LOOKALIKES = str.maketrans("OoIl", "0011")


def lint_config(checker: Checker, node: Node, owner: tuple[int, int]) -> LintConfig:
    entries = checker.mapping(node, schema.LINT_KEYS, "'lint'", owner=owner)
    if entries is None:
        return LintConfig()
    select = _rule_codes(checker, entries["select"], "select") if "select" in entries else None
    ignore = _rule_codes(checker, entries["ignore"], "ignore") if "ignore" in entries else None
    return LintConfig(
        select=select,
        ignore=ignore or frozenset(),
        severity=_severities(checker, entries["severity"]) if "severity" in entries else {},
        limits=_limits(checker, entries["limits"]) if "limits" in entries else {},
    )


def note_lint(checker: Checker, node: Node, owner: tuple[int, int]) -> frozenset[str] | None:
    entries = checker.mapping(node, schema.NOTE_LINT_KEYS, "'lint'", owner=owner)
    if entries is None:
        return None
    if "reason" in entries:
        checker.string(entries["reason"], "reason")
    return _rule_codes(checker, entries["ignore"], "ignore") if "ignore" in entries else None


def _rule_codes(checker: Checker, node: Node, what: str) -> frozenset[str]:
    items = [node] if isinstance(node.value, str) else node.value
    if not isinstance(items, list):
        checker.at(
            node, codes.WRONG_TYPE, f"'{what}' must be a list of rule codes, not {kind_of(node)}"
        )
        return frozenset()
    chosen = set()
    for item in items:
        code = checker.string(item, "rule code")
        if code is not None and _known_rule(checker, item, code):
            chosen.add(code)
    return frozenset(chosen)


def _known_rule(checker: Checker, node: Node, code: str) -> bool:
    rules = checker.rules
    if code in rules.codes:
        return True
    names = rules.names
    if code in names:
        hint = f"; write its code, {names[code]}"
    elif code in codes.CODES:
        hint = f"; {code} is a check that keeps the deck buildable, not a lint rule"
    else:
        # A letter typed for a digit ('PD1O9') is the likeliest slip: difflib
        # alone rates PD109 and PD119 alike.
        lookalike = code[:2] + code[2:].translate(_DIGIT_LOOKALIKES)
        close = f" (did you mean '{lookalike}'?)" if lookalike in rules.codes else ""
        suggestion = close or suggest(code, rules.codes)
        hint = f"{suggestion}; lint rules are {rules.codes[0]} to {rules.codes[-1]}"
    checker.at(node, codes.BAD_VALUE, f"unknown lint rule {code!r}{hint}")
    return False


def _severities(checker: Checker, node: Node) -> dict[str, str]:
    entries = checker.entries(node, "'severity' must map rule codes to a level")
    levels = {}
    for code, value in entries.items():
        line, column = node.keys[code]
        known = _known_rule(checker, Node(code, line, column), code)
        level = checker.string(value, "severity")
        if level is not None and level not in ("error", "warning"):
            checker.at(value, codes.BAD_VALUE, f"severity {level!r} must be 'error' or 'warning'")
        elif known and level is not None:
            levels[code] = level
    return levels


def _limits(checker: Checker, node: Node) -> dict[str, int]:
    known_limits = checker.rules.limits
    entries = checker.entries(node, "'limits' must map limit names to numbers")
    limits = {}
    for name, value in entries.items():
        line, column = node.keys[name]
        if name not in known_limits:
            known = ", ".join(sorted(known_limits))
            checker.report(
                line,
                column,
                codes.UNKNOWN_KEY,
                f"unknown limit '{name}'{suggest(name, known_limits)}; limits are {known}",
            )
        elif not isinstance(value.value, int) or isinstance(value.value, bool):
            checker.at(
                value,
                codes.WRONG_TYPE,
                f"limit '{name}' must be a whole number, not {kind_of(value)}",
            )
        elif value.value < 1:
            checker.at(
                value, codes.BAD_VALUE, f"limit '{name}' must be 1 or more, not {value.value}"
            )
        else:
            limits[name] = value.value
    return limits
