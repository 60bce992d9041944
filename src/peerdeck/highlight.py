"""Code blocks highlighted at build time, with Pygments.

A fenced block that names its language (```` ```python ````) ships as
``<pre class="hl"><code class="language-python">`` with each token in a
``<span class="hl-...">``: classes only, no inline colours and no
JavaScript, so every Anki (desktop, AnkiDroid, AnkiMobile, AnkiWeb) shows
it, and the note types' stylesheet (``CSS``) colours it for light and
dark (``.nightMode``) cards. A block without a language, or with one
Pygments does not know, ships plain.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pygments.lexer import Lexer

CLASS_PREFIX = "hl-"

# Token classes (Pygments' short names) by colour. The colours are
# variables set for light cards and again for night mode.
_GROUPS = {
    "comment": "c ch cm cp cpf c1 cs",
    "keyword": "k kc kd kn kp kr kt ow nt",
    "string": "s sa sb sc dl sd s2 se sh si sx sr s1 ss",
    "number": "m mb mf mh mi mo il",
    "name": "nf fm nc nd nn ne nl",
    "builtin": "nb bp no na nv vc vg vi vm",
    "deleted": "gd",
    "inserted": "gi",
}
_LIGHT = {
    "comment": "#6a737d",
    "keyword": "#a626a4",
    "string": "#22863a",
    "number": "#b45f06",
    "name": "#005cc5",
    "builtin": "#986801",
    "deleted": "#b31d28",
    "inserted": "#22863a",
}
_DARK = {
    "comment": "#9aa0a6",
    "keyword": "#d7a1f5",
    "string": "#98c379",
    "number": "#f2b36f",
    "name": "#8ab4f8",
    "builtin": "#e5c07b",
    "deleted": "#f28b82",
    "inserted": "#81c995",
}


def _variables(colours: dict[str, str]) -> str:
    return " ".join(f"--hl-{group}: {colour};" for group, colour in colours.items())


def _token_rules() -> str:
    lines = []
    for group, names in _GROUPS.items():
        selectors = ", ".join(f".{CLASS_PREFIX}{name}" for name in names.split())
        style = "font-style: italic; " if group == "comment" else ""
        lines.append(f"{selectors} {{ {style}color: var(--hl-{group}); }}")
    return "\n".join(lines)


CSS = f"""\
.card {{ {_variables(_LIGHT)} }}
.card.nightMode, .nightMode .card {{ {_variables(_DARK)} }}
pre {{ background: var(--panel); padding: 0.5em 0.75em; border-radius: 6px;
  overflow-x: auto; text-align: left; font-size: 0.8em; line-height: 1.4; }}
code {{ font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }}
:not(pre) > code {{ background: var(--panel); padding: 0.1em 0.3em; border-radius: 4px; }}
{_token_rules()}
.{CLASS_PREFIX}ge {{ font-style: italic; }}
.{CLASS_PREFIX}gs {{ font-weight: bold; }}
table {{ border-collapse: collapse; margin: 0.5em 0; }}
th, td {{ border: 1px solid var(--muted); padding: 0.2em 0.6em; }}
th {{ background: var(--panel); }}
"""


def highlight(code: str, language: str, _attrs: str = "") -> str:
    """The HTML of a fenced block in ``language``, or "" to ship it plain."""
    lexer = _lexer(language.lower()) if language else None
    if lexer is None:
        return ""
    from pygments import highlight as pygmentize

    spans: str = pygmentize(code, lexer, _formatter())
    name = html.escape(language)
    return f'<pre class="hl"><code class="language-{name}">{spans}</code></pre>'


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer: Lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return None
    return lexer


@lru_cache(maxsize=1)
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True, classprefix=CLASS_PREFIX)
