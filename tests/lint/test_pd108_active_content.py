from __future__ import annotations

from pathlib import Path

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import DECK_YAML, lint_found, write_project

CARDS = """\
notes:
  - id: script
    front: "Why? <script>alert(1)</script>"
    back: Because.
  - id: handler
    front: Why?
    back: '<img src="x.png" onerror="alert(1)">'
  - id: link
    front: Why?
    back: '<a href="javascript:alert(1)">Because</a>'
  - id: code
    front: "Why is `<script>` shown as text?"
    back: It is in a code span.
"""


def test_code_that_would_run_is_an_error_at_its_place(tmp_path: Path) -> None:
    write_project(tmp_path, {"x.png": b"png", "a.yaml": CARDS})
    unsafe = "which runs code on every learner's machine; a shared deck must not run code"
    assert lint_found(tmp_path, "PD108") == [
        ("a.yaml", 3, 18, f"'front' has a <script> element, {unsafe}"),
        ("a.yaml", 7, 29, f"'back' has an event handler 'onerror=', {unsafe}"),
        ("a.yaml", 10, 21, f"'back' has a 'javascript:' link, {unsafe}"),
    ]


def test_check_and_build_refuse_it(tmp_path: Path) -> None:
    write_project(tmp_path, {"x.png": b"png", "a.yaml": CARDS})
    assert {p.code for p in pipeline.check(RunSettings(tmp_path)).problems} == {"PD108"}
    built = pipeline.build(
        RunSettings(tmp_path, output=tmp_path / "out.apkg", timestamp=1_700_000_000)
    )
    assert built.package is None and not (tmp_path / "out.apkg").exists()


UNSAFE = "which runs code on every learner's machine; a shared deck must not run code"
NOT_LISTED = "which is not on the list of safe HTML (see 'HTML in fields' in the README)"


def test_every_html_that_ships_is_checked(tmp_path: Path) -> None:
    deck = DECK_YAML.replace(
        "description: A deck for **tests**.",
        "description: 'Read <a href=\"jav&#x61;script:alert(1)\">this</a>.'",
    )
    cards = """\
    notes:
      - id: bypass
        front: Why?
        back: '<img title=">" src=x.png onerror=alert(1)>'
      - id: lines
        front: Why?
        back: |
          <div
          onclick="alert(1)">Because</div>
      - id: pick
        type: multiple-choice
        question: Which?
        choices: ['<svg onload=alert(1)>', Two]
        answer: Two
        explanation: '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'
      - id: gap
        type: cloze
        text: "{{c1::Paris}} is <b style='background: url(https://evil.example/t.png)'>big</b>"
        extra: "<div>A city <img src=x.png"
    """
    write_project(tmp_path, {"x.png": b"png", "a.yaml": cards}, deck=deck)
    assert lint_found(tmp_path, "PD108") == [
        ("a.yaml", 4, 37, f"'back' has an event handler 'onerror=', {UNSAFE}"),
        ("a.yaml", 9, 7, f"'back' has an event handler 'onclick=', {UNSAFE}"),
        ("a.yaml", 13, 14, f"'choices' has a <svg> element, {NOT_LISTED}"),
        ("a.yaml", 13, 14, f"'choices' has an event handler 'onload=', {UNSAFE}"),
        ("a.yaml", 15, 19, f"'explanation' has a <iframe> element, {NOT_LISTED}"),
        ("a.yaml", 15, 27, f"'explanation' has the attribute 'srcdoc' on <iframe>, {NOT_LISTED}"),
        ("a.yaml", 18, 32, f"'text' has CSS with 'url(' in 'style', {NOT_LISTED}"),
        ("a.yaml", 19, 25, f"'extra' has an unfinished tag <img>, {NOT_LISTED}"),
        ("deck.yaml", 3, 29, f"'description' has a 'javascript:' link, {UNSAFE}"),
    ]


def test_a_media_name_cannot_break_out_of_its_attribute(tmp_path: Path) -> None:
    name = 'x" onerror="alert(1).png'
    cards = """\
    notes:
      - id: named
        front: '<img src="x%22%20onerror=%22alert(1).png">'
        back: "![also](x%22%20onerror=%22alert(1).png)"
    """
    write_project(tmp_path, {name: b"png", "a.yaml": cards})
    loaded = pipeline.check(RunSettings(tmp_path))
    assert loaded.problems == [] and loaded.deck is not None
    (note,) = loaded.deck.notes
    front, back = note.html["front"], note.html["back"]
    assert isinstance(front, str) and isinstance(back, str)
    assert '<img src="x_onerror_alert_1_-' in front and "onerror=" not in front
    assert 'src="x_onerror_alert_1_-' in back


def test_dot_dot_hidden_behind_a_quoted_angle_bracket_is_refused(tmp_path: Path) -> None:
    cards = """\
    notes:
      - id: escape
        front: 'Look: <img alt=">" src="../../../../etc/passwd">'
        back: Nothing.
    """
    write_project(tmp_path, {"a.yaml": cards})
    found = [(p.code, p.line, p.column) for p in pipeline.check(RunSettings(tmp_path)).problems]
    assert found == [("PD014", 3, 37)]
