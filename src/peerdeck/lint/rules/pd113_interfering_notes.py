"""Two notes ask nearly the same question but want different answers.

Cards that look alike but want different answers interfere: learners mix
them up and keep failing both. Compares the questions' meaningful words
(Jaccard similarity of word sets, stop words and plural 's' left out) and
flags pairs at or above `similarity` percent whose answers differ. Words
found in more than one question in 20 (in decks of 100 questions or more)
are left out too, as they tell no question apart. Say in each question what
tells the two apart. Notes of one type with equal first fields are
`duplicate-first-field`.

Fast on large decks: candidates come from an index of each question's
rarest words (prefix filtering), so questions are never compared pair by pair.
Questions long enough to share several words when they match are indexed by
combinations of their rarest words, so that a small vocabulary does not
make every question a candidate for every other.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from ...model import Note
from ...problems import Severity
from ..rule import Context, Finding
from ..text import content_words, html_of, prompts, visible
from .pd101_duplicate_first_field import duplicate_key

CODE = "PD113"
NAME = "interfering-notes"
SEVERITY = Severity.WARNING
LIMITS = {"similarity": 80}

COMMON_SHARE = 20  # a word in more than 1 question in COMMON_SHARE is common
COMMON_MIN_QUESTIONS = 100


@dataclass(frozen=True)
class Question:
    note: Note
    field: str
    words: frozenset[str]
    answer: frozenset[str]
    answer_text: str


def questions(context: Context) -> list[Question]:
    found = []
    for note in context.notes():
        for question, answer in list(prompts(note))[:1]:
            shown = visible(html_of(note, answer))
            found.append(
                Question(
                    note,
                    question,
                    frozenset(content_words(visible(html_of(note, question)))),
                    frozenset(content_words(shown)),
                    shown.lower(),
                )
            )
    return found


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def check(context: Context) -> Iterator[Finding]:
    threshold = context.limit("similarity") / 100
    found = questions(context)
    frequency = Counter(word for question in found for word in question.words)
    common = (
        {word for word, count in frequency.items() if count * COMMON_SHARE > len(found)}
        if len(found) >= COMMON_MIN_QUESTIONS
        else set()
    )
    index = _Index(threshold)
    sets: list[frozenset[str]] = []
    for number, question in enumerate(found):
        kept = question.words - common
        sets.append(kept)
        if not kept:
            continue
        ordered = sorted(kept, key=lambda word: (frequency[word], word))
        for other in index.candidates(ordered):
            earlier = found[other]
            if (
                jaccard(kept, sets[other]) >= threshold
                and _answers_differ(question, earlier)
                and not _duplicates(question.note, earlier.note)
            ):
                yield _finding(context, question, earlier)
                break
        index.add(number, ordered)


KEY_WORDS = 3  # the most words in one key of the index
MAX_KEYED = 12  # the most words whose combinations key one question
MAX_KEYED_SIZE = 24  # the most words of a question indexed by keys


def least_overlap(threshold: float, size: int) -> int:
    """The fewest words a question of ``size`` words shares with any question
    at ``threshold`` similarity (rounded as ``jaccard``'s quotient is)."""
    return math.ceil(threshold * size)


def keyed(threshold: float, size: int) -> bool:
    """Whether a question of ``size`` words is indexed by keys of several
    words: not when it may share a single word only, nor when its keys
    would be many. Up to ``MAX_KEYED_SIZE`` words, ``least_overlap`` holds
    for both questions of every similar pair at every similarity from 1 to
    100, as the tests check: beyond, rounding may make it one too many."""
    least = least_overlap(threshold, size)
    return least >= 2 and size <= MAX_KEYED_SIZE and size - least + KEY_WORDS <= MAX_KEYED


def keys(threshold: float, ordered: Sequence[str]) -> list[tuple[str, ...]]:
    """The keys of a question whose words are ``ordered`` rarest first: for
    each ``k`` from its ``least_overlap`` (or ``KEY_WORDS``, the smaller)
    to ``KEY_WORDS``, every ``k`` of its first ``size - least + k`` words."""
    size = len(ordered)
    if not keyed(threshold, size):
        return []
    least = least_overlap(threshold, size)
    return [
        key
        for k in range(min(KEY_WORDS, least), KEY_WORDS + 1)
        for key in combinations(ordered[: size - least + k], k)
    ]


class _Index:
    """The questions so far, by the rarest words they may share with a later
    one. Two similar questions share at least ``least`` words, the larger
    of their ``least_overlap``; the ``k`` rarest of those (``k`` at most
    ``least``) are among the first ``size - least + k`` words of each. So
    they share a word among their first ``size - least + 1`` (prefix
    filtering), and, when both are ``keyed``, a key of ``min(KEY_WORDS,
    least)`` words. A small vocabulary makes every question share a word
    with many others, but three words with few. Questions not keyed are
    found by single words, as every question can be."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.unkeyed_by_word: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)

    def _prefix(self, ordered: Sequence[str]) -> Sequence[str]:
        return ordered[: len(ordered) - least_overlap(self.threshold, len(ordered)) + 1]

    def candidates(self, ordered: Sequence[str]) -> list[int]:
        """Earlier questions that may be like ``ordered``, in order: among
        them, every one that shares a word of the prefixes and is as similar
        as the threshold asks."""
        prefix, keys_of = self._prefix(ordered), keys(self.threshold, ordered)
        if not keys_of:
            return sorted({other for word in prefix for other in self.by_word[word]})
        found = {other for word in prefix for other in self.unkeyed_by_word[word]}
        found.update(other for key in keys_of for other in self.by_key[key])
        return sorted(found)

    def add(self, number: int, ordered: Sequence[str]) -> None:
        keys_of = keys(self.threshold, ordered)
        for word in self._prefix(ordered):
            self.by_word[word].append(number)
            if not keys_of:
                self.unkeyed_by_word[word].append(number)
        for key in keys_of:
            self.by_key[key].append(number)


def _duplicates(a: Note, b: Note) -> bool:
    """Reported as duplicate-first-field already."""
    return a.kind is b.kind and duplicate_key(a) == duplicate_key(b)


def _answers_differ(a: Question, b: Question) -> bool:
    return a.answer_text != b.answer_text and jaccard(a.answer, b.answer) < 0.5


def _finding(context: Context, question: Question, earlier: Question) -> Finding:
    where = earlier.note.field_locations.get(earlier.field, earlier.note.location)
    return context.in_field(
        question.note,
        question.field,
        f"'{question.field}' is much like that of note '{earlier.note.id}'"
        f" ({where.path.name}:{where.line}), which wants a different answer;"
        " learners will mix them up: say what tells them apart",
    )
