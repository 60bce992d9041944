"""Time ``peerdeck import`` on a large package made by Anki itself.

Usage: python benchmarks/import.py [--notes 50000] [--repeat 3]

Anki (the official ``anki`` package) makes a collection of NOTES notes:
four note types (Basic, Basic (and reversed card), Cloze and one of the
author's own with four fields and two templates), twelve subdecks,
hierarchical tags, HTML and some images, words drawn from a broad
vocabulary; it exports the deck in its current format and in the legacy
one. Each package is then imported by a whole ``peerdeck import`` process,
timed, with its peak memory (the process's peak RSS), beside a naive
baseline: reading the same package with Anki's own importer into an empty
collection. Best of REPEAT runs. Figures depend on the machine.
"""

from __future__ import annotations

import argparse
import base64
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
WORDS = str.split(
    "peer supporter listener group member volunteer worker person friend family story"
    " journey recovery boundary meeting session question answer silence feeling memory"
    " choice plan goal strength habit crisis moment trust respect safety privacy record"
    " notices names shares asks hears offers keeps protects builds changes explains"
    " calm quiet honest small shared early late careful open private clear difficult"
    " gently often rarely slowly carefully openly quietly firmly usually sometimes again"
)
DECKS = [f"Big::Part {p}::Topic {t}" for p in range(1, 5) for t in range(1, 4)]


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.2:
        chosen[1] = f"<b>{chosen[1]}</b>"
    return " ".join(chosen).capitalize() + "."


def make_collection(folder: Path, notes: int) -> Any:
    from anki.collection import AddNoteRequest, Collection

    col: Any = Collection(str(folder / "collection.anki2"))
    models = col.models
    own = models.new("Big vocabulary")
    for name in ("Word", "Meaning", "Example", "Picture"):
        models.add_field(own, models.new_field(name))
    for name, front, back in (
        ("Forward", "{{Word}}", "{{Meaning}}"),
        ("Back", "{{Meaning}}", "{{Word}}"),
    ):
        template = models.new_template(name)
        template["qfmt"], template["afmt"] = front, "{{FrontSide}}<hr id=answer>" + back
        models.add_template(own, template)
    models.add(own)
    types = [
        models.by_name(n) for n in ("Basic", "Basic (and reversed card)", "Cloze", "Big vocabulary")
    ]
    for index in range(20):
        col.media.write_data(f"picture-{index}.png", PNG)
    decks = [col.decks.id(name) for name in DECKS]
    rng = random.Random(50_000)
    requests = []
    for number in range(notes):
        note_type = types[number % len(types)]
        note = col.new_note(note_type)
        if note_type["type"] == 1:
            note.fields[0] = (
                f"{sentence(rng, 6)} {{{{c1::{rng.choice(WORDS)}}}}} {sentence(rng, 4)}"
            )
        else:
            for index in range(len(note.fields)):
                note.fields[index] = sentence(rng, rng.randint(3, 14))
            if note_type["name"] == "Big vocabulary" and (number // 4) % 5 == 0:
                note.fields[3] = f'<img src="picture-{(number // 20) % 20}.png">'
        note.tags = [f"big::part{number % 4}::t{number % 7}", rng.choice(WORDS)]
        requests.append(AddNoteRequest(note=note, deck_id=decks[number % len(decks)]))
    col.add_notes(requests)
    return col


def export(col: Any, path: Path, legacy: bool) -> Path:
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
    )
    col.export_anki_package(
        out_path=str(path), options=options, limit=DeckIdLimit(col.decks.id("Big"))
    )
    return path


# Runs a command and prints its peak RSS: the only child of its own
# process, so the figure is that command's alone.
MEASURE = """
import resource, subprocess, sys
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(status)
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS in MB of one process running ``command``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True
    )
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


ANKI_IMPORT = """
import sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[2])
options = ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False)
col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[1], options=options))
col.close()
"""


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(seconds for seconds, _ in runs), max(peak for _, peak in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peerdeck-bench-import-") as work:
        folder = Path(work)
        start = time.perf_counter()
        col = make_collection(folder, options.notes)
        packages = {
            "current": export(col, folder / "current.apkg", legacy=False),
            "legacy": export(col, folder / "legacy.apkg", legacy=True),
        }
        col.close()
        print(f"made {options.notes:,} notes with Anki in {time.perf_counter() - start:.1f} s")
        print("| package | peerdeck import s | peak MB | Anki's own import s | peak MB |")
        print("| --- | --- | --- | --- | --- |")
        for kind, package in packages.items():
            ours, theirs = [], []
            for run in range(options.repeat):
                target = folder / f"{kind}-{run}"
                ours.append(
                    timed([sys.executable, "-m", "peerdeck", "import", str(package), str(target)])
                )
                collection = folder / f"{kind}-{run}.anki2"
                theirs.append(
                    timed([sys.executable, "-c", ANKI_IMPORT, str(package), str(collection)])
                )
            (ours_s, ours_mb), (theirs_s, theirs_mb) = best(ours), best(theirs)
            print(f"| {kind} | {ours_s:.2f} | {ours_mb:.0f} | {theirs_s:.2f} | {theirs_mb:.0f} |")


if __name__ == "__main__":
    main()
