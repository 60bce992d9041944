"""Field Markdown to Anki HTML."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from peerdeck import render

REFERENCE = MarkdownIt("commonmark", {"html": True})


def reference(text: str) -> str:
    """Full CommonMark, with a lone paragraph's <p> removed."""
    tokens = REFERENCE.parse(text)
    if [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
        tokens = tokens[1:2]
    html: str = REFERENCE.renderer.render(tokens, REFERENCE.options, {})
    return html.rstrip("\n")


MARKDOWNISH = st.sampled_from(list("aZ 1.-+*_#>\"'&<{}:c\\`![]()\t\n=~|"))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | MARKDOWNISH, max_size=40))
def test_shortcuts_render_as_full_commonmark_does(text: str) -> None:
    assert render.to_html(text) == reference(text)


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
