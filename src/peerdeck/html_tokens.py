"""HTML fragments split into tags, comments and text, as a browser splits them.

The one home of HTML tags: what a field's HTML holds is decided here, and
nowhere by a regular expression over tags. The states follow the WHATWG
tokenizer (the one Anki's web view runs) for the parts of HTML that decide
where a tag ends and what its attributes are: quoted values may hold ``>``,
``/`` separates attributes, ``=`` may start a name, ``<!-->`` is a whole
comment, ``</`` before a non-letter opens a bogus comment, and a tag the
fragment leaves unfinished runs on into whatever follows it (in a card, the
note type's template). Python's own ``html.parser`` differs from browsers on
several of these in the versions peerdeck supports, and any difference is a
way past a check, hence this tokenizer. Every step consumes what it matches,
so splitting is linear in the length of the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

_WHITESPACE = "\t\n\f\r "
_SKIP_WHITESPACE = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
# In the before-attribute-name state, '=' starts a name; later it ends one.
_ATTRIBUTE_NAME = re.compile(r"(?:=|[^\t\n\f\r />=])[^\t\n\f\r />=]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
# Elements whose content is text up to their own end tag (raw text, RCDATA,
# script data), or to the end of the document (plaintext).
RAW_TEXT = frozenset(
    str.split("script style xmp iframe noembed noframes noscript textarea title plaintext")
)
VOID_ELEMENTS = frozenset(
    str.split("area base br col embed hr img input link meta source track wbr")
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lowercase as HTML does for names: ASCII letters only (``str.lower``
    would turn the Kelvin sign into a 'k')."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Attribute:
    """One attribute: its name (lowercased), its value with character
    references decoded, and where it stands: ``start`` at the name,
    ``value_start``/``value_end`` around the value as written (quotes
    included; both equal ``end`` when there is no value)."""

    name: str
    value: str
    raw_value: str
    start: int
    value_start: int
    value_end: int
    quoted: bool = False


@dataclass(frozen=True)
class Tag:
    """A start or end tag (``closing``), from its ``<`` to after its ``>``.
    ``finished`` is False when the text ends inside it."""

    name: str
    start: int
    end: int
    closing: bool = False
    self_closing: bool = False
    attributes: tuple[Attribute, ...] = ()
    finished: bool = True


@dataclass(frozen=True)
class Markup:
    """A comment (``kind`` "comment"), a doctype, or a bogus comment
    (``<?...>``, ``<!x>``, ``</ x>``, CDATA outside foreign content)."""

    kind: str
    start: int
    end: int
    body: str
    finished: bool = True


Token = Tag | Markup


def tokens(text: str) -> Iterator[Token]:
    """The tags and markup of ``text`` in order; what lies between is text."""
    position = text.find("<")
    while 0 <= position < len(text):
        token = _token_at(text, position)
        if token is None:  # a '<' that opens nothing: text
            position = text.find("<", position + 1)
            continue
        yield token
        position = token.end
        if isinstance(token, Tag) and not token.closing and token.name in RAW_TEXT:
            position = _raw_text_end(text, position, token.name)
        position = text.find("<", position)


def _token_at(text: str, start: int) -> Token | None:
    following = text[start + 1 : start + 2]
    if following.isascii() and following.isalpha():
        return _tag(text, start, start + 1, closing=False)
    if following == "/":
        after = text[start + 2 : start + 3]
        if after.isascii() and after.isalpha():
            return _tag(text, start, start + 2, closing=True)
        if after == ">":  # '</>' is dropped
            return Markup("bogus", start, start + 3, "")
        if not after:
            return None
        return _bogus(text, start, start + 2)
    if following == "!":
        if text.startswith("<!--", start):
            return _comment(text, start)
        if ascii_lower(text[start + 2 : start + 9]) == "doctype":
            bogus = _bogus(text, start, start + 2)
            return Markup("doctype", bogus.start, bogus.end, bogus.body, bogus.finished)
        return _bogus(text, start, start + 2)
    if following == "?":
        return _bogus(text, start, start + 1)
    return None


def _bogus(text: str, start: int, body_start: int) -> Markup:
    end = text.find(">", body_start)
    if end < 0:
        return Markup("bogus", start, len(text), text[body_start:], finished=False)
    return Markup("bogus", start, end + 1, text[body_start:end])


def _comment(text: str, start: int) -> Markup:
    body_start = start + 4
    for abrupt in (">", "->"):  # '<!-->' and '<!--->' are whole comments
        if text.startswith(abrupt, body_start):
            return Markup("comment", start, body_start + len(abrupt), "")
    ends = [(text.find(close, body_start), close) for close in ("-->", "--!>")]
    ends = [(found, close) for found, close in ends if found >= 0]
    if not ends:
        return Markup("comment", start, len(text), text[body_start:], finished=False)
    found, close = min(ends)
    return Markup("comment", start, found + len(close), text[body_start:found])


def _tag(text: str, start: int, name_start: int, closing: bool) -> Tag:
    name_end = _TAG_NAME.match(text, name_start).end()  # type: ignore[union-attr]
    name = ascii_lower(text[name_start:name_end])
    attributes: list[Attribute] = []
    position, size = name_end, len(text)
    self_closing = False
    while position < size:
        position = _SKIP_WHITESPACE.match(text, position).end()  # type: ignore[union-attr]
        char = text[position : position + 1]
        if char == ">":
            return Tag(name, start, position + 1, closing, self_closing, tuple(attributes))
        if char == "/":
            self_closing = text.startswith(">", position + 1)
            position += 1
            continue
        if not char:
            break
        self_closing = False
        attribute, position = _attribute(text, position)
        attributes.append(attribute)
    return Tag(name, start, size, closing, False, tuple(attributes), finished=False)


def _attribute(text: str, start: int) -> tuple[Attribute, int]:
    name_end = _ATTRIBUTE_NAME.match(text, start).end()  # type: ignore[union-attr]
    name = ascii_lower(text[start:name_end])
    after = _SKIP_WHITESPACE.match(text, name_end).end()  # type: ignore[union-attr]
    if not text.startswith("=", after):
        return Attribute(name, "", "", start, name_end, name_end), name_end
    value_start = _SKIP_WHITESPACE.match(text, after + 1).end()  # type: ignore[union-attr]
    quote = text[value_start : value_start + 1]
    if quote in ('"', "'"):
        close = text.find(quote, value_start + 1)
        value_end = len(text) if close < 0 else close + 1
        raw = text[value_start + 1 : close if close >= 0 else len(text)]
    else:
        value_end = _UNQUOTED_VALUE.match(text, value_start).end()  # type: ignore[union-attr]
        raw = text[value_start:value_end]
    decoded = html.unescape(raw) if "&" in raw else raw
    attribute = Attribute(name, decoded, raw, start, value_start, value_end, quote in ('"', "'"))
    return attribute, value_end


def _raw_text_end(text: str, position: int, name: str) -> int:
    """Where the content of a raw-text element that starts at ``position``
    ends: at its end tag, or at the end of the text."""
    if name == "plaintext":
        return len(text)
    pattern = re.compile(rf"</{name}[{_WHITESPACE}/>]", re.IGNORECASE)
    found = pattern.search(text, position)
    return found.start() if found else len(text)
