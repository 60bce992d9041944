"""Field text (CommonMark with inline HTML) to the HTML stored in Anki fields.

Cloze markers are plain text to CommonMark, so ``{{c1::...}}`` passes through
untouched; the validator checks afterwards that every deletion survived.
Math (see ``mathtext``) and ``[sound:...]`` tags are read before any other
inline syntax and ship as they were written (a sound's file renamed to its
stored name). GitHub tables are Markdown too; in a note's fields a newline
inside a paragraph is a line break (``<br>``), as in Anki's editor; fenced
code is highlighted (see ``highlight``).
A one-paragraph field is stored without its ``<p>``, as Anki's own editor
stores text. Most card fields are a single plain sentence: those skip the
Markdown parser, which is the slowest step of a build, and so do plain
sentences with a few words in bold.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from . import mathtext
from .html_policy import media_references

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

# A source media reference (image or sound) to the name it is stored under,
# or None to keep it.
ImageResolver = Callable[[str], "str | None"]

# One line that cannot open a block (heading, list, quote, HTML block,
# thematic break, link definition) and has no white space at either end (so
# no indented code) is a paragraph: the inline parser alone renders it,
# skipping the block parser's work.
_BLOCK_START = re.compile(r"[\n\r]|^[#>\-+*=_~`<\[|0-9]")
SOUND = re.compile(r"\[sound:([^\[\]\n]+)\]")


@cache
def _markdown() -> MarkdownIt:
    """The Markdown reader: CommonMark, inline HTML, GitHub tables, math and
    sound tags. Its environment (``env``) says whether dollars are math and
    whether a newline inside a paragraph is a ``<br>`` (``_env``)."""
    from markdown_it import MarkdownIt  # imported late: it is only needed to build

    from .highlight import highlight

    md = MarkdownIt("commonmark", {"html": True, "highlight": highlight})
    md.enable("table")
    md.inline.ruler.before("escape", "math_or_sound", _math_or_sound)
    md.add_render_rule("math", _render_math)
    md.add_render_rule("sound", _render_sound)
    md.add_render_rule("softbreak", _render_softbreak)
    return md


# Render rules, called as the renderer's methods: (renderer, tokens, index, options, env).
def _render_math(_renderer: object, tokens: list[Token], idx: int, *_: object) -> str:
    return tokens[idx].content


def _render_sound(_renderer: object, tokens: list[Token], idx: int, *_: object) -> str:
    return f"[sound:{tokens[idx].content}]"


def _render_softbreak(
    _renderer: object, _tokens: object, _idx: int, _options: object, env: dict[str, bool]
) -> str:
    return "<br>" if env["breaks"] else "\n"


def _env(dollars: bool, breaks: bool) -> dict[str, bool]:
    return {"dollars": dollars, "breaks": breaks}


def _math_or_sound(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] == "[":
        sound = SOUND.match(src, pos)
        if sound is None:
            return False
        end, kind, content = sound.end(), "sound", sound.group(1)
    else:
        span = mathtext.match_at(src, pos, state.env["dollars"])
        if span is None:
            return False
        end, kind, content = span.end, "math", span.shipped(src)
    if not silent:
        state.push(kind, "", 0).content = content
    state.pos = end
    return True


def to_html(
    text: str,
    resolve_image: ImageResolver | None = None,
    *,
    dollars: bool = False,
    breaks: bool = False,
) -> str:
    """Render one field's Markdown to the HTML stored in Anki. ``dollars``:
    ``$...$`` and ``$$...$$`` are math; ``breaks``: a newline inside a
    paragraph is a line break."""
    md = _markdown()
    env = _env(dollars, breaks)
    if "\n" in text and ("\\" in text or dollars):
        text = mathtext.join_lines(text, dollars)
    if _BLOCK_START.search(text) or text != text.strip():
        tokens = md.parse(text, env)
        if [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
            tokens = tokens[1:2]  # one paragraph: stored bare, as Anki's editor does
    else:
        tokens = md.parseInline(text, env)
    if resolve_image is not None:
        _rewrite_images(tokens, resolve_image)
    html: str = md.renderer.render(tokens, md.options, env)
    return html.rstrip("\n")


def _rewrite_images(tokens: list[Token], resolve: ImageResolver) -> None:
    for token in tokens:
        if token.type in ("html_block", "html_inline"):
            token.content = _rewrite_img_tags(token.content, resolve)
        for child in token.children or ():
            if child.type == "sound":
                child.content = resolve(child.content) or child.content
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                stored = resolve(src)
                if stored is not None:
                    child.attrs["src"] = stored
            elif child.type == "html_inline":
                child.content = _rewrite_img_tags(child.content, resolve)


def _rewrite_img_tags(html: str, resolve: ImageResolver) -> str:
    """``html`` with each file it loads (``<img src>``, found as a browser
    finds it) resolved to its stored name."""
    pieces, last = [], 0
    for _, attribute in media_references(html):
        stored = resolve(attribute.value) if attribute.value else None
        if stored is not None:
            pieces += [html[last : attribute.value_start], f'"{html_text.escape(stored)}"']
            last = attribute.value_end
    return "".join(pieces) + html[last:] if pieces else html
