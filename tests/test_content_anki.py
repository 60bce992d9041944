"""Math, sound, tables, line breaks and code, as a learner's Anki renders them."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from peerdeck import pipeline
from peerdeck.ids import guid_for_note
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, HYPOTHESIS_SETTINGS, Learner, write_project

# Not a real recording: Anki plays nothing in these tests, it only has to
# find the file in its media folder.
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(32)

CARDS = r"""
notes:
  - id: circle
    front: 'What is the area of a circle of radius \(r\)? [sound:media/hello.mp3]'
    back: '\(\pi r^2\), not \(\bar{a}_{n} = b_{n}\) or \(a*b*c\) or \(\{1,2\}\) or \(a<b & c>d\)'
  - id: matrix
    type: cloze
    text: |
      \[\begin{pmatrix} a & b \\
      c & d \end{pmatrix}\] has determinant {{c1::\(ad - bc\)}} and \(x = {{c2::2}}\).
  - id: pick
    type: multiple-choice
    question: 'Which is \(e^{i\pi}\)?'
    choices: ['\(-1\)', '\(1\)']
    answer: '\(-1\)'
  - id: table-lines-code
    front: |
      First line
      second line
    back: |
      | unit | symbol |
      | --- | --- |
      | metre | m |

      ```python
      def area(r):
          return 3.14 * r ** 2
      ```
"""


def test_every_feature_reaches_anki(tmp_path: Path, learner: Learner) -> None:
    project = write_project(tmp_path / "cards", {"c.yaml": CARDS, "media/hello.mp3": MP3})
    built = pipeline.build(
        RunSettings(project, output=tmp_path / "deck.apkg", timestamp=1_700_000_000)
    )
    assert built.loaded.problems == [], built.loaded.problems
    assert built.package is not None and built.package.media == 1
    learner.import_package(built.package.path)
    col = learner.col
    cards = {col.get_note(card.nid).fields[0][:12]: card for card in learner.cards()}

    circle = cards["What is the "]
    answer = circle.answer()
    for math in (r"\(\pi r^2\)", r"\(\bar{a}_{n} = b_{n}\)", r"\(a*b*c\)", r"\(\{1,2\}\)"):
        assert math in answer
    assert r"\(a&lt;b &amp; c&gt;d\)" in answer
    [sound] = circle.question_av_tags()
    assert sound.filename.startswith("hello-") and sound.filename.endswith(".mp3")
    assert (Path(col.media.dir()) / sound.filename).read_bytes() == MP3

    clozes = sorted(
        (card for card in learner.cards() if card.note().note_type()["name"] == "peerdeck Cloze"),
        key=lambda card: card.ord,
    )
    matrix = r"\[\begin{pmatrix} a &amp; b \\ c &amp; d \end{pmatrix}\]"
    assert matrix in clozes[0].question() and "[...]" in clozes[0].question()
    assert r"\(ad - bc\)" in clozes[0].answer()
    assert r"\(x = [...]\)" in clozes[1].question()
    assert r"\(x = 2\)" in clozes[1].answer()

    [pick] = (card for card in learner.cards() if "e^{i" in card.question())
    assert r"\(e^{i\pi}\)" in pick.question() and r"<li>\(-1\)</li>" in pick.question()

    [other] = (card for card in learner.cards() if "First line" in card.question())
    assert "First line<br>second line" in other.question()
    back = other.answer()
    assert "<table>" in back and "<td>metre</td>" in back
    assert '<pre class="hl"><code class="language-python"><span class="hl-k">def</span>' in back
    assert ".hl-k" in back  # the stylesheet colours it
    assert "style=" not in back.split("</style>", 1)[1]


def test_dollar_math_reaches_anki_as_anki_math(tmp_path: Path, learner: Learner) -> None:
    cards = "notes:\n  - {id: d, front: 'Is $x^2$ or $$y$$ worth $5 and $6?', back: Both.}\n"
    deck = "name: Dollars\nid: dollars\nmath: dollars\n"
    project = write_project(tmp_path / "cards", {"c.yaml": cards}, deck=deck)
    built = pipeline.build(
        RunSettings(project, output=tmp_path / "deck.apkg", timestamp=1_700_000_000)
    )
    assert built.package is not None, built.loaded.problems
    learner.import_package(built.package.path)
    [card] = learner.cards()
    assert r"Is \(x^2\) or \[y\] worth $5 and $6?" in card.question()


# TeX as authors write it: letters, operators, control sequences, groups,
# line breaks; never a closing delimiter, a cloze marker or a sound tag.
_ATOMS = st.sampled_from(
    [
        *"abxyz0129+-=<>&|,.;!?'*/()[] ^_",
        *(r"\alpha", r"\frac", r"\pi", r"\sum", r"\\", r"\{", r"\}", r"\,", r"\;"),
        *(r"\left(", r"\right)", r"\$", r"\%", r"\#", "&lt;", "%", "\n"),
    ]
)
TEX = st.recursive(
    st.lists(_ATOMS, max_size=8).map("".join),
    lambda inner: st.lists(inner.map(lambda tex: "{" + tex + "}") | _ATOMS, max_size=4).map(
        "".join
    ),
    max_leaves=12,
).filter(lambda tex: tex.strip() == tex and "::" not in tex)


def _shipped(tex: str) -> str:
    """What MathJax must read: the expression with its lines joined."""
    lines = [line.strip(" \t") for line in tex.split("\n")]
    return " ".join(lines)


def _stored(tex: str) -> str:
    """The expression as Anki's editor stores it in a field: lines joined,
    and only '&', '<' and '>' written as entities."""
    return _shipped(tex).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@settings(max_examples=60, **HYPOTHESIS_SETTINGS)
@given(st.lists(TEX, min_size=1, max_size=8))
def test_anki_renders_generated_math_as_written(expressions: list[str]) -> None:
    """Every expression, inline, displayed, in a deletion and around one,
    reaches the card Anki renders with exactly the characters written."""
    notes = []
    for index, tex in enumerate(expressions):
        notes.append({"id": f"b{index}", "front": rf"Q \({tex}\) end", "back": rf"\[{tex}\]"})
        if "}}" not in tex:
            text = rf"{{{{c1::\({tex}\)}}}} and \(k {{{{c2::{index}}}}}\)"
            notes.append({"id": f"c{index}", "type": "cloze", "text": text})
    rendered = _rendered_in_anki(notes)
    _check_rendered({note["id"] for note in notes}, expressions, rendered)


def _rendered_in_anki(
    notes: list[dict[str, str]], deck: str = DECK_YAML
) -> dict[tuple[str, int], tuple[str, str]]:
    """Build ``notes``, import them into a new collection, and return what
    Anki renders for each card, by note GUID and card ordinal."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files: dict[str, str | bytes] = {"c.yaml": yaml.safe_dump({"notes": notes})}
        project = write_project(root / "cards", files, deck)
        built = pipeline.build(
            RunSettings(project, output=root / "deck.apkg", timestamp=1_700_000_000)
        )
        assert built.package is not None, built.loaded.problems
        learner = Learner.open(root / "anki")
        try:
            learner.import_package(built.package.path)
            return {
                (card.note().guid, card.ord): (card.question(), card.answer())
                for card in learner.cards()
            }
        finally:
            learner.close()


