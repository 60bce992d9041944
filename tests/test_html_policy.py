"""The HTML policy on a hostile corpus and on the HTML Anki's editor writes.

Each hostile fragment is something a browser (Anki's web view) would run,
load or read differently from a naive check; each must break the policy.
Each legitimate fragment is HTML that decks really use; none may.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck.html_policy import media_references, token_violations, url_scheme, violations
from peerdeck.html_tokens import Markup, Tag, tokens
from peerdeck.settings import RunSettings

from helpers import HYPOTHESIS_SETTINGS, Learner, write_project

HOSTILE = [
    '<img title=">" src=x onerror=alert(1)>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<div\nonclick="alert(1)">an HTML block split over lines</div>',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    '<span style="background:url(javascript:alert(1))">x</span>',
    '<span style="width: expression(alert(1))">x</span>',
    '<span style="background: u\\72l(x.png)">x</span>',
    '<span style="color: red; /* */ background: url(x)">x</span>',
    "<span style=\"@import 'x.css'\">x</span>",
    '<p style="behavior: url(x.htc)">x</p>',
    '<p style="-moz-binding: url(x.xml#xss)">x</p>',
    "<p style=\"background-image: image-set('x.png' 1x)\">x</p>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<img src="x.png" srcset="javascript:alert(1) 1x">',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<b formaction="javascript:alert(1)">x</b>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java&NewLine;script&colon;alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<IMG SRC=x ONERROR=alert(1)>",
    "<img src=x onerror=alert(1)",
    '<a href="https://example.org" title="',
    "<b>bold</b> and then <img src=x",
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "<!-- never closed",
    '<img/src="x"/onerror=alert(1)>',
    '<img src="x"onerror=alert(1)>',
    '<a href="x" href="javascript:alert(1)">x</a>',
    '<embed src="javascript:alert(1)">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<style>@import url(https://evil.example/x.css)</style>",
    '<audio src=x onerror="alert(1)"></audio>',
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="https://example.org" target=_blank onmouseover=alert(1)>x</a>',
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<p =onclick=alert(1)>x</p>",
    "<img src=x \x0conerror=alert(1)>",
    '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    "</a><!-- a -- b -->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "</ x><img src=x onerror=alert(1)>",
    "<\u212abd>x</\u212abd>",
    "\\(\\href{javascript:alert(1)}{click}\\)",
    "\\(\\href{ java&#x09;script:alert(1)}{click}\\)",
    "&#92;href{javascript:alert(1)}{click}",
    "\\[\\style{background: url(https://evil.example/t.png)}{x}\\]",
]

LEGITIMATE = [
    "<b>bold</b> <i>italic</i> <u>under</u> <s>struck</s><br>next line<br/>",
    '<img src="media/cell.png" alt="a > b">',
    '<img src="media/cell.png" width="200" height="100">',
    '<table border="1"><thead><tr><th>a</th></tr></thead>'
    '<tbody><tr><td colspan="2" rowspan="1">x</td></tr></tbody></table>',
    '<span style="color: rgb(255, 0, 0); font-weight: bold;">red</span>',
    '<span style="font-family: &quot;Times New Roman&quot;; font-size: 1.2em;">x</span>',
    '<div style="text-align: center; background-color: #ffff00;">x</div>',
    '<a href="https://example.org/a?b=1&amp;c=2">a link</a>',
    '<a href="http://example.org">a link</a> <a href="mailto:a@example.org">mail</a>',
    '<a href="#answer">here</a> <a href="notes.html">relative</a>',
    "H<sub>2</sub>O and x<sup>2</sup>",
    "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>",
    '<font color="#ff0000" face="Arial">x</font>',
    "<!-- a remark for authors -->",
    "a &lt; b &amp;&amp; c &gt; d",
    "a < b and c > d",
    '<ol start="3" type="a"><li>x</li><li value="7">y</li></ol><ul><li>z</li></ul>',
    '<blockquote cite="https://example.org">quoted</blockquote>',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "<hr/><p>paragraph</p><pre><code>code</code></pre>",
    '<span class="hint" data-kind="term" aria-label="term">x</span>',
    "<kbd>Ctrl</kbd>+<kbd>C</kbd> <mark>marked</mark> <small>small</small>",
    "<dl><dt>term</dt><dd>meaning</dd></dl>",
    "<details><summary>More</summary>hidden</details>",
    "<h1>title</h1><h6>small title</h6><center>x</center>",
    "x<sup>2</sup> \\(a^2 + b^2\\)",
    "\\(\\href{https://example.org}{a link} \\style{color: red}{x}\\)",
]


@pytest.mark.parametrize("fragment", HOSTILE)
def test_hostile_html_breaks_the_policy(fragment: str) -> None:
    assert list(violations(fragment)), fragment


@pytest.mark.parametrize("fragment", LEGITIMATE)
def test_html_that_decks_use_is_allowed(fragment: str) -> None:
    assert list(violations(fragment)) == []


@pytest.mark.parametrize(
    ("fragment", "offset", "what", "runs_code"),
    [
        ('<img title=">" src=x onerror=alert(1)>', 21, "an event handler 'onerror='", True),
        ('<a href="jav&#x61;script:alert(1)">x</a>', 9, "a 'javascript:' link", True),
        ("x <script>alert(1)</script>", 2, "a <script> element", True),
        ("ok <img src=x", 3, "an unfinished tag <img>", False),
        ('<p style="background:url(x)">', 3, "CSS with 'url(' in 'style'", False),
        ('<iframe src="https://x.org">', 0, "a <iframe> element", False),
        ('<img src="a.png" srcset="b.png 2x">', 17, "the attribute 'srcset' on <img>", False),
    ],
)
def test_a_violation_says_what_and_where(
    fragment: str, offset: int, what: str, runs_code: bool
) -> None:
    first = next(violations(fragment))
    assert (first.offset, first.what, first.runs_code) == (offset, what, runs_code)


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:x", "javascript"),
        (" \x01java\tscr\nipt:x", "javascript"),
        ("HTTPS://example.org", "https"),
        ("media/a:b.png", None),
        ("//example.org/x", None),
        ("#top", None),
        ("", None),
    ],
)
def test_schemes_are_read_as_browsers_read_them(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


def test_tags_end_where_browsers_end_them() -> None:
    html = '<img alt=">" src="../x.png"><!--> <b>'
    found = list(tokens(html))
    assert [type(token) for token in found] == [Tag, Markup, Tag]
    image = found[0]
    assert isinstance(image, Tag)
    assert [(a.name, a.value) for a in image.attributes] == [("alt", ">"), ("src", "../x.png")]
    assert html[image.end :].startswith("<!-->")


def test_media_references_are_found_by_the_tokenizer() -> None:
    html = '<img alt=">" src="../../etc/passwd"> <IMG SRC=&#46;&#46;/b.png> <img src="a" src="b">'
    found = [(tag.name, attribute.value) for tag, attribute in media_references(html)]
    assert found == [("img", "../../etc/passwd"), ("img", "../b.png"), ("img", "a")]


@settings(max_examples=300, **HYPOTHESIS_SETTINGS)
@given(st.text(alphabet=st.sampled_from("<>/=\"' !-?abciopsrt&#;:x\n\t"), max_size=80))
def test_the_tokenizer_covers_any_text_in_order(text: str) -> None:
    """Tokens never overlap, never go backwards, and stay inside the text."""
    end = 0
    for token in tokens(text):
        assert end <= token.start < token.end <= len(text)
        assert text[token.start] == "<"
        end = token.end
    list(violations(text))


@settings(max_examples=300, **HYPOTHESIS_SETTINGS)
@given(
    st.lists(
        st.sampled_from(
            [
                "<b>",
                "</b>",
                "<br/>",
                "<em>",
                "<p>",
                "<",
                ">",
                "/",
                "x",
                " ",
                '"',
                "=",
                "!--",
                "script",
                "a href",
                "&lt;",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_the_shortcut_for_plain_tags_never_hides_a_violation(text: str) -> None:
    """Fields of attribute-less allowed tags skip tokenizing: only when the
    tokens would have found nothing either."""
    if not list(violations(text)):
        assert [v for v in token_violations(text)] == []


def test_allowed_html_reaches_anki_as_written(tmp_path: Path, learner: Learner) -> None:
    """The HTML that decks use builds, imports, and shows on the card."""
    import yaml

    from peerdeck import pipeline

    notes = [
        {"id": f"n{index}", "front": f"Question {index}", "back": f"Answer: {fragment}"}
        for index, fragment in enumerate(LEGITIMATE)
        if "src=" not in fragment  # media references are checked elsewhere
    ]
    write_project(tmp_path / "p", {"a.yaml": yaml.safe_dump({"notes": notes})})
    built = pipeline.build(
        RunSettings(tmp_path / "p", output=tmp_path / "deck.apkg", timestamp=1_700_000_000)
    )
    assert [p for p in built.loaded.problems if p.severity == 2] == []
    assert built.package is not None
    learner.import_package(built.package.path)
    answers = {card.note()["Front"]: card.answer() for card in learner.cards()}
    assert len(answers) == len(notes)
    assert '<span style="color: rgb(255, 0, 0); font-weight: bold;">red</span>' in "".join(
        answers.values()
    )
    assert "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>" in "".join(answers.values())


def test_media_names_reach_anki_unrenamed(tmp_path: Path, learner: Learner) -> None:
    """Anki renames media whose names hold characters Windows refuses, and
    a quote in a name could end its attribute: stored names need neither."""
    import base64
    import re

    from peerdeck import pipeline

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    cards = (
        "notes:\n  - id: a\n    front: 'Look ![x](my%20pic%20%22one%22%3F.png)'\n"
        "    back: '<img src=\"Cafe\u0301 &amp; co.png\">'\n"
    )
    files: dict[str, str | bytes] = {
        'my pic "one"?.png': png,
        "Cafe\u0301 & co.png": png,
        "a.yaml": cards,
    }
    write_project(tmp_path / "p", files)
    built = pipeline.build(
        RunSettings(tmp_path / "p", output=tmp_path / "deck.apkg", timestamp=1_700_000_000)
    )
    assert built.package is not None, built.loaded.problems
    learner.import_package(built.package.path)
    (note,) = [card.note() for card in learner.cards()]
    media = Path(learner.col.media.dir())
    for field in ("Front", "Back"):
        (name,) = re.findall(r'src="([^"]+)"', note[field])
        assert re.fullmatch(r"[\w.-]+", name) and (media / name).exists(), name
