"""Lint rules: what a valid deck may still get wrong.

``check`` makes sure a deck builds; the rules here look for what builds but
fails silently in Anki, and for cards that are hard to learn from. Each rule
is a module in ``rules/``; ``deck.yaml``'s ``lint`` key selects, ignores and
tunes them, and a note's own ``lint`` key exempts it with a reason.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from pathlib import Path

from ..model import Deck, LintConfig, RuleCatalog
from ..problems import Problem, Severity
from ..source import SourceFile
from .rule import Context, Finding, Rule
from .rules import BY_CODE, LIMITS, RULES

__all__ = [
    "BY_CODE",
    "CATALOG",
    "LIMITS",
    "RULES",
    "Finding",
    "Rule",
    "find_rule",
    "rule_doc",
    "rules_list",
    "rules_table",
    "run",
    "severity_of",
]

# What validation needs to know of the rules to check deck.yaml's 'lint' keys.
CATALOG = RuleCatalog(
    codes=tuple(rule.code for rule in RULES),
    names={rule.name: rule.code for rule in RULES},
    limits=LIMITS,
)

_SEVERITIES = {str(severity): severity for severity in Severity}


def severity_of(rule: Rule, config: LintConfig) -> Severity:
    chosen = config.severity.get(rule.code)
    return _SEVERITIES[chosen] if chosen else rule.severity


def selected(config: LintConfig) -> list[Rule]:
    return [
        rule
        for rule in RULES
        if (config.select is None or rule.code in config.select) and rule.code not in config.ignore
    ]


def run(deck: Deck, sources: Mapping[Path, SourceFile], errors_only: bool = False) -> list[Problem]:
    """The problems the selected rules find in ``deck``, sorted by place;
    only the rules at error level when ``errors_only``."""
    config = deck.lint
    context = Context(deck, sources, {**LIMITS, **config.limits})
    problems = []
    for rule in selected(config):
        severity = severity_of(rule, config)
        if errors_only and severity is not Severity.ERROR:
            continue
        for finding in rule.check(context):
            if finding.note is not None and rule.code in finding.note.lint_ignore:
                continue
            at = finding.location
            problems.append(
                Problem(at.path, at.line, at.column, rule.code, finding.message, severity)
            )
    return sorted(problems)


def rules_table() -> str:
    """The Markdown table of every rule, as README.md shows it."""
    lines = [
        "| code | name | severity | reports | limits (default) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in RULES:
        limits = ", ".join(f"`{name}` ({value})" for name, value in rule.limits.items())
        lines.append(
            f"| {rule.code} | `{rule.name}` | {rule.severity} | {rule.summary} | {limits} |"
        )
    return "\n".join(lines)


def find_rule(code_or_name: str) -> Rule | None:
    """The rule with this code (any case) or kebab-case name."""
    wanted = code_or_name.strip()
    for rule in RULES:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None


def rule_doc(rule: Rule) -> str:
    """A rule's documentation as ``peerdeck rule CODE`` prints it: a header
    line, its docstring, and its limits."""
    lines = [f"{rule.code} {rule.name} ({rule.severity})", "", inspect.cleandoc(rule.doc)]
    if rule.limits:
        lines += ["", "Limits (deck.yaml lint: limits):"]
        lines += [f"  {name}: {value} (default)" for name, value in rule.limits.items()]
    return "\n".join(lines)


def rules_list() -> str:
    """One line per rule: code, name, severity, what it reports."""
    width = max(len(rule.name) for rule in RULES)
    return "\n".join(
        f"{rule.code}  {rule.name:<{width}}  {rule.severity!s:<7}  {rule.summary}" for rule in RULES
    )
