"""Reading a written preview back, and Anki's rendering of a card, for the
preview tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from helpers import write_project

MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(32)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2f6a7a70000000049454e44ae426082"
)

EVERY_TYPE = r"""
notes:
  - id: basic-math-sound
    front: 'Area of a circle of radius \(r\)? [sound:media/hello.mp3]'
    back: '\(\pi r^2\), not \(a<b & c>d\) ![dot](media/dot.png)'
    source:
      ref: article
      quote: a quote
  - id: both-ways
    type: reversed
    front: '*chien*'
    back: dog
  - id: typed
    type: type-in
    front: 'The capital of **France**?'
    back: Paris
  - id: gaps
    type: cloze
    text: '{{c1::Anki}} shows {{c2::one gap::a hint}} per card, and \(x = {{c3::2}}\) & "quotes".'
    extra: Some *extra* text.
  - id: pick
    type: multiple-choice
    question: 'Which is \(e^{i\pi}\)?'
    choices: ['\(-1\)', '\(1\)', 'none']
    answer: '\(-1\)'
    explanation: Euler.
"""


def every_type_project(root: Path) -> Path:
    """A project with a note of each type: math, a sound, an image, a hint."""
    return write_project(
        root,
        {
            "notes.yaml": EVERY_TYPE,
            "media/hello.mp3": MP3,
            "media/dot.png": PNG,
        },
    )


_TTS = re.compile(r"\[anki:tts[^\]]*\].*?\[/anki:tts\]", re.DOTALL)
_DATA = re.compile(r'<script type="application/json" id="deck-data">(.*?)</script>', re.DOTALL)


def site_data(folder: Path) -> dict[str, Any]:
    """The deck data the page at ``folder/index.html`` shows."""
    page = (folder / "index.html").read_text(encoding="utf-8")
    match = _DATA.search(page)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def anki_side(card: Any, question: bool) -> str:
    """``card.question()`` or ``card.answer()`` without the stylesheet Anki
    puts first, with each play marker back as the ``[sound:...]`` it was
    (a text-to-speech tag as ``[anki:tts]``: see ``tts_marked``)."""
    text: str = card.question() if question else card.answer()
    prefix = f"<style>{card.note_type()['css']}</style>"
    assert text.startswith(prefix)
    text = text[len(prefix) :]
    for side, tags in (("q", card.question_av_tags()), ("a", card.answer_av_tags())):
        for index, tag in enumerate(tags):
            shown = f"[sound:{tag.filename}]" if hasattr(tag, "filename") else "[anki:tts]"
            text = text.replace(f"[anki:play:{side}:{index}]", shown)
    return text


def tts_marked(text: str) -> str:
    """``text`` with each text-to-speech tag as ``anki_side`` shows it."""
    return _TTS.sub("[anki:tts]", text)


def hint_ids(text: str) -> str:
    """``text`` with each hint's id the same: Anki makes it from a BLAKE3
    hash, the preview from a BLAKE2 one (a documented difference)."""
    return re.sub(r"hint[0-9a-f]{16}", "hintID", text)
