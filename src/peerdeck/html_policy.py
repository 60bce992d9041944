"""Which HTML may ship in a deck: an allow-list of elements, attributes, URL
schemes and CSS, judged on the tokens a browser would see.

Every piece of HTML that reaches a learner's Anki (each field of each note,
each choice, the deck description) is checked against this one policy. What
is not allowed is reported, never silently rewritten: the author decides.
Attribute values are judged after their character references are decoded
(``jav&#x61;script:`` is ``javascript:``) and after browsers' own clean-up
of URLs (tabs and line breaks removed, leading spaces and control characters
stripped), so the same text means the same to the policy as to the web view.
MathJax's ``\\href`` and ``\\style`` macros, which make links and styles
from plain text in math, are judged by the same rules as ``href`` and
``style`` attributes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .html_tokens import Attribute, Markup, Tag, ascii_lower, tokens

# Inert elements: formatting, structure, tables, lists, images and links, as
# Anki's editor and Markdown write them.
ALLOWED_ELEMENTS = frozenset(
    str.split("""a abbr b bdi bdo big blockquote br caption center cite code col colgroup dd del
    details dfn div dl dt em figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li
    mark ol p pre q rb rp rt rtc ruby s samp small span strike strong sub summary sup
    table tbody td tfoot th thead tr tt u ul var wbr""")
)
# Elements that run code on their own.
CODE_ELEMENTS = frozenset({"script"})
GLOBAL_ATTRIBUTES = frozenset(str.split("class id title lang dir style align valign width height"))
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    name: frozenset(attributes.split())
    for name, attributes in {
        "a": "href target rel name",
        "img": "src alt border",
        "font": "color face size",
        "table": "border cellpadding cellspacing summary bgcolor",
        "td": "colspan rowspan nowrap bgcolor scope headers abbr",
        "th": "colspan rowspan nowrap bgcolor scope headers abbr",
        "tr": "bgcolor",
        "col": "span",
        "colgroup": "span",
        "ol": "start type reversed",
        "ul": "type",
        "li": "value type",
        "blockquote": "cite",
        "q": "cite",
        "del": "cite datetime",
        "ins": "cite datetime",
        "details": "open",
    }.items()
}
# URL attributes and the schemes each may use; a URL with no scheme is a
# relative one (a media file, a fragment) and always allowed.
URL_SCHEMES: dict[str, frozenset[str]] = {
    "href": frozenset({"http", "https", "mailto"}),
    "src": frozenset({"http", "https", "data"}),  # media checks say which are packaged
    "cite": frozenset({"http", "https"}),
}
# Attributes that load a file when the card is shown: the media a field uses.
LOADS_FILE = frozenset({("img", "src")})
# CSS functions that only compute a value; any other (url, image-set,
# expression, ...) may load or run something.
CSS_FUNCTIONS = frozenset(
    str.split("rgb rgba hsl hsla hwb lab lch oklab oklch calc var min max clamp")
)
_CSS_FUNCTION = re.compile(r"([-\w]+)\s*\(")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|avif|bmp);", re.IGNORECASE)
_COMMENT_SAFE = re.compile(r"[^<>]*")
# An allowed element's tag without attributes, as Markdown writes most tags:
# a field whose every '<' opens one of these needs no tokenizing.
_PLAIN_TAGS = re.compile(rf"</?(?:{'|'.join(sorted(ALLOWED_ELEMENTS, key=len, reverse=True))})/?>")
# MathJax macros that take a URL or CSS (its 'html' extension, loaded by
# Anki's full MathJax build): \href{url}{text}, \style{css}{math}.
_MATH_MACRO = re.compile(r"\\(href|style)\s*\{([^{}]*)\}")


@dataclass(frozen=True)
class Violation:
    """What breaks the policy at ``offset``: ``what`` names it ("a <script>
    element"); ``runs_code`` when it would run code on a learner's machine."""

    offset: int
    what: str
    runs_code: bool


def violations(text: str) -> Iterator[Violation]:
    """Everything in the HTML ``text`` that the policy does not allow."""
    if "\\" in text or "&" in text:
        yield from _math(text)
    if "<" not in text or "<" not in _PLAIN_TAGS.sub("", text):
        return  # no tag at all, or only allowed ones without attributes (<strong>)
    yield from token_violations(text)


def token_violations(text: str) -> Iterator[Violation]:
    """What the tags and markup of ``text`` break, each token judged."""
    for token in tokens(text):
        if isinstance(token, Markup):
            yield from _markup(token)
        elif not token.finished:
            yield Violation(token.start, f"an unfinished tag <{token.name}>", runs_code=False)
        elif not token.closing:
            yield from _start_tag(token)


def _math(text: str) -> Iterator[Violation]:
    """MathJax's ``\\href{url}{...}`` makes a link and ``\\style{css}{...}``
    styles, in the math of any field; entities are decoded before MathJax
    reads the text, so they are here too."""
    decoded = html.unescape(text) if "&" in text else text
    for match in _MATH_MACRO.finditer(decoded):
        macro, argument = match.group(1), match.group(2)
        offset = min(match.start(), len(text) - 1)
        if macro == "href":
            scheme = url_scheme(argument)
            if scheme is not None and scheme not in URL_SCHEMES["href"]:
                runs = scheme in ("javascript", "vbscript", "data")
                yield Violation(offset, f"a '{scheme}:' link in math (\\href)", runs_code=runs)
        elif _css_problem(argument) is not None:
            what = f"CSS with '{_css_problem(argument)}' in math (\\{macro})"
            yield Violation(offset, what, runs_code=False)


def media_references(
    text: str, loads: frozenset[tuple[str, str]] = LOADS_FILE
) -> Iterator[tuple[Tag, Attribute]]:
    """Each attribute that loads a file (``<img src>``, or another of
    ``loads``: (element, attribute) pairs), with its tag."""
    if "<" not in text:
        return
    for token in tokens(text):
        if isinstance(token, Tag) and not token.closing:
            for attribute in token.attributes:
                if (token.name, attribute.name) in loads:
                    yield token, attribute
                    break  # a browser uses the first of repeated attributes


def _markup(token: Markup) -> Iterator[Violation]:
    if not token.finished:
        yield Violation(token.start, "an unfinished comment or '<!' markup", runs_code=False)
    elif token.kind != "comment":
        yield Violation(token.start, f"'<{token.body[:20]}>' markup", runs_code=False)
    elif not _COMMENT_SAFE.fullmatch(token.body) or "--" in token.body:
        # Browsers and older parsers disagree on comments like these.
        yield Violation(token.start, "a comment holding '<', '>' or '--'", runs_code=False)


def _start_tag(tag: Tag) -> Iterator[Violation]:
    if tag.name in CODE_ELEMENTS:
        yield Violation(tag.start, f"a <{tag.name}> element", runs_code=True)
    elif tag.name not in ALLOWED_ELEMENTS:
        yield Violation(tag.start, f"a <{tag.name}> element", runs_code=False)
    allowed = ELEMENT_ATTRIBUTES.get(tag.name, frozenset())
    for attribute in tag.attributes:
        name = attribute.name
        if name.startswith("on"):
            yield Violation(attribute.start, f"an event handler '{name}='", runs_code=True)
        elif name in URL_SCHEMES and name in allowed:
            yield from _url(tag, attribute)
        elif name == "style":
            yield from _style(attribute)
        elif name not in GLOBAL_ATTRIBUTES and name not in allowed and not _inert(name):
            what = f"the attribute '{name}' on <{tag.name}>"
            yield Violation(attribute.start, what, runs_code=False)


def _inert(name: str) -> bool:
    """``data-*`` and ``aria-*`` attributes, which only scripts and screen
    readers read."""
    return re.fullmatch(r"(?:data|aria)-[a-z0-9-]+", name) is not None


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (lowercase), or None for a
    relative URL. Browsers drop tabs and line breaks anywhere in a URL and
    leading spaces and control characters."""
    cleaned = _URL_NOISE.sub("", url).lstrip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(cleaned)
    return ascii_lower(match.group(1)) if match else None


def _url(tag: Tag, attribute: Attribute) -> Iterator[Violation]:
    allowed = URL_SCHEMES[attribute.name]
    # Judged as decoded and as written: a scheme in either is reported.
    for written in (attribute.value, attribute.raw_value):
        scheme = url_scheme(written)
        if scheme is None or (scheme in allowed and (scheme != "data" or _image_data(written))):
            continue
        what = f"a '{scheme}:' link" if attribute.name == "href" else f"a '{scheme}:' URL"
        if attribute.name != "href":
            what += f" in '{attribute.name}' of <{tag.name}>"
        offset = attribute.value_start + attribute.quoted
        yield Violation(offset, what, runs_code=scheme in ("javascript", "vbscript", "data"))
        return


def _image_data(url: str) -> bool:
    return _DATA_IMAGE.match(_URL_NOISE.sub("", url).strip()) is not None


def _style(attribute: Attribute) -> Iterator[Violation]:
    bad = _css_problem(attribute.value)
    if bad is not None:
        yield Violation(attribute.start, f"CSS with '{bad}' in 'style'", runs_code=False)


def _css_problem(value: str) -> str | None:
    """What in the CSS ``value`` may load or run something, or None."""
    css = ascii_lower(value)
    bad = next((mark for mark in ("\\", "/*", "@", "<", "&") if mark in css), None)
    if bad is None:
        bad = next(
            (f"{name}(" for name in _CSS_FUNCTION.findall(css) if name not in CSS_FUNCTIONS), None
        )
    if bad is None and re.search(r"(?:^|[;\s])(?:behavior|-moz-binding)\s*:", css):
        bad = "behavior"
    return bad


# A CSS url(), quoted or not; its value is the group that matched.
CSS_URL = re.compile(
    r"""url\(\s*(?:"(?P<double>[^"\n]*)"|'(?P<single>[^'\n]*)'|(?P<bare>[^)\s"']*))\s*\)""",
    re.IGNORECASE,
)
