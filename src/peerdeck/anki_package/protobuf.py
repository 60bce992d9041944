"""Just enough of protobuf's wire format to read what Anki stores in it.

The current format keeps note type settings, card templates, the package's
version and its media map as protobuf messages. Reading a handful of fields
does not need generated code: a message is a list of (field number, value)
pairs, each value a varint or a length-prefixed run of bytes.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..errors import PackageError

_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5

Value = int | bytes


def fields(data: bytes, what: str) -> Iterator[tuple[int, Value]]:
    """The message's (field number, value) pairs, in order; a damaged
    message raises ``PackageError`` naming ``what`` it should have been."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position, what)
        number, wire_type = key >> 3, key & 7
        if wire_type == _VARINT:
            value, position = _varint(data, position, what)
            yield number, value
        elif wire_type == _BYTES:
            length, position = _varint(data, position, what)
            if position + length > len(data):
                raise _damaged(what)
            yield number, data[position : position + length]
            position += length
        elif wire_type in (_FIXED64, _FIXED32):
            position += 8 if wire_type == _FIXED64 else 4
            if position > len(data):
                raise _damaged(what)
        else:
            raise _damaged(what)


def message(data: bytes, what: str) -> dict[int, list[Value]]:
    """Every value of each field number, in order."""
    found: dict[int, list[Value]] = {}
    for number, value in fields(data, what):
        found.setdefault(number, []).append(value)
    return found


def text(found: dict[int, list[Value]], number: int, what: str) -> str:
    """A string field (the last value wins, as in protobuf); "" when absent."""
    value = found.get(number, [b""])[-1]
    if not isinstance(value, bytes):
        raise _damaged(what)
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise _damaged(what) from None


def number(found: dict[int, list[Value]], field: int, what: str) -> int:
    """A varint field; 0 when absent."""
    value = found.get(field, [0])[-1]
    if not isinstance(value, int):
        raise _damaged(what)
    return value


def signed(found: dict[int, list[Value]], field: int, what: str) -> int | None:
    """An int64 field read as signed (negative ids are stored as 64-bit
    two's complement); None when absent, as an ``optional`` field may be."""
    if field not in found:
        return None
    value = number(found, field, what)
    return value - (1 << 64) if value >= 1 << 63 else value


def _varint(data: bytes, position: int, what: str) -> tuple[int, int]:
    result = shift = 0
    while position < len(data) and shift < 64:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7
    raise _damaged(what)


def _damaged(what: str) -> PackageError:
    return PackageError(
        codes.PACKAGE_COLLECTION_DAMAGED, f"damaged {what}: not the protobuf message Anki writes"
    )
