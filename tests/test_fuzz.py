"""Bounded fuzzing of the loader and the validator.

Hypothesis writes card files (and sometimes ``deck.yaml``) from raw bytes,
from a soup of YAML punctuation and the format's own keys, from YAML-ish
lines, and from trees of the format's keys dumped by ``yaml.safe_dump`` and
then damaged. Whatever it writes, ``pipeline.check`` must not raise, and
every problem it returns must name a file of the project, a position from
line 1 and column 1 on, and a documented code. ``peerdeck check`` on the
command line must exit 0 or 1, and a project that checks clean must build.

Each test runs a bounded number of examples so the suite stays fast. For a
longer run by hand, raise the count with ``PEERDECK_FUZZ_EXAMPLES``
(default 300 per test; the media-reference test runs a third of it and the
command-line test a fifth), e.g.::

    PEERDECK_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py -p no:randomly
"""

from __future__ import annotations

import base64
import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from peerdeck import pipeline
from peerdeck.cli import main
from peerdeck.codes import CODES
from peerdeck.html_policy import violations
from peerdeck.lint import BY_CODE
from peerdeck.settings import RunSettings
from peerdeck.source import CONTROL_CHARACTER

from helpers import DECK_YAML, write_tree
from helpers import HYPOTHESIS_SETTINGS as SETTINGS

EXAMPLES = max(1, int(os.environ.get("PEERDECK_FUZZ_EXAMPLES", "300")))
TIMESTAMP = 1_700_000_000

# A 1x1 PNG that fuzzed image references can find.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

VALID_CARDS = """\
deck: Topic::Sub
tags: [topic]
notes:
  - id: plain
    front: What is **plain**?
    back: Just text.
    source: {ref: article, quote: "plain words"}
  - id: gaps
    type: cloze
    text: "{{c1::One}} and {{c2::two::a number}}."
  - id: pick
    type: multiple-choice
    question: Which?
    choices: [A, B]
    answer: B
  - id: picture
    front: "![dot](media/dot.png)"
    back: A dot.
"""

# ---------------------------------------------------------------------------
# Material

KEYS = [
    "notes", "id", "type", "tags", "deck", "source", "ref", "quote", "note",
    "front", "back", "text", "extra", "question", "choices", "answer", "explanation",
    "name", "description", "sources", "title", "file", "url", "frnt", "<<",
]  # fmt: skip
SCALARS = [
    "basic", "reversed", "type-in", "cloze", "multiple-choice", "article", "a-b", "A",
    "{{c1::x}}", "{{c1::a::hint}}", "{{c0::z}}", "{{c2::}}", "{{", "}}", "{{c1::**a}} b**",
    "yes", "no", "null", "~", "0", "1.5", "0x1F", ".inf", "2024-01-01", "=", "<<",
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!str x",
    "!!binary aGk=", "!!set {a}", "!!omap [a: 1]", "!local x", "&a x", "*a", "*nope",
    "![x](media/dot.png)", "![x](media/gone.png)", "![x](../up.png)", "![x](/abs.png)",
    '<img src="media/dot.png">', "<img src=C:\\x.png>", "![x](https://e.org/x.png)",
    "![x](data:image/png;base64,AA==)", "![x](media)", "http://example.org", "ftp://x",
    "tag with space", "a::", "::b", "é", "\U0001d54f", "\ufeff", "\x00", "\x85", "\u2028",
    "\x1b", "\r", "\r\n", "\t", "\\", '"\\x"', "'it''s'", "%", "@", "`",
    '"a\\x1fb"', '"\\e[31m"', '"\\u0007\\U0001F600"', '"\\0"', "{{c99999999999::x}}",
    "{{c\u0661::x}}", '<img alt=">" src="../x.png">', "<img src=x onerror=alert(1)",
]  # fmt: skip
PUNCTUATION = [*":-[]{}&*!|>'\"#\n\t ,?%@`", "\n  ", "\n    ", "\n- ", "\n  - ", ": "]


@dataclass
class Project:
    """Files to write: relative path -> bytes."""

    files: dict[str, bytes]

    @property
    def yaml_files(self) -> list[str]:
        return [name for name in self.files if name.endswith((".yaml", ".yml"))]


@contextlib.contextmanager
def written(project: Project) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="peerdeck-fuzz-") as work:
        root = Path(work) / "cards"
        files: dict[str, str | bytes] = {"media/dot.png": PNG, **project.files}
        yield write_tree(root, files)


def soup() -> st.SearchStrategy[str]:
    """YAML punctuation, the format's keys and awkward values, run together."""
    piece = st.one_of(
        st.sampled_from(PUNCTUATION),
        st.sampled_from(KEYS),
        st.sampled_from(SCALARS),
        st.text(max_size=4),
    )
    return st.lists(piece, max_size=60).map("".join)


