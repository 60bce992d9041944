"""What a card's HTML becomes in the page, beyond what Anki's renderer
gives: the parts Anki's reviewer fills in itself.

- ``[sound:FILE]``: an audio player (Anki shows a play button);
- ``[anki:tts ...]TEXT[/anki:tts]``: the text, marked (Anki speaks it);
- ``[[type:FIELD]]``: a text box on the question, the expected answer on
  the answer (Anki compares what was typed);
- ``\\(...\\)`` and ``\\[...\\]`` in text: MathML (Anki runs MathJax).

Nothing else changes: the fidelity test compares the page's cards with
``dress`` applied to what the ``anki`` package renders.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from ..html_tokens import Markup, Tag, tokens
from . import mathml, reveal
from .text import strip_html

_SOUND = re.compile(r"\[sound:(.+?)\]")
_TTS = re.compile(r"\[anki:tts[^\]]*\](.*?)\[/anki:tts\]", re.DOTALL)
_TYPE = re.compile(r"\[\[type:(?:(cloze|nc):)?(.+?)\]\]")
# Where MathJax leaves TeX alone (its default skipHtmlTags, which Anki keeps).
_NO_MATH = frozenset(str.split("script noscript style textarea pre code annotation annotation-xml"))
_MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.DOTALL)


def dress(text: str, fields: Mapping[str, str], ordinal: int, question: bool) -> str:
    """``text`` (one side as Anki renders it) as the page shows it."""
    if "\\(" in text or "\\[" in text:  # most cards have no math: no need to split them
        text = _in_text(text, _math)
    text = _SOUND.sub(_audio, text)
    text = _TTS.sub(r'<span class="tts">\1</span>', text)
    return _TYPE.sub(lambda m: _type_box(m, fields, ordinal, question), text, count=1)


def _in_text(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to each run of text between tags,
    except inside the elements MathJax skips (code, pre, script...)."""
    pieces, last, skipping = [], 0, 0
    for token in tokens(text):
        if isinstance(token, Tag | Markup):
            run = text[last : token.start]
            pieces += [run if skipping else change(run), text[token.start : token.end]]
            last = token.end
            if isinstance(token, Tag) and token.name in _NO_MATH and not token.self_closing:
                skipping = max(0, skipping + (-1 if token.closing else 1))
    pieces.append(change(text[last:]) if not skipping else text[last:])
    return "".join(pieces)


def _math(text: str) -> str:
    if "\\(" not in text and "\\[" not in text:
        return text
    return _MATH.sub(_typeset, text)


def _typeset(match: re.Match[str]) -> str:
    display = match.group(2) is not None
    tex = html.unescape(match.group(2) if display else match.group(1))
    shown = mathml.convert(tex, display)
    return shown if shown is not None else f'<code class="math-error">{match.group(0)}</code>'


def _audio(match: re.Match[str]) -> str:
    name = html.escape(match.group(1))
    return f'<audio class="sound" controls preload="none" src="{name}"></audio>'


def _type_box(match: re.Match[str], fields: Mapping[str, str], ordinal: int, question: bool) -> str:
    if question:
        return '<center><input type="text" id="typeans" placeholder="type the answer"></center>'
    kind, name = match.group(1), match.group(2)
    value = fields.get(name, "")
    expected = reveal.text_for_typing(value, ordinal + 1) if kind else value
    shown = html.escape(strip_html(expected), quote=False)
    return f'<center><code id="typeans">{shown}</code></center>'
