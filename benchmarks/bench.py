"""Time peerdeck against a naive baseline on generated decks.

Usage: python benchmarks/bench.py [--sizes 1000,10000,50000] [--repeat 3]

For each size it generates a project in a temporary folder: mixed note
types, tags, subdecks and some media, its text written like real cards
(sentences of varied length from a broad vocabulary, some Markdown, inline
HTML, cloze deletions and math, few repeated patterns), the same for the
same size. It then runs whole processes and prints the best wall time and
the peak memory of: ``peerdeck check``, ``peerdeck lint`` (every rule),
``peerdeck build``, and the naive baseline (``naive_baseline.py``:
``yaml.safe_load`` and genanki's defaults). Memory is given twice: "peak
MB" is the largest process's peak RSS, "all MB" the peak of all its
processes together (PSS, sampled on Linux). It also times ``peerdeck
--version`` and ``peerdeck check`` on the bundled deck, which run in every
pre-commit hook. Figures depend on the machine: compare ratios.
"""

from __future__ import annotations

import argparse
import base64
import json
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
# A vocabulary large enough that few sentences repeat: the generated cards
# should cost what real cards cost, so no speed-up can be tuned to them.
NOUNS = str.split(
    "peer supporter listener group member volunteer worker person friend family story"
    " journey recovery boundary meeting session question answer silence feeling memory"
    " choice plan goal strength habit crisis moment trust respect safety privacy record"
    " conversation letter phone call room community service referral hospital clinic"
    " coordinator rule agreement role skill experience difference pattern sign signal week"
    " morning evening promise limit need value voice decision risk evidence survey study"
)
VERBS = str.split(
    "notices names shares asks hears offers keeps protects builds changes explains"
    " remembers respects invites supports listens accepts describes repeats checks"
    " plans writes returns opens closes follows chooses reads questions welcomes"
)
ADJECTIVES = str.split(
    "calm quiet honest small shared early late careful open private clear difficult"
    " gentle steady personal local common rare useful brief patient hopeful formal"
    " informal written spoken weekly first last other whole"
)
ADVERBS = str.split(
    "gently often rarely slowly carefully openly quietly firmly usually sometimes again"
)
PLACES = str.split("at before after during without within beside through")
JOINS = (", and", ", but", " because", " while", " so", " when", " although", "; then")
STARTS = ("Why does", "How does", "When does", "What happens if", "Whom does", "Where does")
TOPICS = str.split("listening boundaries safety recovery ethics groups crisis records roles")


def phrase(rng: random.Random) -> str:
    words = [rng.choice(("the", "a", "each", "every", "their", "one"))]
    if rng.random() < 0.5:
        words.append(rng.choice(ADJECTIVES))
    words.append(rng.choice(NOUNS))
    return " ".join(words)


def clause(rng: random.Random) -> str:
    words = [phrase(rng), rng.choice(VERBS), phrase(rng)]
    if rng.random() < 0.3:
        words.insert(1, rng.choice(ADVERBS))
    if rng.random() < 0.4:
        words += [rng.choice(PLACES), phrase(rng)]
    return " ".join(words)


def sentence(rng: random.Random, clauses: int = 0) -> str:
    """A sentence of one to three clauses, ending with a full stop."""
    parts = [clause(rng) for _ in range(clauses or rng.choice((1, 1, 1, 2, 2, 3)))]
    text = parts[0]
    for part in parts[1:]:
        text += f"{rng.choice(JOINS)} {part}"
    return text[0].upper() + text[1:] + "."


def question(rng: random.Random) -> str:
    verb = rng.choice(VERBS).removesuffix("s")
    text = f"{rng.choice(STARTS)} {phrase(rng)} {verb} {phrase(rng)}"
    if rng.random() < 0.4:
        text += f" {rng.choice(PLACES)} {phrase(rng)}"
    return text + "?"


