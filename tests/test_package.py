"""Same input, same bytes; and a failed or killed build never costs the last
good package."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from peerdeck import pipeline
from peerdeck.settings import RunSettings

from helpers import write_project

CARDS: dict[str, str | bytes] = {
    "b/second.yaml": """\
        deck: Two
        notes:
          - id: two
            front: "![pic](../media/pic.png) Second?"
            back: Two.
    """,
    "a/first.yaml": """\
        deck: One
        notes:
          - id: one
            type: cloze
            text: "{{c1::First}} and {{c2::second}}."
    """,
    "media/pic.png": b"\x89PNG not really, but bytes",
    "other/pic.png": b"another picture with the same name",
    "c.yaml": """\
        notes:
          - id: three
            front: "![other](other/pic.png)"
            back: Three.
    """,
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(project: Path, out: Path, epoch: int = 1_700_000_000) -> Path:
    built = pipeline.build(RunSettings(project, output=out, timestamp=epoch))
    assert built.loaded.problems == [] and built.package is not None
    return built.package.path


def test_same_sources_give_the_same_bytes_whatever_the_file_times(tmp_path: Path) -> None:
    first = write_project(tmp_path / "one", CARDS)
    # The second copy is written in the opposite order, with other file times.
    second = write_project(tmp_path / "two", dict(reversed(list(CARDS.items()))))
    for index, path in enumerate(sorted(second.rglob("*"))):
        os.utime(path, (1_000_000 + index, 2_000_000 + index * 7))
    a = build(first, tmp_path / "a.apkg")
    time.sleep(1.1)  # a clock-stamped build would differ now
    b = build(second, tmp_path / "b.apkg")
    assert sha256(a) == sha256(b)


def test_the_epoch_stamps_content_the_lock_has_not_seen(tmp_path: Path) -> None:
    first = write_project(tmp_path / "p", CARDS)
    second = write_project(tmp_path / "q", CARDS)
    a = build(first, tmp_path / "a.apkg", 1_700_000_000)
    assert sha256(a) != sha256(build(second, tmp_path / "b.apkg", 1_700_000_001))
    # Rebuilt later, unchanged notes keep the times their lock records.
    assert sha256(build(first, tmp_path / "c.apkg", 1_800_000_000)) == sha256(a)


def test_zip_entries_are_fixed_and_compressed(tmp_path: Path) -> None:
    package = build(write_project(tmp_path / "p", CARDS), tmp_path / "d.apkg")
    with zipfile.ZipFile(package) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["collection.anki2", "media", "0", "1"]
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr >> 16 == 0o100644
            assert info.create_system == 3  # Unix, whatever system built it
        names = sorted(__import__("json").loads(archive.read("media")).values())
        # The collection is deflated in one stream at level 5, so its bytes
        # do not depend on the machine's cores or on the collection's size.
        info = archive.getinfo("collection.anki2")
        collection = archive.read(info)
    start = info.header_offset + 30 + len(info.filename)
    stored = package.read_bytes()[start : start + info.compress_size]
    compressor = zlib.compressobj(5, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert stored == compressor.compress(collection) + compressor.flush()
    # Two pic.png from different folders are stored under different names.
    assert len(names) == 2 and all(n.startswith("pic-") and n.endswith(".png") for n in names)


def test_a_failed_build_keeps_the_last_good_package(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", CARDS)
    good = build(project, tmp_path / "out" / "deck.apkg")
    before = sha256(good)
    (project / "c.yaml").write_text("notes:\n  - id: Bad Id\n    front: x\n    back: y\n")
    built = pipeline.build(RunSettings(project, output=good, timestamp=1_700_000_001))
    assert built.package is None and [p.code for p in built.loaded.problems] == ["PD007"]
    assert sha256(good) == before
    assert sorted(p.name for p in good.parent.iterdir()) == ["deck.apkg"]


SLOW_BUILD = """
import sys, time
from pathlib import Path
from peerdeck import package, cli
from peerdeck.settings import RunSettings

real = package._write_zip
ready, project, target = sys.argv[1:4]

def slow(stream, database, deck):
    real(stream, database, deck)   # the whole package is in the temporary file,
    stream.flush()
    Path(ready).write_text("writing")
    time.sleep(60)                 # but not yet renamed over the target

package._write_zip = slow
sys.argv = ["peerdeck", "build", project, "-o", target]
cli.main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_killed_build_leaves_the_old_package_and_no_temporary_file(
    tmp_path: Path, signum: int
) -> None:
    project = write_project(tmp_path / "p", CARDS)
    out = tmp_path / "out"
    good = build(project, out / "deck.apkg")
    before = sha256(good)
    (project / "c.yaml").write_text((project / "c.yaml").read_text().replace("Three", "Tres"))
    ready = tmp_path / "ready"
    script = tmp_path / "slow_build.py"
    script.write_text(textwrap.dedent(SLOW_BUILD))
    process = subprocess.Popen(
        [sys.executable, str(script), str(ready), str(project), str(good)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never reached the write"
        time.sleep(0.05)
    temporaries = [p.name for p in out.iterdir() if p.name != "deck.apkg"]
    assert len(temporaries) == 1 and temporaries[0].startswith(".deck.apkg.")
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode != 0
    assert b"Traceback" not in err
    assert sha256(good) == before
    assert sorted(p.name for p in out.iterdir()) == ["deck.apkg"]


def test_the_bundled_deck_builds_reproducibly(tmp_path: Path) -> None:
    bundled = Path(__file__).parent.parent / "cards"
    shutil.copytree(bundled, tmp_path / "copy")
    assert sha256(build(bundled, tmp_path / "a.apkg")) == sha256(
        build(tmp_path / "copy", tmp_path / "b.apkg")
    )
