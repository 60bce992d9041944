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
Questions long enough to share two words when they match are indexed by pairs
of their rarest words, so that a small vocabulary does not make every
question a candidate for every other.
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


MAX_PAIRED = 12  # the most words whose pairs index one question
MAX_PAIRED_SIZE = 24  # the most words of a question indexed by pairs


def least_overlap(threshold: float, size: int) -> int:
    """The fewest words a question of ``size`` words shares with any question
    at ``threshold`` similarity (rounded as ``jaccard``'s quotient is)."""
    return math.ceil(threshold * size)


def paired_length(threshold: float, size: int) -> int:
    """How many of the rarest words of a question of ``size`` words its
    pairs come from: 0 when it is indexed by single words alone, since it
    may share a single word only (or its pairs would be many). Up to
    ``MAX_PAIRED_SIZE`` words, ``least_overlap`` holds for both questions
    of every pair at every similarity from 1 to 100, as the tests check:
    beyond, rounding may make it one too many."""
    least = least_overlap(threshold, size)
    length = size - least + 2
    return length if least >= 2 and length <= MAX_PAIRED and size <= MAX_PAIRED_SIZE else 0


class _Index:
    """The questions so far, by the rarest words they may share with a later
    one. Two questions at ``threshold`` share at least ``least_overlap``
    words; so they share a word among their first ``size - least + 1``
    words (prefix filtering), and, when ``least`` is 2 or more, a pair of
    words among their first ``size - least + 2``: their two rarest common
    words. A small vocabulary makes every question share a word with many
    others, but a pair with few. Questions not indexed by pairs are found
    by single words, as every question can be."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.unpaired_by_word: dict[str, list[int]] = defaultdict(list)
        self.by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)

    def _words(self, ordered: Sequence[str]) -> tuple[Sequence[str], Sequence[str]]:
        """The prefix of ``ordered`` and the words its pairs come from."""
        size = len(ordered)
        prefix = ordered[: size - least_overlap(self.threshold, size) + 1]
        return prefix, ordered[: paired_length(self.threshold, size)]

    def candidates(self, ordered: Sequence[str]) -> list[int]:
        """Earlier questions that may be like ``ordered``, in order: among
        them, every one that shares a word of the prefixes and is as similar
        as the threshold asks."""
        prefix, paired = self._words(ordered)
        if not paired:
            return sorted({other for word in prefix for other in self.by_word[word]})
        found = {other for word in prefix for other in self.unpaired_by_word[word]}
        found.update(other for pair in combinations(paired, 2) for other in self.by_pair[pair])
        return sorted(found)

    def add(self, number: int, ordered: Sequence[str]) -> None:
        prefix, paired = self._words(ordered)
        for word in prefix:
            self.by_word[word].append(number)
            if not paired:
                self.unpaired_by_word[word].append(number)
        for pair in combinations(paired, 2):
            self.by_pair[pair].append(number)


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