def _check_rendered(
    ids: set[str],
    expressions: list[str],
    rendered: dict[tuple[str, int], tuple[str, str]],
) -> None:
    for index, tex in enumerate(expressions):
        math, escaped = _shipped(tex), _stored(tex)
        question, answer = rendered[(guid_for_note("test-deck", f"b{index}"), 0)]
        assert rf"\({escaped}\)" in question
        assert rf"\[{escaped}\]" in answer
        assert html.unescape(escaped) == math
        if f"c{index}" in ids:
            guid = guid_for_note("test-deck", f"c{index}")
            first, second = rendered[(guid, 0)], rendered[(guid, 1)]
            assert rf"\({escaped}\)" in first[1] and rf"\({escaped}\)" in second[0]
            assert r"\(k [...]\)" in second[0] and rf"\(k {index}\)" in second[1]


@settings(max_examples=30, **HYPOTHESIS_SETTINGS)
@given(st.lists(TEX.filter(bool), min_size=1, max_size=8))
def test_anki_renders_generated_dollar_math_as_anki_math(expressions: list[str]) -> None:
    """With 'math: dollars', $...$ and $$...$$ reach Anki as \\(...\\) and
    \\[...\\] holding exactly the characters written."""
    notes = [
        {"id": f"d{index}", "front": f"Q ${tex}$ end", "back": f"$${tex}$$"}
        for index, tex in enumerate(expressions)
    ]
    rendered = _rendered_in_anki(notes, "name: Test Deck\nid: test-deck\nmath: dollars\n")
    for index, tex in enumerate(expressions):
        escaped = _stored(tex)
        question, answer = rendered[(guid_for_note("test-deck", f"d{index}"), 0)]
        assert rf"Q \({escaped}\) end" in question
        assert rf"\[{escaped}\]" in answer
