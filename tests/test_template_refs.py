"""Where a note type's templates and CSS name media: each form Anki loads
or plays, the name as a browser reads it, its place as written, and the
references that name no file of the deck."""

from __future__ import annotations

from peerdeck.template_refs import css_media, css_reference, rename_media, template_media


def named(text: str, css: bool = False) -> list[tuple[str, str]]:
    """Each reference's name, and the text it stands on."""
    refs = css_media(text) if css else template_media(text)
    return [(ref.name, text[ref.start : ref.end]) for ref in refs]


def test_each_form_in_a_template_is_found_in_order() -> None:
    text = (
        '<script src="_a.js"></script>[sound:_b.mp3]<audio src=_c.ogg></audio>'
        '<video src=\'_d.mp4\'><source src="_e.webm"></video><object data="_f.svg">'
        '<embed src="_g.pdf"><link href="_h.css" rel="preload stylesheet"><img src="_i.png">'
        "<style>@import '_j.css'; .x { background: url(_k.png) }</style>"
        "<b style='background: url(\"_l.png\")'>x</b>"
    )
    assert [name for name, _ in named(text)] == [
        "_a.js",
        "_b.mp3",
        "_c.ogg",
        "_d.mp4",
        "_e.webm",
        "_f.svg",
        "_g.pdf",
        "_h.css",
        "_i.png",
        "_j.css",
        "_k.png",
        "_l.png",
    ]


def test_names_are_decoded_and_placed_on_the_text_as_written() -> None:
    text = '<img src="a&amp;b.png">[sound:c&amp;d.mp3]<script src=_e.js></script>'
    assert named(text) == [
        ("a&b.png", "a&amp;b.png"),
        ("c&d.mp3", "c&amp;d.mp3"),
        ("_e.js", "_e.js"),
    ]


def test_references_that_name_no_file_of_the_deck_are_left_out() -> None:
    text = (
        '[sound:{{Audio}}]<img src="{{Picture}}"><script src="https://example.org/x.js">'
        '</script><audio src="data:audio/ogg;base64,AAAA"></audio><img src="#top">'
        '<link rel="icon" href="_icon.png"><link href="_nothing.css"><img src="">'
        '<a href="_page.html">a link loads nothing</a><div class="_styled">'
    )
    assert named(text) == []


def test_css_names_media_by_url_and_import() -> None:
    css = (
        "@IMPORT \"_a.css\";\n@import '_b.css' screen;\n@import url(_c.css);\n"
        '@font-face { src: url("_d.woff2") format("woff2"), url(https://x.org/e.woff); }\n'
    )
    assert named(css, css=True) == [
        ("_a.css", "_a.css"),
        ("_b.css", "_b.css"),
        ("_c.css", "_c.css"),
        ("_d.woff2", "_d.woff2"),
    ]
    assert css_reference(css, 0) == "_a.css"
    assert css_reference(css, css.index("url(_c")) == "_c.css"
    assert css_reference(css, css.index("@import url")) == "_c.css"
    assert css_reference(css, 1) is None


def test_renamed_files_are_rewritten_where_they_are_named_and_nowhere_else() -> None:
    text = (
        '<script src="_my script.js"></script>[sound:_my intro.mp3]'
        '<div title="_my intro.mp3">[sound:other.mp3]</div>'
    )
    renamed = {"_my script.js": "_my_script.js", "_my intro.mp3": "_my_intro.mp3"}
    assert rename_media(text, template_media(text), renamed) == (
        '<script src="_my_script.js"></script>[sound:_my_intro.mp3]'
        '<div title="_my intro.mp3">[sound:other.mp3]</div>'
    )
    css = "@import '_a b.css'; .x { background: url(_a b.css) }"
    assert rename_media(css, css_media(css), {"_a b.css": "_a_b.css"}) == (
        "@import '_a_b.css'; .x { background: url(_a b.css) }"
    )
