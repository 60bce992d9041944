"""What the page changes in Anki's card HTML: only what Anki's reviewer
fills in itself (see ``peerdeck.preview.dress``)."""

from __future__ import annotations

from peerdeck.preview.dress import dress


def test_math_is_mathml_except_where_mathjax_skips() -> None:
    shown = dress(r"\(x\) <code>\(y\)</code> <pre>\[z\]</pre> \[w\]", {}, 0, True)
    assert shown.count("<math") == 2 and 'display="block"' in shown
    assert r"<code>\(y\)</code> <pre>\[z\]</pre>" in shown


def test_math_the_converter_cannot_read_stays_tex_and_is_marked() -> None:
    assert dress(r"\(x^\)", {}, 0, True) == r'<code class="math-error">\(x^\)</code>'


def test_entities_in_math_are_read_as_mathjax_reads_them() -> None:
    assert "&#x0003C;" in dress(r"\(a &lt; b\)", {}, 0, True)


def test_sounds_text_to_speech_and_type_in_boxes() -> None:
    fields = {"Back": "<b>Paris</b>", "Text": "{{c1::Rome}} and {{c2::Oslo}}"}
    assert dress("[sound:a&b.mp3]", fields, 0, True) == (
        '<audio class="sound" controls preload="none" src="a&amp;b.mp3"></audio>'
    )
    assert dress("[anki:tts lang=en_US]hi[/anki:tts]", {}, 0, True) == '<span class="tts">hi</span>'
    assert 'id="typeans" placeholder' in dress("[[type:Back]]", fields, 0, True)
    assert dress("[[type:Back]]", fields, 0, False) == (
        '<center><code id="typeans">Paris</code></center>'
    )
    assert '<code id="typeans">Oslo</code>' in dress("[[type:cloze:Text]]", fields, 1, False)
