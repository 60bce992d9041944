from __future__ import annotations

from pathlib import Path

import pytest

from peerdeck import pipeline
from peerdeck.lint import LIMITS
from peerdeck.lint.rule import Context
from peerdeck.lint.rules import pd113_interfering_notes as rule
from peerdeck.lint.rules.pd113_interfering_notes import jaccard

from helpers import lint_found, write_project


def test_look_alike_questions_with_different_answers_are_reported(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "a.yaml": """\
            notes:
              - id: disclosure-builds
                front: What does self-disclosure build between peers?
                back: Trust.
              - id: oversharing-builds
                front: What does oversharing build between peers?
                back: Distance.
              - id: disclosure-builds-again
                type: type-in
                front: What does self-disclosure build between peers?
                back: Trust.
              - id: disclosure-builds-same-words
                front: What does self-disclosure build between peers?
                back: Distance.
              - id: disclosure-builds-what
                front: Between peers, what does self-disclosure build?
                back: Distance, when it turns into oversharing.
            """
        },
    )
    # The basic note with the same front as 'disclosure-builds' is a duplicate
    # (PD101), not reported here; against the type-in note it interferes.
    apart = "which wants a different answer; learners will mix them up: say what tells them apart"
    assert lint_found(tmp_path, "PD113") == [
        (
            "a.yaml",
            13,
            12,
            f"'front' is much like that of note 'disclosure-builds-again' (a.yaml:10), {apart}",
        ),
        (
            "a.yaml",
            16,
            12,
            f"'front' is much like that of note 'disclosure-builds' (a.yaml:3), {apart}",
        ),
    ]


def test_ten_thousand_distinct_questions_are_not_compared_pair_by_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = "\n".join(
        f"  - {{id: n{i}, front: 'What is w{i} of x{i % 97} in y{i % 89}?', back: 'a{i}'}}"
        for i in range(10_000)
    )
    write_project(tmp_path, {"a.yaml": f"notes:\n{notes}\n"})
    loaded = pipeline.load(tmp_path)
    assert loaded.deck is not None
    calls = 0

    def counting(a: frozenset[str], b: frozenset[str]) -> float:
        nonlocal calls
        calls += 1
        return jaccard(a, b)

    monkeypatch.setattr(rule, "jaccard", counting)
    assert list(rule.check(Context(loaded.deck, loaded.sources, LIMITS))) == []
    assert calls < 10_000 * 20  # comparing every pair would take 50 million


def test_words_common_to_a_large_deck_tell_no_questions_apart(tmp_path: Path) -> None:
    pair = (
        "  - {id: a, front: Peer support?, back: Trust.}\n"
        "  - {id: b, front: Peer support?!, back: Distance.}\n"
    )
    write_project(tmp_path / "small", {"a.yaml": f"notes:\n{pair}"})
    assert [line for _, line, _, _ in lint_found(tmp_path / "small", "PD113")] == [3]
    # In 100 questions, 'peer' and 'support' are in every one: they are ignored.
    filler = "".join(
        f"  - {{id: n{i}, front: 'Peer support w{i}?', back: 'a{i}'}}\n" for i in range(98)
    )
    write_project(tmp_path / "large", {"a.yaml": f"notes:\n{pair}{filler}"})
    assert lint_found(tmp_path / "large", "PD113") == []


def test_questions_indexed_by_keys_share_their_least_overlap_at_every_similarity() -> None:
    # Any two questions indexed by keys of several words that jaccard() finds
    # similar share at least least_overlap() words as each sees it, so their
    # rarest common words are a key both have: none is missed.
    for similarity in range(1, 101):
        threshold = similarity / 100
        sizes = [n for n in range(1, 60) if rule.keyed(threshold, n)]
        for a in sizes:
            for b in sizes:
                for shared in range(min(a, b) + 1):
                    union = a + b - shared
                    if shared / union >= threshold:
                        assert shared >= rule.least_overlap(threshold, a)
                        assert shared >= rule.least_overlap(threshold, b)


def test_similar_questions_are_found_whether_indexed_by_words_or_keys(tmp_path: Path) -> None:
    # One word, two words, four words with a fifth added, and a question of
    # 30 words (too long to index by keys) with one word changed.
    long = " ".join(f"q{i}" for i in range(30))
    notes = [
        ("lone", "Boundaries?", "One."),
        ("lone-again", "Boundaries?", "Two."),
        ("two", "Boundaries matter?", "One."),
        ("two-again", "Matter boundaries?", "Two."),
        ("four", "Peers keep records safe?", "One."),
        ("five", "Peers keep records safe today?", "Two."),
        ("long", f"{long}?", "One."),
        ("long-again", f"{long.replace('q7', 'z7')}?", "Two."),
    ]
    body = "".join(
        f"  - {{id: {id_}, type: type-in, front: '{front}', back: '{back}'}}\n"
        if index % 2
        else f"  - {{id: {id_}, front: '{front}', back: '{back}'}}\n"
        for index, (id_, front, back) in enumerate(notes)
    )
    write_project(tmp_path, {"a.yaml": f"notes:\n{body}"})
    found = [message.split("'")[3] for _, _, _, message in lint_found(tmp_path, "PD113")]
    assert found == ["lone", "two", "four", "long"]