@st.composite
def yaml_lines(draw: st.DrawFn) -> str:
    """Lines shaped like a card file: indentation, list dashes, keys, values,
    block scalars, flow collections and comments, in any combination."""
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        indent = draw(st.sampled_from(["", "", "  ", "    ", "      ", " ", "\t", "  \t"]))
        dash = draw(st.sampled_from(["", "", "- "]))
        key = draw(st.sampled_from([*KEYS, "", "? x", "'quoted'", "1", "[a, b]", "{a: b}"]))
        colon = draw(st.sampled_from([": ", ": ", ":", " : "])) if key else ""
        value = draw(
            st.one_of(
                st.sampled_from(SCALARS),
                st.sampled_from(["", "|", ">", "|-", ">+", "|2", "[", "{", "[a, b]", "{x: y}"]),
                st.lists(st.sampled_from(SCALARS), max_size=3).map(
                    lambda items: "[" + ", ".join(items) + "]"
                ),
                st.text(max_size=10),
            )
        )
        comment = draw(st.sampled_from(["", "", " # note", "#x"]))
        lines.append(f"{indent}{dash}{key}{colon}{value}{comment}")
    ending = draw(st.sampled_from(["\n", "", "\r\n"]))
    return ending.join(lines) + (ending if lines else "")


# Trees of the format's keys with values of every YAML type, dumped as YAML.
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.sampled_from(SCALARS),
    st.text(max_size=20),
    st.dates(),
)
TREES = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.sampled_from(KEYS) | st.text(max_size=5) | st.integers(0, 2) | st.none(),
            children,
            max_size=6,
        ),
    ),
    max_leaves=40,
)


@st.composite
def note_trees(draw: st.DrawFn) -> dict[str, Any]:
    """Something close to a note: mostly the right keys, any values."""
    kind = draw(st.sampled_from(["basic", "reversed", "type-in", "cloze", "multiple-choice"]))
    note: dict[str, Any] = {"id": draw(st.sampled_from(["a", "b", "a-b", "A", "x--y", "é"]))}
    if draw(st.booleans()):
        note["type"] = kind
    fields = {
        "cloze": ["text", "extra"],
        "multiple-choice": ["question", "choices", "answer", "explanation"],
    }.get(kind, ["front", "back"])
    for name in draw(st.lists(st.sampled_from([*fields, *KEYS]), max_size=6, unique=True)):
        note[name] = draw(
            st.one_of(st.sampled_from(SCALARS), st.lists(st.sampled_from(SCALARS)), TREES)
        )
    return note


@st.composite
def card_trees(draw: st.DrawFn) -> str:
    document: Any = {"notes": draw(st.lists(note_trees() | TREES, max_size=5))}
    for key in draw(st.lists(st.sampled_from(["deck", "tags", "type", "extra"]), unique=True)):
        document[key] = draw(st.sampled_from(SCALARS) | TREES)
    if draw(st.integers(0, 9)) == 0:
        document = draw(TREES)
    text = yaml.safe_dump(
        document,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None, True])),
        width=draw(st.sampled_from([20, 80, 10_000])),
        sort_keys=False,
    )
    return draw(damaged(text))


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    """``text`` as it is, or with a few cuts, insertions and swaps."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "cut"]))
        if action == "insert":
            piece = draw(st.sampled_from(PUNCTUATION + SCALARS) | st.text(max_size=3))
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        else:
            text = text[:at]
    return text


def encoded(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]).map(
        lambda codec: text.encode(codec, "replace")
    )


@st.composite
def raw_bytes(draw: st.DrawFn) -> bytes:
    """Arbitrary bytes, or a valid card file with bytes flipped, inserted
    or cut off."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    data = bytearray(VALID_CARDS.encode())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["set", "insert", "cut"]))
        if action == "set" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        else:
            del data[at:]
    return bytes(data)


@st.composite
def projects(draw: st.DrawFn, content: st.SearchStrategy[bytes]) -> Project:
    """One or two fuzzed card files, sometimes a valid one beside them, and
    either the usual deck.yaml or, one time in four, a fuzzed one."""
    files = {"deck.yaml": DECK_YAML.encode()}
    if draw(st.integers(0, 3)) == 0:
        files["deck.yaml"] = draw(content)
    choices = st.sampled_from(["a.yaml", "b/c.yml", "z.yaml"])
    names = draw(st.lists(choices, min_size=1, max_size=2, unique=True))
    for name in names:
        files[name] = draw(content)
    if draw(st.booleans()):
        files["m/valid.yaml"] = VALID_CARDS.encode()
    return Project(files)


TEXTS = st.one_of(soup(), yaml_lines(), card_trees())
TEXT_PROJECTS = projects(TEXTS.flatmap(encoded) | TEXTS.map(str.encode))

# ---------------------------------------------------------------------------
# The checks


def check_sanely(project: Project) -> None:
    with written(project) as root:
        loaded = pipeline.check(RunSettings(root))
        files = {root / name for name in project.yaml_files}
        for problem in loaded.problems:
            assert problem.line >= 1 and problem.column >= 1, problem
            assert problem.path in files, problem
            assert problem.code in CODES or problem.code in BY_CODE, problem
        if loaded.ok:
            built = pipeline.build(
                RunSettings(root, output=root.parent / "deck.apkg", timestamp=TIMESTAMP)
            )
            assert built.package is not None, built.loaded.problems


