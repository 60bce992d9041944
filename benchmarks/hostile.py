"""Time peerdeck on hostile inputs that grow tenfold, to show it stays linear.

Usage: python benchmarks/hostile.py [--scales 1,10,100] [--repeat 3] [--only NAME]

Each input is generated in a temporary folder at every scale and checked
by a whole ``peerdeck`` process (best wall time of ``--repeat`` runs). The
time should grow about as the input does: tenfold input, about tenfold
time (less at the smallest scale, where start-up dominates). Beside each
input, the "naive" column times what the replaced code did on the same
text (a regular expression over tags, or a set of every cloze number), in
this process, so the difference in growth shows.

- ``unclosed-tags``: one field of ``<a `` repeated (the tag regex was quadratic).
- ``long-line``: one line holding many bad tags, each a problem with an excerpt.
- ``many-findings``: a folded field with an attribute PD108 refuses on each
  of its lines, each placed in the file (found again from the start each
  time, this was quadratic: 90 s at 10x).
- ``unclosed-flow``: a long flow sequence left open (its nesting is bounded
  line by line before libyaml reads it).
- ``short-tags``: a valid card file of many notes with many short tags.
- ``file-tags``: many notes under a file-level list of 150 tags (every note
  carries them; a list over 200 is refused, as it multiplied with the notes).
- ``cloze-deletions``: one cloze note with many deletions.
- ``huge-cloze-number``: notes numbered ``c65535`` beside ``c1`` (the
  naive column: the old gap rule's set for ``c10000000``; c1000000000 took
  gigabytes, and is refused now).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DECK = "name: Bench\nid: bench\n"
_OLD_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")


def unclosed_tags(scale: int) -> tuple[str, str]:
    field = "<a " * (3_000 * scale)
    cards = f"notes:\n  - id: a\n    front: Why?\n    back: '{field}'\n"
    return cards, field


def long_line(scale: int) -> tuple[str, str]:
    tags = ", ".join(f'"bad tag {i}"' for i in range(2_000 * scale))
    return f"notes:\n  - id: a\n    front: Why?\n    back: So.\n    tags: [{tags}]\n", tags


def many_findings(scale: int) -> tuple[str, str]:
    lines = "".join("<kbd x=1>k</kbd>\n      " for _ in range(2_000 * scale))
    return f"notes:\n  - id: a\n    front: Why?\n    back: >\n      {lines}\n", ""


def unclosed_flow(scale: int) -> tuple[str, str]:
    items = ", ".join('"a"' for _ in range(20_000 * scale))
    return f"notes:\n  - id: a\n    front: Why?\n    back: So.\n    tags: [[{items}\n", ""


def short_tags(scale: int) -> tuple[str, str]:
    lines = ["notes:"]
    for note in range(200 * scale):
        tags = ", ".join(f"t{(note * 7 + i) % 997}" for i in range(40))
        lines.append(
            f"  - id: n{note}\n    front: Q{note}?\n    back: A{note}.\n    tags: [{tags}]"
        )
    return "\n".join(lines) + "\n", ""


def file_tags(scale: int) -> tuple[str, str]:
    tags = ", ".join(f"t{i}" for i in range(150))
    notes = "".join(f"  - {{id: n{i}, front: q{i}, back: a{i}}}\n" for i in range(300 * scale))
    return f"tags: [{tags}]\nnotes:\n{notes}", ""


def cloze_deletions(scale: int) -> tuple[str, str]:
    text = " ".join(f"{{{{c{i % 50 + 1}::w{i}}}}}" for i in range(1_000 * scale))
    return f'type: cloze\nnotes:\n  - id: a\n    text: "{text}"\n', text


def huge_cloze_number(scale: int) -> tuple[str, str]:
    notes = (
        f'  - id: n{i}\n    text: "{{{{c1::w{i}}}}} and {{{{c65535::last}}}}"'
        for i in range(200 * scale)
    )
    return "type: cloze\nnotes:\n" + "\n".join(notes) + "\n", "{{c1::a}} {{c10000000::b}}"


def _old_tags(text: str) -> None:
    for _ in _OLD_TAG.finditer(text):
        pass


def _old_gap(text: str) -> None:
    numbers = [int(n) for n in re.findall(r"\{\{c(\d+)::", text)]
    set(range(1, max(numbers) + 1)) - set(numbers)


INPUTS: dict[str, tuple[Callable[[int], tuple[str, str]], Callable[[str], None] | None]] = {
    "unclosed-tags": (unclosed_tags, _old_tags),
    "long-line": (long_line, None),
    "many-findings": (many_findings, None),
    "unclosed-flow": (unclosed_flow, None),
    "short-tags": (short_tags, None),
    "file-tags": (file_tags, None),
    "cloze-deletions": (cloze_deletions, None),
    "huge-cloze-number": (huge_cloze_number, _old_gap),
}


def timed(command: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def naive_time(naive: Callable[[str], None] | None, text: str, repeat: int) -> str:
    if naive is None or not text:
        return ""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        naive(text)
        best = min(best, time.perf_counter() - start)
    return f"{best:8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default=None, choices=sorted(INPUTS))
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    print(f"{'input':<18} {'scale':>6} {'KB':>8} {'lint s':>8} {'growth':>7} {'naive s':>8}")
    for name, (make, naive) in INPUTS.items():
        if args.only and name != args.only:
            continue
        previous = None
        for scale in scales:
            cards, text = make(scale)
            with tempfile.TemporaryDirectory() as folder:
                project = Path(folder)
                (project / "deck.yaml").write_text(DECK, encoding="utf-8")
                (project / "cards.yaml").write_text(cards, encoding="utf-8")
                command = [sys.executable, "-m", "peerdeck", "lint", str(project)]
                seconds = timed(command, args.repeat)
            growth = f"{seconds / previous:6.1f}x" if previous else ""
            previous = seconds
            size = len(cards.encode()) // 1024
            old = naive_time(naive, text, 1) if scale <= 10 else ""
            print(f"{name:<18} {scale:>6} {size:>8} {seconds:>8.2f} {growth:>7} {old:>8}")


if __name__ == "__main__":
    main()
