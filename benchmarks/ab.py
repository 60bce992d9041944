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

Candidates: gc (pausing the collector), rows (note and card rows written
to SQLite directly; B builds a ``genanki.Note`` per note and lets genanki
write them), keys (``interfering-notes`` finding candidates by keys of
up to three rare words; B by single words alone, plain prefix filtering:
time it with ``--command lint``). Speed-ups measured here and removed
are listed in the README's "Performance" section; the version of this
script that switched them off is in the history of the commit that
removed each.
"""

from __future__ import annotations

import argparse
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import ENVIRONMENT, generate  # noqa: E402


def _replace(module: ModuleType, name: str, value: object) -> None:
    """Switch a speed-up off in this process only."""
    setattr(module, name, value)


def _without_gc() -> None:
    import gc

    _replace(gc, "disable", lambda: None)  # pausing becomes a no-op


def _without_rows() -> None:
    import itertools
    import sqlite3

    import genanki

    from peerdeck import package
    from peerdeck.ids import deck_id_for, guid_for_note
    from peerdeck.notetypes import NOTE_TYPES, anki_fields, note_type

    def write_collection(deck: Any, database: Path, timestamp: int, mods: Any, known: Any) -> int:
        """The collection from one ``genanki.Note`` per note, as genanki writes it."""
        models = {
            kind: package._genanki_model(genanki, note_type(kind, deck.versions.get(kind, 1)))
            for kind in NOTE_TYPES
        }
        decks = {
            name: genanki.Deck(
                deck_id_for(name), name, deck.description_html if name == deck.name else ""
            )
            for name in deck.deck_names
        }
        for position, note in enumerate(deck.notes, start=1):
            decks[note.deck].add_note(
                genanki.Note(
                    model=models[note.kind],
                    fields=known.fields.get(note.id) or anki_fields(note),
                    tags=list(note.tags),
                    guid=known.guids.get(note.id) or guid_for_note(deck.id, note.id),
                    due=position,
                )
            )
        connection = sqlite3.connect(database)
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")
        ids = itertools.count(timestamp * 1000)
        genanki.Package(list(decks.values())).write_to_db(connection.cursor(), timestamp, ids)
        cards: int = connection.execute("SELECT count() FROM cards").fetchone()[0]
        connection.commit()
        connection.close()
        return cards

    _replace(package, "_write_collection", write_collection)


def _without_keys() -> None:
    from peerdeck.lint.rules import pd113_interfering_notes

    _replace(pd113_interfering_notes, "keyed", lambda threshold, size: False)


CANDIDATES: dict[str, Callable[[], None]] = {
    "none": lambda: None,
    "gc": _without_gc,
    "rows": _without_rows,
    "keys": _without_keys,
}


def run_without(candidate: str, arguments: list[str]) -> None:
    """Run peerdeck in this process with ``candidate`` switched off."""
    CANDIDATES[candidate]()
    sys.argv = ["peerdeck", *arguments]
    runpy.run_module("peerdeck", run_name="__main__", alter_sys=True)


def timed(command: list[str], lock: Path) -> float:
    lock.unlink(missing_ok=True)  # every build writes its lock, as a first build does
    start = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr.decode(errors='replace')}")
    return elapsed


def compare(candidate: str, command: str, project: Path, pairs: int) -> list[float]:
    """Ratios A/B of ``pairs`` interleaved runs, after one warm-up of each."""
    arguments = [command, str(project)]
    if command == "build":
        arguments += ["-o", str(project.parent / f"{project.name}.apkg")]
    elif command == "lint":
        arguments += ["--format", "json"]  # as bench.py times it
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
    parser.add_argument("--command", default="build", choices=("check", "lint", "build"))
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
