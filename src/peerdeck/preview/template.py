"""Anki's card templates, rendered as Anki's Rust renderer renders them.

A port of ``rslib/src/template.rs`` and ``template_filters.rs``: the same
tokens (``{{Field}}``, ``{{#Field}}``/``{{^Field}}``...``{{/Field}}``,
comments, the legacy ``{{=<% %>=}}`` syntax), the same filters applied right
to left (``text``, ``hint``, ``cloze``, ``cloze-only``, ``type``, the ruby
filters, ``tts``), the same errors for a field or a closing tag that does not
exist, and ``{{FrontSide}}`` as the question's text. It knows nothing about
peerdeck's own note types: any note type's templates render here.

The output is what ``card.question()`` and ``card.answer()`` give without
their ``<style>``, with ``[sound:...]`` tags left as written (Anki replaces
them by play-button markers) and ``[[type:...]]`` left for the reviewer, as
Anki leaves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import blake2b

from .reveal import cloze_filter, cloze_only_filter
from .text import strip_html

_ALT_SYNTAX = "{{=<% %>=}}"
_COMMENT_START, _COMMENT_END = "<!--", "-->"
_CLOZE_CONDITIONAL = re.compile(r"c\d+")
# Only white space and empty <br>/<div> tags: an empty field to Anki.
_EMPTY_FIELD = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")


class TemplateError(Exception):
    """A template Anki cannot render: the message says why, as Anki does."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Replacement:
    key: str
    filters: tuple[str, ...]  # in the order they apply


@dataclass(frozen=True)
class Conditional:
    key: str
    negated: bool
    children: tuple[Node, ...]


Node = Text | Replacement | Conditional


@dataclass(frozen=True)
class Context:
    """What one side of one card renders with: every field by name (the
    note's and Anki's special ones), the card's ordinal, and on the answer
    side the question's text."""

    fields: Mapping[str, str]
    card_ord: int
    front_side: str | None = None
    nonempty: frozenset[str] = field(default=frozenset())

    @classmethod
    def create(
        cls, fields: Mapping[str, str], card_ord: int, front_side: str | None = None
    ) -> Context:
        nonempty = frozenset(name for name, value in fields.items() if not field_is_empty(value))
        return cls(fields, card_ord, front_side, nonempty)


def field_is_empty(text: str) -> bool:
    return _EMPTY_FIELD.match(text) is not None


def render(template: str, context: Context) -> str:
    """``template`` rendered with ``context``; raises ``TemplateError``."""
    return "".join(_render(parse(template), context))


def renders_with(template: str, nonempty: frozenset[str]) -> bool:
    """Whether the template shows a field with these fields filled (Anki's
    test for whether a standard note type's template makes a card)."""
    return not _is_empty(parse(template), nonempty)


def cloze_fields(template: str) -> list[str]:
    """The fields the template shows through the ``cloze`` filter."""
    found: list[str] = []

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Replacement) and "cloze" in node.filters:
                found.append(node.key)
            elif isinstance(node, Conditional):
                walk(node.children)

    walk(parse(template))
    return found


# Lexing and parsing
# ------------------