def decorate(rng: random.Random, text: str) -> str:
    """Now and then, what authors add to plain text: emphasis, code, a list,
    inline HTML, math, a link or a second paragraph."""
    words = text.split(" ")
    at = rng.randrange(len(words))
    roll = rng.random()
    if roll < 0.55:
        return text
    if roll < 0.65:
        mark = rng.choice(("*", "**", "_"))
        words[at] = (
            f"{mark}{words[at].strip('.,?;')}{mark}" + words[at][len(words[at].rstrip(".,?;")) :]
        )
    elif roll < 0.69:
        words.insert(at, f"`{rng.choice(NOUNS)}_{rng.choice(NOUNS)}()`")
    elif roll < 0.74:
        items = "\n".join(f"- {clause(rng)}" for _ in range(rng.randint(2, 4)))
        return f"{text}\n\n{items}"
    elif roll < 0.84:
        tag = rng.choice(("b", "i", "u", "sub", "sup", "em"))
        words[at] = f"<{tag}>{words[at]}</{tag}>"
        if rng.random() < 0.3:
            words.insert(at, "<br>")
    elif roll < 0.90:
        words.insert(at, rng.choice(MATH))
    elif roll < 0.94:
        words[at] = f"[{words[at]}](https://example.org/{rng.choice(TOPICS)})"
    else:
        return f"{text}\n\n{sentence(rng)}"
    return " ".join(words)


MATH = (r"\(x^2\)", r"\(\frac{a}{b}\)", r"\(n = 12\)", r"\[\sum_i w_i\]", r"\(p < 0.05\)")


def scalar(text: str, indent: str) -> str:
    """``text`` as a YAML value the way a person would write it: plain when
    it can be, a block for several lines, quoted otherwise."""
    if "\n" in text:
        return "|-\n" + "\n".join(f"{indent}  {line}" if line else "" for line in text.split("\n"))
    plain = text[0].isalpha() and not any(c in text for c in ":#[]{}`*&!|>'\"%@,\\")
    return text if plain else json.dumps(text, ensure_ascii=False)


def cloze_text(rng: random.Random) -> str:
    words = sentence(rng, rng.choice((1, 2, 2, 3))).split(" ")
    spots = sorted(rng.sample(range(1, len(words) - 1), min(rng.randint(1, 3), len(words) - 2)))
    for number, at in enumerate(spots, 1):
        hint = f"::{rng.choice(NOUNS)}" if rng.random() < 0.2 else ""
        words[at] = f"{{{{c{number}::{words[at]}{hint}}}}}"
    return decorate(rng, " ".join(words))


def note_yaml(rng: random.Random, index: int, with_image: bool) -> str:
    kind = rng.choice(
        ("basic", "basic", "basic", "cloze", "cloze", "reversed", "multiple-choice", "type-in")
    )
    tags = rng.sample(TOPICS, rng.randint(0, 2))
    lines = [f"  - id: {rng.choice(TOPICS)}-{index}", f"    type: {kind}"]
    if tags:
        lines.append(f"    tags: [{', '.join(tags)}]")
    if kind == "cloze":
        lines.append(f"    text: {scalar(cloze_text(rng), '    ')}")
    elif kind == "multiple-choice":
        choices = list(dict.fromkeys(clause(rng).capitalize() for _ in range(rng.randint(3, 5))))
        lines += [f"    question: {scalar(question(rng), '    ')}", "    choices:"]
        lines += [f"      - {scalar(choice, '      ')}" for choice in choices]
        lines += [
            f"    answer: {scalar(rng.choice(choices), '    ')}",
            f"    explanation: {scalar(decorate(rng, sentence(rng)), '    ')}",
        ]
    elif kind == "type-in":
        lines += [f"    front: {scalar(question(rng), '    ')}", f"    back: {rng.choice(NOUNS)}"]
    else:
        front = decorate(rng, question(rng))
        if with_image:
            front += " ![diagram](media/pic.png)"
        back = decorate(rng, sentence(rng))
        lines += [f"    front: {scalar(front, '    ')}", f"    back: {scalar(back, '    ')}"]
    if rng.random() < 0.6:
        lines.append(f"    source: {{ref: gen, quote: {scalar(sentence(rng, 1), '')}}}")
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
