"""The registry: every module of this folder is a rule, listed in code order
(modules are named after their rule: ``pd101_duplicate_first_field``)."""

from __future__ import annotations

import importlib
import pkgutil

from ..rule import Rule

RULES: tuple[Rule, ...] = tuple(
    Rule.from_module(importlib.import_module(f"{__name__}.{module.name}"))
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name)
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
LIMITS: dict[str, int] = {name: value for rule in RULES for name, value in rule.limits.items()}
