"""Field Markdown to Anki HTML."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck import mathtext, render


def reference(text: str, breaks: bool = False, dollars: bool = False) -> str:
    """The whole parser, block and inline, with a lone paragraph's <p> removed."""
    md, env = render._markdown(), render._env(dollars, breaks)
    tokens = md.parse(mathtext.join_lines(text, dollars), env)
    if [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
        tokens = tokens[1:2]
    html: str = md.renderer.render(tokens, md.options, env)
    return html.rstrip("\n")


MARKDOWNISH = st.sampled_from(list("aZ 1.-+*_#>\"'&<{}:c\\`![]()\t\n=~|$"))


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8") | MARKDOWNISH, max_size=40),
    st.booleans(),
    st.booleans(),
)
def test_shortcuts_render_as_full_commonmark_does(text: str, breaks: bool, dollars: bool) -> None:
    """The fast path (one line read inline) gives what the whole parser
    gives, also for text with math, dollars, sound tags or newlines, which
    must not take it."""
    assert render.to_html(text, breaks=breaks, dollars=dollars) == reference(text, breaks, dollars)


BOLD = ["**a**", "**a b**", "**a **", "** a**", "**é**", "**a_b**", "***a***", "**", "*"]
STRONGISH = st.sampled_from(
    [*BOLD, "word", "a", "9", " ", "  ", "?", ".", '"', "é", "_", "-", "\n"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(STRONGISH, max_size=12).map("".join))
def test_bold_words_render_as_full_commonmark_does(text: str) -> None:
    assert render.to_html(text) == reference(text)


def test_bold_words_in_a_plain_sentence() -> None:
    text = 'What is **peer support** "now"? **A1** and **b**.'
    assert render.to_html(text) == (
        "What is <strong>peer support</strong> &quot;now&quot;? <strong>A1</strong>"
        " and <strong>b</strong>."
    )
    assert render.to_html(text) == reference(text)


def test_one_paragraph_is_stored_without_p() -> None:
    assert render.to_html("Some *emphasis* here") == "Some <em>emphasis</em> here"
    assert render.to_html('Say "hi"') == "Say &quot;hi&quot;"


def test_blocks_are_kept() -> None:
    assert render.to_html("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    assert render.to_html("One.\n\nTwo.") == "<p>One.</p>\n<p>Two.</p>"


def test_cloze_markers_pass_through() -> None:
    text = "The {{c1::**first**::hint}} and {{c2::second}} items"
    assert render.to_html(text) == (
        "The {{c1::<strong>first</strong>::hint}} and {{c2::second}} items"
    )


def test_inline_html_is_kept() -> None:
    assert render.to_html("a<br>b <sub>2</sub>") == "a<br>b <sub>2</sub>"


def test_images_are_renamed_in_markdown_and_html() -> None:
    seen: list[str] = []

    def resolve(src: str) -> str:
        seen.append(src)
        return "stored-" + src.rsplit("/", 1)[-1]

    html = render.to_html('![alt](media/a.png) and <img src="b.png">', resolve)
    assert html == '<img src="stored-a.png" alt="alt" /> and <img src="stored-b.png">'
    assert seen == ["media/a.png", "b.png"]


ISSUE_MATH = [
    r"\(\pi r^2\)",
    r"\(\bar{a}_{n} = b_{n}\)",
    r"\(a*b*c\)",
    r"\[x^2\]",
    r"\(\{1,2\}\)",
    r"\[\begin{pmatrix} a & b \\ c & d \end{pmatrix}\]",
]


def test_math_ships_as_written() -> None:
    for math in ISSUE_MATH:
        shipped = render.to_html(f"See {math} here", breaks=True)
        assert shipped == f"See {math.replace('&', '&amp;')} here"


def test_math_escapes_only_what_html_needs_and_joins_lines() -> None:
    text = "\\[a < b \\\\\n  c > d & e\\]\n- item"
    assert render.to_html(text, breaks=True) == (
        "<p>\\[a &lt; b \\\\ c &gt; d &amp; e\\]</p>\n<ul>\n<li>item</li>\n</ul>"
    )


def test_math_in_and_around_cloze_deletions() -> None:
    text = r"{{c1::\(2x\)}} and \(x = {{c2::2}}\)"
    assert render.to_html(text) == text


def test_code_spans_hold_no_math() -> None:
    assert render.to_html(r"`\(x\)` \(y\)") == r"<code>\(x\)</code> \(y\)"


def test_dollar_math_follows_pandoc() -> None:
    text = r"$x^2$ and $$\sum_i i$$ cost $5 and $6, \$7 and `$a$`"
    assert render.to_html(text, dollars=True) == (
        r"\(x^2\) and \[\sum_i i\] cost $5 and $6, $7 and <code>$a$</code>"
    )
    assert render.to_html("$x^2$") == "$x^2$"  # off by default


def test_sound_tags_are_renamed() -> None:
    html = render.to_html("Hear [sound:media/a_b_c.mp3]", lambda src: "a-1234.mp3")
    assert html == "Hear [sound:a-1234.mp3]"


def test_newlines_in_a_paragraph_are_line_breaks_in_fields() -> None:
    assert render.to_html("one\ntwo", breaks=True) == "one<br>two"
    assert render.to_html("one\ntwo\n\nthree", breaks=True) == "<p>one<br>two</p>\n<p>three</p>"
    assert render.to_html("one\ntwo") == "one\ntwo"


def test_tables() -> None:
    html = render.to_html("| a | b |\n| --- | --- |\n| 1 | 2 |", breaks=True)
    assert html.startswith("<table>\n<thead>\n<tr>\n<th>a</th>")
    assert "<td>2</td>" in html


def test_code_blocks_are_highlighted_with_classes() -> None:
    html = render.to_html("```python\ndef f():\n    return 'x'\n```", breaks=True)
    assert html.startswith('<pre class="hl"><code class="language-python"><span class="hl-k">def')
    assert '<span class="hl-s1">' in html and "style=" not in html
    plain = render.to_html("```nosuchlanguage\na < b\n```")
    assert plain == '<pre><code class="language-nosuchlanguage">a &lt; b\n</code></pre>'


def test_an_escaped_dollar_does_not_close_display_math() -> None:
    assert render.to_html(r"$$a\$$$ and $b\$$", dollars=True) == r"\[a\$\] and \(b\$\)"
