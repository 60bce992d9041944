from __future__ import annotations

from pathlib import Path

from peerdeck import pipeline

from helpers import lint_found, write_project

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
    assert {p.code for p in pipeline.check(tmp_path).problems} == {"PD108"}
    built = pipeline.build(tmp_path, tmp_path / "out.apkg", 1_700_000_000)
    assert built.package is None and not (tmp_path / "out.apkg").exists()
