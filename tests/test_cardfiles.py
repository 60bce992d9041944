"""Card files read by a forked worker give exactly what reading them in
order gives: the same notes, problems, messages and media."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from peerdeck import cardfiles, forked, pipeline
from peerdeck.cli import main

from helpers import write_project

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6364f8ff1f0003030200efa37c8d0000000049454e44ae426082"
)


def notes(prefix: str, count: int) -> str:
    return "".join(
        f"  - id: {prefix}-{i}\n    front: Question {prefix} {i}?\n    back: Answer {i}.\n"
        for i in range(count)
    )


FILES: dict[str, str | bytes] = {
    "media/a.png": PNG,
    "media/b.png": PNG + b"\0",
    "a-first.yaml": "notes:\n"
    + notes("one", 50)
    + "  - id: shared\n    front: First\n    back: x\n",
    "b-second.yaml": "notes:\n  - id: img-a\n    front: '![a](media/a.png) A?'\n    back: a\n"
    + notes("two", 30),
    "c-third.yaml": "deck: Later\nnotes:\n"
    + notes("three", 30)
    + "  - id: shared\n    front: Again\n    back: y\n"  # used first in a-first.yaml
    + "  - id: one-3\n    type: nonsense\n    front: unknown type\n"  # claims a used id
    + "  - id: img-b\n    front: '![b](media/b.png) B?'\n    back: b\n"
    + "  - id: img-a2\n    front: '![a](media/a.png) A again?'\n    back: a\n",
    "d-fourth.yaml": "notes:\n"
    + notes("four", 30)
    + "  - id: four-1\n    front: Twice in one file\n    back: z\n"
    + "  - id: bad id!\n    front: x\n    back: y\n",
    "e-broken.yaml": "notes: [\n",
}


def summary(loaded: pipeline.Loaded) -> tuple[Any, ...]:
    deck = loaded.deck
    return (
        loaded.problems,
        {path: source.lines for path, source in loaded.sources.items()},
        deck.notes if deck is not None else None,
        deck.media if deck is not None else None,
    )


def test_a_worker_gives_what_reading_in_order_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "deck", FILES)
    in_order = summary(pipeline.load(root))
    monkeypatch.setattr(cardfiles, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    # The worker reads c-third.yaml on: the duplicates are across the split.
    _, second = cardfiles._split(pipeline.card_files(root))
    assert second[0].name == "c-third.yaml"
    assert summary(pipeline.load(root)) == in_order
    codes = [problem.code for problem in in_order[0]]
    assert codes.count("PD008") == 3  # across the split, and within one file


def test_a_valid_project_builds_the_same_bytes_with_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = {f"part-{n}.yaml": "notes:\n" + notes(f"p{n}", 40) for n in range(6)}
    parts["part-3.yaml"] += "  - id: img\n    front: '![b](media/b.png) B?'\n    back: b\n"
    parts["part-0.yaml"] += "  - id: img0\n    front: '![a](media/a.png) A?'\n    back: a\n"
    media = {k: v for k, v in FILES.items() if k.startswith("media/")}
    root = write_project(tmp_path / "deck", {**media, **parts})
    in_order = pipeline.load(root)
    assert in_order.deck is not None and len(in_order.deck.media) == 2
    first = pipeline.build(root, tmp_path / "one.apkg", timestamp=1_700_000_000)
    assert first.package is not None
    (root / "peerdeck.lock").unlink()
    monkeypatch.setattr(cardfiles, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    assert summary(pipeline.load(root)) == summary(in_order)
    second = pipeline.build(root, tmp_path / "two.apkg", timestamp=1_700_000_000)
    assert second.package is not None
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()


def test_a_failed_worker_is_replaced_by_reading_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "deck", FILES)
    in_order = summary(pipeline.load(root))

    parent, read = os.getpid(), cardfiles._read

    def failing_in_the_worker(*args: Any) -> cardfiles.Part:
        if os.getpid() != parent:
            raise RuntimeError("the worker fails")
        return read(*args)

    monkeypatch.setattr(cardfiles, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    monkeypatch.setattr(cardfiles, "_read", failing_in_the_worker)
    assert summary(pipeline.load(root)) == in_order


def test_the_command_line_reports_duplicates_across_the_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "deck", FILES)
    monkeypatch.setattr(cardfiles, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1, result.output
    first = (root / "a-first.yaml").as_posix()
    assert (
        f"c-third.yaml:93:9: PD008 duplicate note id 'shared': also used at {first}:152:9;"
        in result.output
    )
    assert "Found 6 errors in 3 files." in result.output


def test_reading_beside_other_threads_gives_what_reading_in_order_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "deck", FILES)
    in_order = summary(pipeline.load(root))
    monkeypatch.setattr(cardfiles, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert summary(pipeline.load(root)) == in_order
    finally:
        release.set()
        other.join()


def test_an_interrupted_read_leaves_no_worker_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "deck", FILES)
    parent, read = os.getpid(), cardfiles._read
    workers: list[int] = []
    start = forked.Worker.start

    def recording_start(work: Any) -> forked.Worker[Any] | None:
        worker = start(work)
        assert worker is not None
        workers.append(worker.pid)
        return worker

    def interrupted_here(*args: Any) -> cardfiles.Part:
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return read(*args)

    monkeypatch.setattr(cardfiles, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(forked, "cores", lambda: 2)
    monkeypatch.setattr(forked.Worker, "start", recording_start)
    monkeypatch.setattr(cardfiles, "_read", interrupted_here)
    with pytest.raises(KeyboardInterrupt):
        pipeline.load(root)
    assert len(workers) == 1
    with pytest.raises(ChildProcessError):  # already reaped
        os.waitpid(workers[0], os.WNOHANG)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity")
def test_no_worker_is_forked_when_the_process_may_use_one_core() -> None:
    script = (
        "import os; from peerdeck.forked import can_fork;"
        " before = can_fork(); os.sched_setaffinity(0, {min(os.sched_getaffinity(0))});"
        " print(before, can_fork())"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert shown.stdout.split() == [str(forked.cores() > 1), "False"]
