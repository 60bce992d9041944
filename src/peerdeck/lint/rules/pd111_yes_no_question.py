"""A yes/no or true/false question.

Such questions are answered half the time by guessing and teach little.
Flags a question that says "true or false", whose answer is yes, no, true or
false, or that starts with a verb such as "is", "does" or "can" with no
alternative ("... or ...") to choose between. Ask what, why or how instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Severity
from ..rule import Context, Finding
from ..text import html_of, prompts, visible, words

CODE = "PD111"
NAME = "yes-no-question"
SEVERITY = Severity.WARNING

AUXILIARIES = frozenset(
    str.split(
        "is are was were am do does did can could should would will shall may might must "
        "has have had isn't aren't doesn't don't didn't can't won't shouldn't"
    )
)
VERDICTS = frozenset({"yes", "no", "true", "false"})
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def why(question: str, answer: str) -> str | None:
    """Why ``question`` is a yes/no question, or None."""
    if "true or false" in question.lower():
        return "it asks 'true or false'"
    answer_words = words(answer)
    if answer_words and answer_words[0] in VERDICTS:
        return f"its answer is '{answer_words[0]}'"
    last = _SENTENCE_END.split(question.strip())[-1]
    asked = words(last)
    if asked and asked[0] in AUXILIARIES and "or" not in asked:
        return f"it starts with '{asked[0]}'"
    return None


def check(context: Context) -> Iterator[Finding]:
    for note in context.notes():
        for question, answer in list(prompts(note))[:1]:
            reason = why(visible(html_of(note, question)), visible(html_of(note, answer)))
            if reason:
                yield context.in_field(
                    note,
                    question,
                    f"'{question}' is a yes/no question ({reason}); ask what, why or how",
                )
