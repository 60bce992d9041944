"""Reading a written preview back, and Anki's rendering of a card, for the
preview tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

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
