"""Time peerdeck against a naive baseline on generated decks.

Usage: python benchmarks/bench.py [--sizes 1000,10000,50000] [--repeat 3]

For each size it generates a project (mixed note types, tags, subdecks and
some media) in a temporary folder, then runs whole processes and prints the
best wall time and the peak memory of: ``peerdeck check``, ``peerdeck
lint`` (every rule), ``peerdeck build``, and the naive baseline
(``naive_baseline.py``: ``yaml.safe_load`` and genanki's defaults). Memory
is given twice: "peak MB" is the largest process's peak RSS, "all MB" the
peak of all its processes together (PSS, sampled on Linux; a project of
more than 500 KB of card files is read by two processes). It also times ``peerdeck
--version`` and ``peerdeck check`` on the bundled deck, which run in every
pre-commit hook. Figures depend on the machine: compare ratios.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
WORDS = [
    "peer",
    "support",
    "trust",
    "rapport",
    "confidentiality",
    "empathy",
    "listening",
    "boundary",
    "recovery",
    "hope",
    "validation",
    "disclosure",
    "group",
    "safety",
    "story",
    "journey",
    "respect",
    "balance",
    "focus",
    "goal",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def note_yaml(rng: random.Random, index: int, with_image: bool) -> str:
    kind = ("basic", "basic", "cloze", "reversed", "multiple-choice", "type-in")[index % 6]
    lines = [f"  - id: note-{index}", f"    type: {kind}", f"    tags: [gen::t{index % 17}]"]
    if kind == "cloze":
        lines.append(
            f'    text: "{sentence(rng, 5)} {{{{c1::{rng.choice(WORDS)}}}}} and'
            f' {{{{c2::{rng.choice(WORDS)}}}}}."'
        )
    elif kind == "multiple-choice":
        choices = [f"{sentence(rng, 3)} {i}" for i in range(4)]
        lines += [
            f"    question: {sentence(rng, 9)}?",
            f"    choices: {choices}",
            f"    answer: {choices[2]}",
            f"    explanation: {sentence(rng, 8)}.",
        ]
    else:
        front = sentence(rng, 10) + ("? ![img](media/pic.png)" if with_image else " **now**?")
        lines += [f'    front: "{front}"', f"    back: {sentence(rng, 6)}."]
    lines.append("    source: {ref: gen, quote: " + sentence(rng, 8) + "}")
    return "\n".join(lines)


def generate(root: Path, notes: int) -> Path:
    rng = random.Random(notes)
    project = root / f"deck-{notes}"
    (project / "media").mkdir(parents=True)
    (project / "media" / "pic.png").write_bytes(PNG)
    (project / "deck.yaml").write_text(
        "name: Generated\nid: generated\nsources:\n  gen: {title: Generated source}\n"
    )
    per_file = 500
    for start in range(0, notes, per_file):
        body = "\n".join(
            note_yaml(rng, i, with_image=i % 100 == 0)
            for i in range(start, min(start + per_file, notes))
        )
        deck = f"Part {start // 5000}::File {start // per_file}"
        (project / f"part-{start // per_file:04}.yaml").write_text(
            f"deck: {deck}\ntags: [gen]\nnotes:\n{body}\n"
        )
    return project


ENVIRONMENT = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def measure(command: list[str], repeat: int) -> tuple[float, float, float]:
    """Best wall time in seconds and peak RSS in MB of the largest process
    over ``repeat`` runs, then the peak memory of all its processes (a large
    project is read by two) from one more run, sampled."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(command)}")
        # Linux gives the largest of the process and the workers it waited for.
        best, peak = min(best, elapsed), max(peak, usage.ru_maxrss / 1024)
    return best, peak, all_processes_peak(command)


def all_processes_peak(command: list[str]) -> float:
    """The largest sum, sampled every 5 ms, of the proportional set size
    (PSS: shared pages split between the processes sharing them) of the
    command's process and its children, in MB; 0 where /proc cannot tell."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
    peak = 0
    while process.poll() is None:
        pids = [process.pid, *_children(process.pid)]
        peak = max(peak, sum(_pss_kb(pid) for pid in pids))
        time.sleep(0.005)
    return peak / 1024


def _children(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def row(name: str, figures: tuple[float, float, float]) -> str:
    seconds, peak, everything = figures
    return f"{name:<34}{seconds:>9.3f}{peak:>9.0f}{everything:>9.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    peerdeck = [sys.executable, "-m", "peerdeck"]
    naive = [sys.executable, str(HERE / "naive_baseline.py")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, best of {args.repeat}\n")
    print(f"{'what':<34}{'seconds':>9}{'peak MB':>9}{'all MB':>9}")
    for name, command in (
        ("peerdeck --version", [*peerdeck, "--version"]),
        ("peerdeck check (bundled deck)", [*peerdeck, "check", str(ROOT / "cards")]),
    ):
        print(row(name, measure(command, args.repeat)))
    with tempfile.TemporaryDirectory() as work:
        for size in (int(s) for s in args.sizes.split(",")):
            project = generate(Path(work), size)
            out = Path(work) / f"out-{size}.apkg"
            rows = {
                "check": measure([*peerdeck, "check", str(project)], args.repeat),
                "lint": measure([*peerdeck, "lint", str(project), "--format", "json"], args.repeat),
                "build": measure([*peerdeck, "build", str(project), "-o", str(out)], args.repeat),
                "naive baseline": measure([*naive, str(project), str(out)], args.repeat),
            }
            print()
            for name, figures in rows.items():
                print(row(f"{size:,} notes: {name}", figures))
            ratio = rows["build"][0] / rows["naive baseline"][0]
            print(f"{f'{size:,} notes: build / naive':<34}{ratio:>9.2f}")


if __name__ == "__main__":
    main()
