"""A question contains its own answer.

A card whose answer can be read off its question is answered from the
wording, not from memory. Flags an answer whose words appear, in order,
in the question (ignoring case and punctuation; an answer made only of
stop words such as "the" is not considered), and a cloze deletion whose
answer is shown elsewhere on its own card: outside the deletion, in
another deletion, or in its hint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ...cloze import card_text, deletions
from ...limits import MAX_CARDS_COMPARED
from ...model import Note, NoteKind
from ...problems import Severity
from ..rule import Context, Finding
from ..text import STOPWORDS, html_of, prompts, text_of, visible, words

CODE = "PD112"
NAME = "answer-in-question"
SEVERITY = Severity.WARNING


def contains(question: str, answer: str) -> bool:
    """True when the words of ``answer`` appear in order in ``question``."""
    wanted = words(answer)
    if not wanted or all(word in STOPWORDS for word in wanted):
        return False
    asked = words(question)
    size = len(wanted)
    return any(asked[i : i + size] == wanted for i in range(len(asked) - size + 1))


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes():
        if note.kind is NoteKind.CLOZE:
            yield from _cloze(context, note)
            continue
        for question, answer in prompts(note):
            if contains(visible(html_of(note, question)), visible(html_of(note, answer))):
                yield context.in_field(
                    note, question, f"'{question}' contains its own answer ('{answer}')"
                )


def _cloze(context: Context, note: Note) -> Iterator[Finding]:
    text = text_of(note, "text")
    found = deletions(text)
    # Every word a card of this note can show, counted: an answer whose word
    # occurs once in all of them occurs only in its own (hidden) deletion.
    revealed = visible(card_text(text, 0)) + " " + " ".join(d.hint for d in found)
    counts = Counter(words(revealed))
    cards: dict[int, str] = {}  # what each card shows, by number, made once
    reported = set()
    for deletion in found:
        answer = visible(deletion.answer)
        if deletion.number in reported or any(counts[word] < 2 for word in words(answer)):
            continue
        if deletion.number not in cards:
            if len(cards) >= MAX_CARDS_COMPARED:
                continue
            # Markdown marks are no words, so the source text serves as well as its HTML.
            cards[deletion.number] = visible(card_text(text, deletion.number))
        if not contains(cards[deletion.number], answer):
            continue
        reported.add(deletion.number)
        yield context.in_field(
            note,
            "text",
            f"card c{deletion.number} shows its own answer '{answer}' elsewhere in the text",
            deletion.start,
        )
