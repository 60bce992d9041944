"""A field's edit as runs of kept, deleted and inserted words, in time
that grows with the field's length, not with its square or cube.

difflib alone is exact but, on fields of thousands of words that repeat
("a a a ..." against "a b a b ..."), takes minutes. So the common start and
end are set aside first; what is left is diffed exactly by difflib only
while small, and otherwise split at words that occur once on each side
(patience diff: the longest run of them in the same order anchors the
rest), each gap between anchors treated the same way a bounded number of
times. A gap with no anchors left is shown as replaced whole: still a
correct edit, only a coarser one.
"""

from __future__ import annotations

import bisect
import difflib
import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence

# A run of words: "=" kept, "-" deleted, "+" inserted.
Segment = tuple[str, str]
Block = tuple[int, int, int]  # a[i : i + n] == b[j : j + n]

# Gaps of at most this many word pairs are diffed exactly by difflib (whose
# worst case grows with the cube of a gap's length: 50 words each side take
# a few milliseconds).
EXACT_PAIRS = 2_500
# Times a gap is split again at the words unique within it.
SPLITS = 8

# Tags that sit inside a word; every other tag separates words. A tag never
# spans a "<", so an unclosed one costs one scan, not one per "<".
_INLINE_TAG = re.compile(
    r"</?(?:a|b|i|u|s|em|strong|span|code|sub|sup|q|mark|small|del|ins)\b[^<>]*>", re.IGNORECASE
)
_TAG = re.compile(r"<[^<>]*>")


def plain(text: str) -> str:
    """Field HTML as words a person reads: tags stripped, entities decoded."""
    text = _TAG.sub(" ", _INLINE_TAG.sub("", text))
    return " ".join(html.unescape(text).split())


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """``old`` to ``new`` as runs of kept, deleted and inserted words."""
    a, b = old.split(), new.split()
    segments: list[Segment] = []
    i = j = 0
    for start_a, start_b, size in _merged(_blocks(a, b, 0, len(a), 0, len(b), SPLITS)):
        if start_a > i:
            segments.append(("-", " ".join(a[i:start_a])))
        if start_b > j:
            segments.append(("+", " ".join(b[j:start_b])))
        segments.append(("=", " ".join(a[start_a : start_a + size])))
        i, j = start_a + size, start_b + size
    if len(a) > i:
        segments.append(("-", " ".join(a[i:])))
    if len(b) > j:
        segments.append(("+", " ".join(b[j:])))
    return tuple(segments)


def _blocks(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int, splits: int
) -> Iterator[Block]:
    """Matching runs of ``a[alo:ahi]`` and ``b[blo:bhi]``, in order."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while (
        ahi - tail > alo + head
        and bhi - tail > blo + head
        and a[ahi - 1 - tail] == b[bhi - 1 - tail]
    ):
        tail += 1
    if head:
        yield alo, blo, head
    yield from _middle(a, b, alo + head, ahi - tail, blo + head, bhi - tail, splits)
    if tail:
        yield ahi - tail, bhi - tail, tail


def _middle(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int, splits: int
) -> Iterator[Block]:
    if alo == ahi or blo == bhi:
        return
    if (ahi - alo) * (bhi - blo) <= EXACT_PAIRS:
        matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        for i, j, size in matcher.get_matching_blocks():
            if size:
                yield alo + i, blo + j, size
        return
    if splits == 0:
        return
    for anchor_a, anchor_b in _anchors(a, b, alo, ahi, blo, bhi):
        yield from _blocks(a, b, alo, anchor_a, blo, anchor_b, splits - 1)
        yield anchor_a, anchor_b, 1
        alo, blo = anchor_a + 1, anchor_b + 1
    yield from _blocks(a, b, alo, ahi, blo, bhi, splits - 1)


def _anchors(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Words once in each range, the longest run of them in the same order."""
    once_a = {w for w, n in Counter(a[alo:ahi]).items() if n == 1}
    once_b = {w for w, n in Counter(b[blo:bhi]).items() if n == 1}
    where_b = {b[j]: j for j in range(blo, bhi) if b[j] in once_a and b[j] in once_b}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    # Longest increasing run of b-positions (patience sorting): O(k log k).
    tops: list[int] = []  # the smallest b-position ending a run of each length
    ends: list[int] = []  # the pair index at that end
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tops, j)
        previous[index] = ends[length - 1] if length else -1
        if length == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[length], ends[length] = j, index
    chain = []
    index = ends[-1] if ends else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def _merged(blocks: Iterator[Block]) -> Iterator[Block]:
    """Adjacent runs joined into one."""
    current: Block | None = None
    for block in blocks:
        if current and current[0] + current[2] == block[0] and current[1] + current[2] == block[1]:
            current = (current[0], current[1], current[2] + block[2])
            continue
        if current:
            yield current
        current = block
    if current:
        yield current


def compact(segments: tuple[Segment, ...], context: int = 3) -> Iterator[Segment]:
    """The segments with long kept runs cut to ``context`` words each side
    of a change, the cut marked "…"."""
    last = len(segments) - 1
    for index, (operation, text) in enumerate(segments):
        words = text.split()
        if operation != "=" or len(words) <= 2 * context + 1:
            yield operation, text
            continue
        head = words[:context] if index > 0 else []
        tail = words[-context:] if index < last else []
        yield operation, " ".join([*head, "…", *tail])
