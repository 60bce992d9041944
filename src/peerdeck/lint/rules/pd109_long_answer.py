"""An answer is too long to recall in one go.

Minimum information: an answer is a word, a phrase, at most a short
sentence. Counted on what the learner must produce: the back of basic and
type-in notes, both sides of reversed notes, and each cloze deletion. The
limit is `answer-words`. Split the note, or turn a list into a cloze note.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...cloze import deletions
from ...model import NoteKind
from ...problems import Severity
from ..rule import Context, Finding
from ..text import html_of, prompts, text_of, visible, words

CODE = "PD109"
NAME = "long-answer"
SEVERITY = Severity.WARNING
LIMITS = {"answer-words": 15}


def check(context: Context) -> Iterator[Finding]:
    limit = context.limit("answer-words")
    for note in context.notes():
        if note.kind is NoteKind.CLOZE:
            for deletion in deletions(text_of(note, "text")):
                count = len(words(visible(deletion.answer)))
                if count > limit:
                    yield context.in_field(
                        note,
                        "text",
                        f"deletion c{deletion.number} is {count} words long, over {limit};"
                        " delete less, or split it into several deletions",
                        deletion.start,
                    )
            continue
        if note.kind is NoteKind.MULTIPLE_CHOICE:
            continue  # the answer is recognised among the choices, not recalled
        for _, answer in prompts(note):
            count = len(words(visible(html_of(note, answer))))
            if count > limit:
                yield context.in_field(
                    note,
                    answer,
                    f"'{answer}' is {count} words long, over {limit}: too long to recall;"
                    " ask for one idea per card",
                )
