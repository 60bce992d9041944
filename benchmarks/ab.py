"""Does a speed-up pay? Time whole commands with it (A) and without it (B).

Usage: python benchmarks/ab.py CANDIDATE [--command build] [--sizes 10000,50000] [--pairs 5]

For each size it generates the benchmark deck (``bench.py``), then runs
``peerdeck COMMAND`` as whole processes, interleaved A B A B ..., so that a
machine whose speed drifts slows both alike, and prints each pair's ratio
A/B and their median: 0.80 means the speed-up saves 20% of the command.
B is the same code with the candidate switched off inside this script's
own child process (``--without``), never through the package: the package
has no switch for it. ``none`` switches nothing off (an A/A check of the
noise).

Candidates: gc (pausing the collector), plain (the ``is_plain`` shortcut
of Markdown rendering; B renders every field with markdown-it), zip
(the package's zip writer; B writes with zipfile at ``compresslevel=5``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import IO, Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import ENVIRONMENT, generate  # noqa: E402


def _replace(module: ModuleType, name: str, value: object) -> None:
    """Switch a speed-up off in this process only."""
    setattr(module, name, value)


def _without_gc() -> None:
    import gc

    _replace(gc, "disable", lambda: None)  # pausing becomes a no-op


def _without_plain() -> None:
    from peerdeck import render

    _replace(render, "is_plain", lambda text: False)


def _without_zip() -> None:
    from peerdeck import package

    def write_zip(stream: IO[bytes], entries: Sequence[tuple[str, bytes | Path]]) -> None:
        with zipfile.ZipFile(stream, "w") as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                content = data if isinstance(data, bytes) else data.read_bytes()
                archive.writestr(info, content, compresslevel=5)

    _replace(package, "write_zip", write_zip)


def _without_forked() -> None:
    from peerdeck import cardfiles

    _replace(cardfiles, "can_fork", lambda: False)


def _without_strong() -> None:
    import re

    from peerdeck import render

    _replace(render, "_STRONG", re.compile(r"(?!)"))


def _without_json() -> None:
    import json

    from peerdeck import lock, lockfile
    from peerdeck.notetypes import anki_fields

    def note_hash(note: Any, type_id: int, fields: list[str] | None = None) -> str:
        shipped = anki_fields(note) if fields is None else fields
        value = [type_id, note.deck, list(note.tags), shipped]
        compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(compact.encode()).hexdigest()[:20]

    def note_line(note_id: str, note: Any) -> str:
        entry = {"deck": note.deck, "guid": note.guid, "hash": note.hash, "mod": note.mod}
        entry["type"] = note.type.value
        if note.clozes:
            entry["clozes"] = list(note.clozes)
        line = json.dumps({note_id: entry}, sort_keys=True, ensure_ascii=False)
        return "    " + line[1:-1]

    _replace(lock, "note_hash", note_hash)
    _replace(lockfile, "_note_line", note_line)


CANDIDATES: dict[str, Callable[[], None]] = {
    "none": lambda: None,
    "gc": _without_gc,
    "plain": _without_plain,
    "zip": _without_zip,
    "forked": _without_forked,
    "strong": _without_strong,
    "json": _without_json,
}


def run_without(candidate: str, arguments: list[str]) -> None:
    """Run peerdeck in this process with ``candidate`` switched off."""
    CANDIDATES[candidate]()
    sys.argv = ["peerdeck", *arguments]
    runpy.run_module("peerdeck", run_name="__main__", alter_sys=True)


def timed(command: list[str], lock: Path) -> float:
    lock.unlink(missing_ok=True)  # every build writes its lock, as a first build does
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=ENVIRONMENT, check=True)
    return time.perf_counter() - start


def compare(candidate: str, command: str, project: Path, pairs: int) -> list[float]:
    """Ratios A/B of ``pairs`` interleaved runs, after one warm-up of each."""
    arguments = [command, str(project)]
    if command == "build":
        arguments += ["-o", str(project.parent / f"{project.name}.apkg")]
    me = [sys.executable, str(Path(__file__).resolve()), "--without"]
    a, b = [*me, "none", "--", *arguments], [*me, candidate, "--", *arguments]
    lock = project / "peerdeck.lock"
    timed(a, lock), timed(b, lock)
    ratios = []
    for pair in range(pairs):
        seconds_a, seconds_b = timed(a, lock), timed(b, lock)
        ratios.append(seconds_a / seconds_b)
        print(f"  pair {pair + 1}: A {seconds_a:.3f} s, B {seconds_b:.3f} s, A/B {ratios[-1]:.3f}")
    return ratios


def main() -> None:
    if len(sys.argv) > 3 and sys.argv[1] == "--without" and sys.argv[3] == "--":
        run_without(sys.argv[2], sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("candidate", choices=sorted(CANDIDATES))
    parser.add_argument("--command", default="build", choices=("check", "build"))
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{args.candidate}: peerdeck {args.command}, A with it, B without, {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as work:
        for size in (int(s) for s in args.sizes.split(",")):
            project = generate(Path(work), size)
            print(f"{size:,} notes:")
            ratios = compare(args.candidate, args.command, project, args.pairs)
            median = statistics.median(ratios)
            verdict = "pays" if median <= 0.9 else "does not pay"
            print(f"  median A/B {median:.3f} over {len(ratios)} pairs: {verdict} (10% rule)")


if __name__ == "__main__":
    main()
