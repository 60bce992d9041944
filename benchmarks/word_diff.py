"""How `peerdeck diff`'s per-field work grows with a field's length.

Each input grows tenfold per row; peerdeck's time should grow about
tenfold too. Beside it, the naive baseline (difflib with autojunk off, the
previous word diff) on the same inputs, only at the sizes it finishes: its
worst case grows with the cube of the length.

Usage: python benchmarks/word_diff.py [--sizes 200,2000,20000]
"""

from __future__ import annotations

import argparse
import difflib
import random
import time
from collections.abc import Callable
from functools import partial

from peerdeck.diff.word_diff import plain, word_diff


def prose(words: int) -> tuple[str, str]:
    """Words drawn from a vocabulary a tenth of the text's length (so each
    size repeats its words alike), one word in 50 edited."""
    rng = random.Random(words)
    old = [f"w{rng.randrange(max(1, words // 10))}" for _ in range(words)]
    new = [word if index % 50 else "edited" for index, word in enumerate(old)]
    return " ".join(old), " ".join(new)


def repetitive(words: int) -> tuple[str, str]:
    """The slowest case for difflib: "a a a ..." against "a b a b ..."."""
    return " ".join(["a"] * words), " ".join(["a", "b"] * (words // 2))


def anchored_gaps(words: int) -> tuple[str, str]:
    """Repetitive gaps just small enough to be diffed exactly, between
    unique words: the slowest case for peerdeck's word diff."""
    blocks = words // 51
    old = " ".join("a " * 50 + f"u{index}" for index in range(blocks))
    new = " ".join("a b " * 25 + f"u{index}" for index in range(blocks))
    return old, new


def naive(old: str, new: str) -> None:
    a, b = old.split(), new.split()
    difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def seconds(work: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,20000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    print(f"{'input':<16}{'words':>8}{'peerdeck s':>12}{'x prev':>8}{'naive s':>10}")
    for name, make, naive_up_to in INPUTS:
        previous = None
        for size in sizes:
            old, new = make(size)
            took = seconds(partial(word_diff, old, new))
            growth = f"{took / previous:8.1f}" if previous else " " * 8
            baseline = seconds(partial(naive, old, new), 1) if size <= naive_up_to else None
            shown = f"{baseline:10.3f}" if baseline is not None else f"{'-':>10}"
            print(f"{name:<16}{size:>8,}{took:12.3f}{growth}{shown}")
            previous = took
    previous = None
    for size in sizes:
        took = seconds(partial(plain, "<a " * size))
        growth = f"{took / previous:8.1f}" if previous else " " * 8
        print(f"{'unclosed tags':<16}{size:>8,}{took:12.3f}{growth}{'-':>10}")
        previous = took


# Each input, and the largest size the naive baseline is timed at.
INPUTS: tuple[tuple[str, Callable[[int], tuple[str, str]], int], ...] = (
    ("prose", prose, 20_000),
    ("repetitive", repetitive, 400),
    ("anchored gaps", anchored_gaps, 2_000),
)


if __name__ == "__main__":
    main()