@settings(max_examples=EXAMPLES, **SETTINGS)
@given(projects(raw_bytes()))
def test_check_survives_any_bytes(project: Project) -> None:
    check_sanely(project)


@settings(max_examples=EXAMPLES, **SETTINGS)
@given(projects(soup().map(str.encode)))
def test_check_survives_yaml_soup(project: Project) -> None:
    check_sanely(project)


@settings(max_examples=EXAMPLES, **SETTINGS)
@given(projects(yaml_lines().map(str.encode)))
def test_check_survives_yaml_shaped_lines(project: Project) -> None:
    check_sanely(project)


@settings(max_examples=EXAMPLES, **SETTINGS)
@given(projects(card_trees().map(str.encode)))
def test_check_survives_damaged_card_trees(project: Project) -> None:
    check_sanely(project)


# Media references: parts that exist, escapes, '..', and names too long for
# the file system (255 bytes a name, 4096 a path on Linux).
REFERENCE_PARTS = st.one_of(
    st.text("abc.-_%20é", max_size=8),
    st.sampled_from(["media", "dot.png", "..", ".", "%2e%2e", "%2F", "%20", "%00", "~"]),
    st.integers(250, 300).map(lambda n: "a" * n),
)
REFERENCES = st.one_of(
    st.lists(REFERENCE_PARTS, min_size=1, max_size=4).map("/".join),
    st.integers(1, 2100).map(lambda n: "a/" * n + "x.png"),
)


@settings(max_examples=max(1, EXAMPLES // 3), report_multiple_bugs=False, **SETTINGS)
@example(reference="%00", html=False, in_deck=False)  # once a ValueError: embedded null byte
@example(reference="a" * 256, html=False, in_deck=False)  # once an OSError: name too long
@given(reference=REFERENCES, html=st.booleans(), in_deck=st.booleans())
def test_check_reports_any_media_reference(reference: str, html: bool, in_deck: bool) -> None:
    image = f'<img src="{reference}">' if html else f"![x]({reference})"
    note = {"id": "a", "front": f"Look: {image}", "back": "b"}
    files = {"c.yaml": yaml.safe_dump({"notes": [note]}).encode()}
    if in_deck:
        deck = {"name": "Deck", "id": "deck", "description": image}
        files["deck.yaml"] = yaml.safe_dump(deck).encode()
    else:
        files["deck.yaml"] = DECK_YAML.encode()
    check_sanely(Project(files))


@settings(max_examples=max(1, EXAMPLES // 5), **SETTINGS)
@given(TEXT_PROJECTS, st.sampled_from([[], ["--format", "json"], ["--format", "github"]]))
def test_the_command_line_exits_0_or_1(project: Project, options: list[str]) -> None:
    with written(project) as root:
        result = CliRunner().invoke(main, ["check", str(root), *options])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in {0, 1}, result.output


# Hostile field text: HTML pieces, entities, schemes, quotes, brackets and
# control characters (yaml.safe_dump writes those as escapes in quotes).
HTML_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "/",
        "=",
        '"',
        "'",
        " ",
        "\n",
        "\t",
        "<!--",
        "-->",
        "</",
        "<!",
        "<?",
        "img",
        "a",
        "b",
        "svg",
        "script",
        "style",
        "src",
        "href",
        "onerror",
        "title",
        "alert(1)",
        "javascript:",
        "jav&#x61;script:",
        "&colon;",
        "&#x09;",
        "url(",
        "{{c1::",
        "}}",
        "**",
        "`",
        "x.png",
        "../",
        "\x1f",
        "\x1b",
        "\x07",
        "\u202e",
        "\u0661",
    ]
)
HTML_FIELDS = st.lists(HTML_PIECES | st.text(max_size=2), max_size=24).map("".join)


@settings(max_examples=EXAMPLES, **SETTINGS)
@given(front=HTML_FIELDS, back=HTML_FIELDS, description=HTML_FIELDS, cloze=st.booleans())
def test_whatever_passes_check_ships_only_allowed_html(
    front: str, back: str, description: str, cloze: bool
) -> None:
    note = (
        {"id": "a", "type": "cloze", "text": "{{c1::x}} " + front, "extra": back}
        if cloze
        else {"id": "a", "front": front or "f", "back": back or "b"}
    )
    deck = {"name": "Deck", "id": "deck", "description": description}
    files = {
        "deck.yaml": yaml.safe_dump(deck).encode(),
        "c.yaml": yaml.safe_dump({"notes": [note]}).encode(),
        "x.png": PNG,
    }
    check_sanely(Project(files))
    with written(Project(files)) as root:
        loaded = pipeline.check(RunSettings(root))
        if not loaded.ok or loaded.deck is None:
            return
        shipped = [loaded.deck.description_html, *loaded.deck.notes[0].html.values()]
        for html in shipped:
            assert isinstance(html, str)
            assert list(violations(html)) == [], html
            assert CONTROL_CHARACTER.search(html) is None, html