def _tokens(template: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs: 'text', 'comment' or 'handle' (the inside of a
    pair of delimiters)."""
    start, end = "{{", "}}"
    if template.lstrip().startswith(_ALT_SYNTAX):
        template = template.lstrip()[len(_ALT_SYNTAX) :]
        start, end = "<%", "%>"
    position, text_from = 0, 0
    while position < len(template):
        found = _token_at(template, position, start, end)
        if found is None:
            position += 1
            continue
        kind, inner, after = found
        if text_from < position:
            yield "text", template[text_from:position]
        yield kind, inner
        position = text_from = after
    if text_from < len(template):
        yield "text", template[text_from:]


def _token_at(template: str, position: int, start: str, end: str) -> tuple[str, str, int] | None:
    for kind, opener, closer in (("handle", start, end), ("comment", _COMMENT_START, _COMMENT_END)):
        if template.startswith(opener, position):
            close = template.find(closer, position + len(opener))
            if close >= 0:
                return kind, template[position + len(opener) : close], close + len(closer)
    return None


@lru_cache(maxsize=256)  # a deck has a few templates, parsed once each
def parse(template: str) -> tuple[Node, ...]:
    tokens = _tokens(template)
    return tuple(_parse(tokens, None))


def _parse(tokens: Iterator[tuple[str, str]], open_tag: str | None) -> list[Node]:
    nodes: list[Node] = []
    for kind, text in tokens:
        if kind == "text":
            nodes.append(Text(text))
        elif kind == "comment":
            nodes.append(Text(_COMMENT_START + text + _COMMENT_END))
        else:
            handle = text.lstrip("{").strip()
            if len(handle) >= 2 and handle[0] in "#^":
                key = handle[1:].lstrip()
                nodes.append(Conditional(key, handle[0] == "^", tuple(_parse(tokens, key))))
            elif len(handle) >= 2 and handle[0] == "/":
                closed = handle[1:].lstrip()
                if open_tag == closed:
                    return nodes
                if open_tag is not None:
                    raise TemplateError(
                        f"Found '{{{{/{closed}}}}}', but expected '{{{{/{open_tag}}}}}'"
                    )
                raise TemplateError(
                    f"Found '{{{{/{closed}}}}}', but missing"
                    f" '{{{{#{closed}}}}}' or '{{{{^{closed}}}}}'"
                )
            else:
                *filters, key = handle.split(":")
                nodes.append(Replacement(key, tuple(reversed(filters))))
    if open_tag is not None:
        raise TemplateError(f"Missing '{{{{/{open_tag}}}}}'")
    return nodes


# Rendering
# ---------


def _is_empty(nodes: tuple[Node, ...], nonempty: frozenset[str]) -> bool:
    for node in nodes:
        if isinstance(node, Replacement) and node.key in nonempty:
            return False
        if isinstance(node, Conditional):
            if node.key in nonempty and node.negated:
                continue
            if (node.key in nonempty or node.negated) and not _is_empty(node.children, nonempty):
                return False
    return True


def _render(nodes: tuple[Node, ...], context: Context) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, Text):
            yield node.text
        elif isinstance(node, Conditional):
            shown = _conditional(node, context)
            rendered = list(_render(node.children, context))  # errors count either way
            if shown:
                yield from rendered
        elif node.key == "FrontSide":
            yield context.front_side or ""
        elif node.key or not node.filters:
            yield _replacement(node, context)


def _conditional(node: Conditional, context: Context) -> bool:
    if node.key in context.nonempty:
        return not node.negated
    if node.key in context.fields or _CLOZE_CONDITIONAL.fullmatch(node.key):
        return node.negated
    prefix = "^" if node.negated else "#"
    raise TemplateError(
        f"Found '{{{{{prefix}{node.key}}}}}', but there is no field called '{node.key}'"
    )


def _replacement(node: Replacement, context: Context) -> str:
    text = context.fields.get(node.key)
    if text is None:
        shown = "".join(f"{name}:" for name in reversed(node.filters))
        raise TemplateError(
            f"Found '{{{{{shown}{node.key}}}}}', but there is no field called '{node.key}'"
        )
    return apply_filters(text, node.filters, node.key, context)


def apply_filters(text: str, filters: tuple[str, ...], name: str, context: Context) -> str:
    """Each filter in turn; ``type`` after any other replaces them all, and
    a filter Anki does not know leaves the text as it is."""
    if filters and filters[-1] == "type":
        special: dict[tuple[str, ...], str] = {
            ("cloze", "type"): "type-cloze",
            ("nc", "type"): "type-nc",
        }
        filters = (special.get(filters, "type"),)
    for filter_name in filters:
        text = _apply(filter_name, text, name, context)
    return text


def _apply(filter_name: str, text: str, name: str, context: Context) -> str:
    simple: dict[str, Callable[[str], str]] = {
        "text": strip_html,
        "furigana": _furigana,
        "kanji": _kanji,
        "kana": _kana,
    }
    if filter_name in simple:
        return simple[filter_name](text)
    if filter_name == "type":
        return f"[[type:{name}]]"
    if filter_name in ("type-cloze", "type-nc"):
        return f"[[type:{filter_name[5:]}:{name}]]"
    if filter_name == "hint":
        return _hint(text, name)
    if filter_name == "cloze":
        return cloze_filter(text, context.card_ord + 1, context.front_side is None)
    if filter_name == "cloze-only":
        return cloze_only_filter(text, context.card_ord + 1, context.front_side is None)
    if filter_name.startswith("tts "):
        return f"[anki:tts lang={filter_name[4:]}]{text}[/anki:tts]"
    return text  # "" (two colons) and unknown filters: Anki applies none


def _ruby(text: str, group: int) -> str:
    def replace(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2).startswith("sound:") else match.group(group)

    return _FURIGANA.sub(replace, text.replace("&nbsp;", " "))


def _kanji(text: str) -> str:
    return _ruby(text, 1)


def _kana(text: str) -> str:
    return _ruby(text, 2)


def _furigana(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(2).startswith("sound:"):
            return match.group(0)
        return f"<ruby><rb>{match.group(1)}</rb><rt>{match.group(2)}</rt></ruby>"

    return _FURIGANA.sub(replace, text.replace("&nbsp;", " "))


def _hint(text: str, name: str) -> str:
    if not text.strip():
        return text
    # Anki hashes with BLAKE3, which Python lacks: any stable id serves.
    dom_id = blake2b((text + name).encode(), digest_size=8).hexdigest()
    return (
        f'\n<a class=hint href="#"\nonclick="this.style.display=\'none\';\n'
        f"document.getElementById('hint{dom_id}').style.display='block';\n"
        f'return false;" draggable=false>\n{name}</a>\n'
        f'<div id="hint{dom_id}" class=hint style="display: none">{text}</div>\n'
    )
