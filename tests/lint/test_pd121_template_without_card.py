from __future__ import annotations

from pathlib import Path

from helpers import lint_found, write_project

NOTE_TYPE = """\
name: Two ways
fields: [{name: Word}, {name: Meaning}, {name: Add Reverse}]
templates:
  - {name: Forward, front: forward.html, back: back.html}
  - {name: Reverse, front: reverse.html, back: back.html}
"""

CARDS = """\
notes:
  - id: both
    type: two-ways
    fields: {Word: chat, Meaning: cat, Add Reverse: y}
  - id: forward-only
    type: two-ways
    fields: {Word: chien, Meaning: dog}
"""


def test_a_template_a_note_skips_is_named_with_what_to_fill(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "note-types/two-ways/note-type.yaml": NOTE_TYPE,
            "note-types/two-ways/forward.html": "{{Word}}",
            "note-types/two-ways/reverse.html": "{{#Add Reverse}}{{Meaning}}{{/Add Reverse}}",
            "note-types/two-ways/back.html": "{{FrontSide}}<hr id=answer>{{Meaning}}",
            "a.yaml": CARDS,
        },
    )
    assert lint_found(tmp_path, "PD121") == [
        (
            "a.yaml",
            5,
            5,
            "note 'forward-only' gets no 'Reverse' card: that template's front shows"
            " no filled field (it names 'Meaning' and 'Add Reverse')",
        )
    ]
