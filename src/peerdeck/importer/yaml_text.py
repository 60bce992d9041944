"""YAML text for what an import writes: mappings, lists, text and whole
numbers in block style, each string exactly as it was once read back.

PyYAML's dumper takes most of an import's time on a large deck (7 s of
50,000 notes); the shapes written here are few, so they are written
directly. A string is plain where YAML reads it back as the same string,
a literal block (``|-``) where it has lines, single-quoted where it is
printable on one line, else double-quoted with
JSON's escapes (which YAML reads the same) and escapes for the characters
YAML does not allow raw or would take for line breaks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeAlias

import yaml

Value: TypeAlias = str | int | Sequence["Value"] | Mapping[str, "Value"]

# Plain: starts with a letter or digit, holds no indicator YAML acts on.
_PLAIN = re.compile(r"[^\W_][\w .,;()?!/+='<>*-]*(?<! )|[^\W_]", re.UNICODE)
_PLAIN_COLON = re.compile(r"[^\W_][\w .,;()?!/+='<>*:-]*[\w.)?!*'>]", re.UNICODE)
# What the loader takes a plain scalar for (booleans, null, numbers, dates).
_RESOLVER = yaml.resolver.Resolver()
_TEXT = "tag:yaml.org,2002:str"
# Characters YAML refuses raw, or reads as line breaks. (Text from a
# package is UTF-8, so it holds no lone surrogates, which YAML cannot hold.)
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Single-quoted: printable characters on one line, nothing escaped but '.
_SINGLE = re.compile("[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]*")
_BLOCK_SAFE = re.compile(
    "[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]*"
)


def dump(value: Mapping[str, Value]) -> str:
    return "".join(line + "\n" for line in _mapping(value, 0))


def scalar(text: str) -> str:
    """``text`` as a YAML scalar on one line."""
    if (_PLAIN.fullmatch(text) or _colons_ok(text)) and _reads_as_text(text):
        return text
    if _SINGLE.fullmatch(text):
        return "'" + text.replace("'", "''") + "'"
    quoted = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


# The first characters of everything but text the loader resolves (bool,
# null, numbers, dates, merge and value keys): other text is text.
_RESOLVED_FIRST = frozenset("yYnNtTfFoO~+-.0123456789<=")


def _reads_as_text(text: str) -> bool:
    if text[0] not in _RESOLVED_FIRST:
        return True
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _TEXT)


def _colons_ok(text: str) -> bool:
    return _PLAIN_COLON.fullmatch(text) is not None and ": " not in text and " #" not in text


def _block(text: str) -> bool:
    """Whether ``text`` reads back the same as a ``|-`` literal block."""
    return (
        "\n" in text
        and not text.endswith("\n")
        and not text.startswith((" ", "\t", "\n"))
        and "\r" not in text
        and not any(line.endswith((" ", "\t")) for line in text.split("\n"))
        and _BLOCK_SAFE.fullmatch(text) is not None
    )


def _value(key: str, value: Value, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, str) and _block(value):
        yield f"{pad}{key}|-"
        inner = " " * (indent + 2)
        yield from (f"{inner}{line}" if line else "" for line in value.split("\n"))
    elif isinstance(value, str):
        yield f"{pad}{key}{scalar(value)}"
    elif isinstance(value, bool):
        raise TypeError("booleans are not written")
    elif isinstance(value, int):
        yield f"{pad}{key}{value}"
    elif isinstance(value, Mapping):
        if not value:
            yield f"{pad}{key}{{}}"
        else:
            yield f"{pad}{key.rstrip()}"
            yield from _mapping(value, indent + 2)
    elif not value:
        yield f"{pad}{key}[]"
    else:
        yield f"{pad}{key.rstrip()}"
        yield from _sequence(value, indent + 2)


def _mapping(value: Mapping[str, Value], indent: int) -> Iterator[str]:
    for key, item in value.items():
        yield from _value(f"{scalar(key)}: ", item, indent)


def _sequence(value: Sequence[Value], indent: int) -> Iterator[str]:
    pad = " " * indent
    for item in value:
        if isinstance(item, Mapping) and item:
            lines = list(_mapping(item, indent + 2))
            yield pad + "- " + lines[0][indent + 2 :]
            yield from lines[1:]
        else:
            yield from _value("- ", item, indent)
