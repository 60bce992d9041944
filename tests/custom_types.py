"""A project with note types of its own: a standard type with several
fields, two templates, a raw HTML field and CSS, and a cloze type; shared by
the tests of custom note types and of the preview."""

from __future__ import annotations

VOCAB_TYPE = """\
name: Vocabulary (FR)
kind: standard
id: 1596422417921
sort-field: Meaning
fields:
  - name: Word
    id: 8122370157418125052
  - name: Meaning
    id: -4242424242424242
  - name: Audio
    format: html
templates:
  - name: Recognition
    id: 3339158235092003071
    front: recognition.front.html
    back: recognition.back.html
  - name: Production
    id: 77
    front: production.front.html
    back: production.back.html
"""

CLOZE_TYPE = """\
name: Cloze Plus
kind: cloze
fields:
  - name: Passage
  - name: Notes
templates:
  - name: Cloze
    front: front.html
    back: back.html
"""

CARDS = """\
notes:
  - id: bonjour
    type: vocab-fr
    fields:
      Word: bonjour
      Meaning: "*hello*"
      Audio: '<span class="raw">**not Markdown**</span>'
    tags: [french::greetings]
  - id: merci
    type: vocab-fr
    fields:
      Word: merci
  - id: capital
    type: cloze-plus
    fields:
      Passage: "{{c1::Paris}} is the capital of {{c2::France}}."
      Notes: A **fact**.
  - id: plain
    front: Hi
    back: There
"""

FILES: dict[str, str | bytes] = {
    "note-types/vocab-fr/note-type.yaml": VOCAB_TYPE,
    "note-types/vocab-fr/recognition.front.html": '<div class="word">{{Word}}</div>\n{{Audio}}\n',
    "note-types/vocab-fr/recognition.back.html": '{{FrontSide}}\n<hr id="answer">\n{{Meaning}}\n',
    "note-types/vocab-fr/production.front.html": "{{#Meaning}}<div>{{Meaning}}</div>{{/Meaning}}\n",
    "note-types/vocab-fr/production.back.html": '{{FrontSide}}\n<hr id="answer">\n{{Word}}\n',
    "note-types/vocab-fr/style.css": ".card { color: navy; }\n.word { font-size: 2em; }\n",
    "note-types/cloze-plus/note-type.yaml": CLOZE_TYPE,
    "note-types/cloze-plus/front.html": "{{cloze:Passage}}\n",
    "note-types/cloze-plus/back.html": '{{cloze:Passage}}\n<div class="notes">{{Notes}}</div>\n',
    "cards.yaml": CARDS,
}
