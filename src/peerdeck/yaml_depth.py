"""A cheap upper bound on how deeply a YAML text nests its collections.

Most files are proved shallow by it, so that only the rare file it cannot
bound is walked event by event before libyaml's recursive composer sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from . import codes
from .limits import YAML_DEPTH as MAX_DEPTH
from .problems import Problem


def nesting_problem(path: Path, text: str, loader: Any) -> Problem | None:
    """Refuse nesting deeper than MAX_DEPTH before libyaml's composer, which
    recurses in C and crashes the process on tens of thousands of levels.
    Parser events come without recursion, but cost time, so they are only
    walked for a file whose brackets or line lengths allow deep nesting."""
    widest = max(map(len, text.splitlines()), default=0)
    if text.count("[") + text.count("{") + widest < 1_000:
        return None
    if depth_bound(text) <= MAX_DEPTH:
        return None
    try:
        return _first_too_deep(path, yaml.parse(text, Loader=loader))
    except yaml.YAMLError:
        pass
    # libyaml may refuse nesting past a limit of its own (1,000 levels in the
    # libyaml some PyYAML wheels bundle) while it scans ahead for a key, before
    # it yields the events that reach ours. PyYAML's own parser has no such
    # limit and stops at ours, so every libyaml reports the same place.
    try:
        return _first_too_deep(path, yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return None  # a syntax error, which composing reports


def _first_too_deep(path: Path, events: Iterable[yaml.Event]) -> Problem | None:
    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                message = f"values nested more than {MAX_DEPTH} levels deep"
                return Problem(path, line, column, codes.YAML_REFUSED, message)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


# The patterns on whole lines start at the line break before them (the text
# is given one in front), which the regex engine finds faster than '^'.
# The indentation and indicators ('- ', '? ', ': ') that open a line:
_LINE_PREFIX = re.compile(r"\n(?:---|\.\.\.)?[ \t]*(?:[-?:](?:[ \t]+|(?=\n)))*")
# A line whose first bracket opens a flow collection where a value starts:
# after the indentation, sequence dashes and a plain key.
_FLOW_START = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[\w-]+:[ \t]+)?[\[{]")
_QUOTED = r"""(?:'[^'\n]*(?:''[^'\n]*)*'|"[^"\\\n]*(?:\\.[^"\\\n]*)*")"""
_PLAIN_KEY = r"""[^\s\[\]{}'"#!,:][^\[\]{}'"#!,:\n]*"""
_FLOW_ITEM = rf"""(?:[ \t]*(?:{_PLAIN_KEY}:[ \t]+)?{_QUOTED}[ \t]*|[^\[\]{{}}'"#!,\n]*)"""
# The usual lines with brackets: a quoted value (its brackets are text) or
# one flat flow collection of plain and quoted items, where a value starts.
_PLAIN_LINE = re.compile(
    rf"""\n[ \t]*(?:-[ \t]+)*(?:[\w-]+:[ \t]+)?"""
    rf"""(?:{_QUOTED}|[\[{{]{_FLOW_ITEM}(?:,{_FLOW_ITEM})*[\]}}])(?:[ \t]+#.*)?[ \t]*(?=\n)"""
)
_FLOW_TOKEN = re.compile(rf"""[\[{{]|[\]}}]|{_QUOTED}|['"#!]""")
_OPENER_LINE = re.compile(r"\n([^\n\[{]*[\[{].*)")


def depth_bound(text: str) -> int:
    """A cheap upper bound on how deeply ``text`` nests its collections, or
    MAX_DEPTH + 1 when it cannot tell; exact parsing is left for then.

    Block collections deepen only with indentation, at most two levels per
    column of the widest line prefix (a mapping and the sequence written
    under its key at the same indentation), plus one for a mapping that
    starts past the prefix, after an anchor or tag ('- &a key: value'): all
    it holds on its line are scalars and flow collections, and what it holds
    on later lines is indented past it. Flow collections are bounded line
    by line; a line whose brackets cannot be read without a parser
    (a collection left open, a comment or tag inside one, a quote not
    opening a quoted value) gives up."""
    lines = f"\n{text}\n".replace("\r\n", "\n")
    if re.search("[\r\x85\u2028\u2029]", lines):  # line breaks other than \n
        return MAX_DEPTH + 1
    widest_prefix = max(map(len, _LINE_PREFIX.findall(lines))) - 1
    flow = 1  # for the flat collections of _PLAIN_LINE
    for line in _OPENER_LINE.findall(_PLAIN_LINE.sub("", lines)):
        depth = _flow_depth(line)
        if depth is None:
            return MAX_DEPTH + 1
        flow = max(flow, depth)
    return 2 * (widest_prefix + 1) + 1 + flow


def _flow_depth(line: str) -> int | None:
    """How deeply flow collections nest on one line that starts outside any
    (brackets inside quoted values aside), or None when unsure."""
    first = min(i for i in (line.find("["), line.find("{")) if i >= 0)
    before = line[:first]
    if not re.search(r"['\"]", before) and re.search(r"(?:^|\s)#", before):
        return 0  # the brackets are in a comment
    if _FLOW_START.fullmatch(line, 0, first + 1) is None:
        # Plain text with brackets in it: exact when no quote, comment or
        # tag can hide one, and all of them close again.
        return None if re.search(r"['\"#!]", line) else _bracket_depth(line[first:])
    depth = deepest = 0
    for token in _FLOW_TOKEN.finditer(line, first):
        found = token.group()
        if found in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif found in ("]", "}"):
            depth -= 1
            if depth == 0:  # after the collection, a comment at most
                rest = line[token.end() :]
                return deepest if not rest.strip() or re.match(r"\s+#", rest) else None
        elif len(found) == 1 or not _opens_value(line, token.start()):
            return None  # an unclosed quote, a comment, a tag, a quote in plain text
    return None  # left open at the end of the line


def _opens_value(line: str, position: int) -> bool:
    """True when a quote at ``position`` in flow context starts a quoted value."""
    end = position  # the end of what precedes it, spaces skipped (no slice: linear)
    while end > 0 and line[end - 1].isspace():
        end -= 1
    last = line[end - 1 : end]
    return last in ("[", "{", ",") or (last == ":" and end != position)


def _bracket_depth(text: str) -> int | None:
    depth = deepest = 0
    for char in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest if depth == 0 else None
