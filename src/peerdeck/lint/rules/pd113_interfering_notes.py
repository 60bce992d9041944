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
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

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
    index: dict[str, list[int]] = defaultdict(list)
    sets: list[frozenset[str]] = []
    for number, question in enumerate(found):
        kept = question.words - common
        sets.append(kept)
        if not kept:
            continue
        ordered = sorted(kept, key=lambda word: (frequency[word], word))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        candidates = sorted({other for word in prefix for other in index[word]})
        for other in candidates:
            earlier = found[other]
            if (
                jaccard(kept, sets[other]) >= threshold
                and _answers_differ(question, earlier)
                and not _duplicates(question.note, earlier.note)
            ):
                yield _finding(context, question, earlier)
                break
        for word in prefix:
            index[word].append(number)


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
