"""Time each lint rule on its own, to see which grows faster than the deck.

Usage: python benchmarks/lint_rules.py [--sizes 10000,50000]

For each size it generates the benchmark deck (``bench.py``), reads it once
as ``peerdeck lint`` does, then runs every rule over it in turn, in this
process (the garbage collector paused, as in ``lint``), and prints each
rule's seconds and findings. The last column divides each rule's growth
from the first size to the last by the growth of the deck: about 1 for a
rule whose time grows as the deck does (the baseline), well above 1 for
one that grows faster. Rules share caches of field text, so a rule's time
includes work the rules before it did not leave cached. Figures depend on
the machine: compare ratios.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import generate  # noqa: E402

from peerdeck import pipeline  # noqa: E402
from peerdeck.lint import LIMITS, RULES  # noqa: E402
from peerdeck.lint.rule import Context  # noqa: E402
from peerdeck.source import gc_paused  # noqa: E402


@gc_paused()  # as in peerdeck lint
def time_rules(project: Path) -> dict[str, tuple[float, int]]:
    """Seconds and findings of each rule on the deck at ``project``."""
    loaded = pipeline.load(project)
    if loaded.deck is None:
        raise SystemExit(f"{project}: the deck does not load")
    context = Context(loaded.deck, loaded.sources, {**LIMITS, **loaded.deck.lint.limits})
    figures = {}
    for rule in RULES:
        start = time.perf_counter()
        found = sum(1 for _ in rule.check(context))
        figures[f"{rule.code} {rule.name}"] = (time.perf_counter() - start, found)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory() as work:
        runs = [time_rules(generate(Path(work), size)) for size in sizes]
    print(f"{'rule':<34}" + "".join(f"{f'{size:,} notes':>20}" for size in sizes) + "  growth")
    for name in runs[0]:
        cells = "".join(f"{f'{run[name][0]:.3f} s, {run[name][1]}':>20}" for run in runs)
        first, last = runs[0][name][0], runs[-1][name][0]
        growth = (last / first) / (sizes[-1] / sizes[0]) if first >= 0.005 else float("nan")
        print(f"{name:<34}{cells}{growth:>8.2f}")
    totals = [sum(seconds for seconds, _ in run.values()) for run in runs]
    growth = (totals[-1] / totals[0]) / (sizes[-1] / sizes[0])
    print(f"{'all rules':<34}" + "".join(f"{f'{t:.3f} s':>20}" for t in totals) + f"{growth:>8.2f}")


if __name__ == "__main__":
    main()
