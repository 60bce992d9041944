"""Hostile writes: outputs that are the project's own files, a release whose
package and lock cannot both be written, signals and SIGKILL at every step,
and what each leaves behind. Builds run as real processes receiving real
signals; failures are injected into a real build where the disk would fail."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from peerdeck import outputs
from peerdeck.errors import WriteFailed

from helpers import write_project

CARD = """\
    notes:
      - id: one
        front: "![pic](media/pic.png) One?"
        back: One.
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """The system temporary folder the processes of a test see."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def run(args: list[str], cwd: Path, scratch: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TMPDIR": str(scratch), "SOURCE_DATE_EPOCH": "1700000000", **env},
    )


@pytest.fixture
def released(tmp_path: Path, scratch: Path) -> Path:
    """A project built once into out/r.apkg, then edited: the next build
    writes a new package and a new lock."""
    project = write_project(
        tmp_path / "p",
        {"cards.yaml": CARD, "media/pic.png": b"\x89PNG picture"},
        deck="name: R\nid: r\n",
    )
    result = run(["-m", "peerdeck", "build", "p", "-o", "out/"], tmp_path, scratch)
    assert result.returncode == 0, result.stderr
    cards = project / "cards.yaml"
    cards.write_text(cards.read_text().replace("One.", "Uno."))
    return project


def leftovers(*folders: Path) -> list[str]:
    return sorted(
        path.name for folder in folders for path in folder.iterdir() if "peerdeck-" in path.name
    )


# --- -o ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "output", ["p/cards.yaml", "p/deck.yaml", "p/peerdeck.lock", "p/media/pic.png"]
)
def test_an_output_that_is_a_file_of_the_project_is_refused(
    released: Path, scratch: Path, output: str
) -> None:
    root = released.parent
    before = {path: path.read_bytes() for path in released.rglob("*") if path.is_file()}
    result = run(["-m", "peerdeck", "build", "p", "-o", output], root, scratch)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{output}:1:1: PD051 the output is a file of the project, which it would destroy"
        in result.stdout
    )
    assert {path: path.read_bytes() for path in released.rglob("*") if path.is_file()} == before


def test_an_output_reaching_a_project_file_through_a_link_is_refused(
    released: Path, scratch: Path
) -> None:
    (released.parent / "alias").symlink_to("p")
    before = (released / "deck.yaml").read_bytes()
    result = run(
        ["-m", "peerdeck", "build", "p", "-o", "alias/deck.yaml"], released.parent, scratch
    )
    assert result.returncode == 1
    assert "alias/deck.yaml:1:1: PD051 the output is a file of the project" in result.stdout
    assert (released / "deck.yaml").read_bytes() == before


def test_a_new_card_file_name_in_the_project_is_refused(released: Path, scratch: Path) -> None:
    result = run(["-m", "peerdeck", "build", "p", "-o", "p/new.yaml"], released.parent, scratch)
    assert result.returncode == 1
    assert "PD051 the output would be a card file or the lock of the project" in result.stdout
    assert not (released / "new.yaml").exists()


def test_an_output_hard_linked_to_a_project_file_is_refused(released: Path, scratch: Path) -> None:
    lock = released / "peerdeck.lock"
    before = lock.read_bytes()
    os.link(lock, released.parent / "other-name.apkg")
    result = run(
        ["-m", "peerdeck", "build", "p", "-o", "other-name.apkg"], released.parent, scratch
    )
    assert result.returncode == 1
    # The lock's second name is found when it is read, before any output.
    assert "p/peerdeck.lock:1:1: PD019 the lock file has 2 hard links" in result.stdout
    assert lock.read_bytes() == before


def test_an_output_that_is_a_fifo_is_refused(released: Path, scratch: Path) -> None:
    os.mkfifo(released.parent / "pipe")
    result = run(["-m", "peerdeck", "build", "p", "-o", "pipe"], released.parent, scratch)
    assert result.returncode == 1
    assert "PD051 the output exists and is not a regular file" in result.stdout


def test_loops_of_links_as_an_output_or_a_diff_input_are_reported(
    released: Path, scratch: Path
) -> None:
    (released.parent / "loop").symlink_to("loop")
    build = run(["-m", "peerdeck", "build", "p", "-o", "loop"], released.parent, scratch)
    assert build.returncode == 1
    assert "loop:1:1: PD051 the output cannot be used: " in build.stdout
    diff = run(["-m", "peerdeck", "diff", "loop", "p"], released.parent, scratch)
    assert diff.returncode == 1
    assert "loop:1:1: PD025 cannot be read: Too many levels of symbolic links" in diff.stdout
    assert "Traceback" not in build.stderr + diff.stderr


@pytest.mark.parametrize("output", ["new-folder/", "out"])
def test_an_output_folder_gets_the_deck_id_package(
    released: Path, scratch: Path, output: str
) -> None:
    result = run(["-m", "peerdeck", "build", "p", "-o", output], released.parent, scratch)
    assert result.returncode == 0, result.stderr
    assert (released.parent / output / "r.apkg").is_file()


# --- the package and the lock as a pair ---------------------------------------

FAILING_BUILD = """
import errno, os, sys
from pathlib import Path
from peerdeck import cli, outputs

how = sys.argv[1]
real_temporary, real_replace = outputs._temporary, Path.replace

def temporary(destination, written):
    if how == "lock-full" and destination.name == "peerdeck.lock":
        raise outputs.WriteFailed(destination, os.strerror(errno.ENOSPC))
    return real_temporary(destination, written)

def replace(self, target):
    if Path(target).name == "peerdeck.lock":
        if how == "lock-rename":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        if how == "term-between":
            os.kill(os.getpid(), signal.SIGTERM)
        if how == "kill-between":
            os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(self, target)

import signal
outputs._temporary = temporary
Path.replace = replace
sys.argv = ["peerdeck", "build", "p", "-o", "out/"]
cli.main()
"""


def _failing_build(released: Path, scratch: Path, how: str) -> subprocess.CompletedProcess[str]:
    script = released.parent / "failing_build.py"
    script.write_text(textwrap.dedent(FAILING_BUILD))
    return run([str(script), how], released.parent, scratch)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("lock-full", "p/peerdeck.lock:1:1: PD018 cannot write the lock: No space left on device"),
        ("lock-rename", "p/peerdeck.lock:1:1: PD018 cannot write the lock: Input/output error"),
    ],
)
def test_when_the_lock_cannot_be_written_the_package_is_not_either(
    released: Path, scratch: Path, how: str, message: str
) -> None:
    package, lock = released.parent / "out" / "r.apkg", released / "peerdeck.lock"
    before = sha256(package), sha256(lock)
    result = _failing_build(released, scratch, how)
    assert result.returncode == 1
    assert message in result.stdout
    assert "the package was left as it was too" in result.stdout
    assert (sha256(package), sha256(lock)) == before
    assert leftovers(package.parent, released, scratch) == []


def test_sigterm_between_the_two_renames_waits_for_the_pair(released: Path, scratch: Path) -> None:
    package, lock = released.parent / "out" / "r.apkg", released / "peerdeck.lock"
    before = sha256(package), sha256(lock)
    result = _failing_build(released, scratch, "term-between")
    assert result.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in result.stderr
    # Both were replaced: the signal was held until the pair was complete.
    assert sha256(package) != before[0] and sha256(lock) != before[1]
    assert leftovers(package.parent, released, scratch) == []


def test_sigkill_between_the_two_renames_is_undone_by_the_next_build(
    released: Path, scratch: Path
) -> None:
    package, lock = released.parent / "out" / "r.apkg", released / "peerdeck.lock"
    before = package.read_bytes(), lock.read_bytes()
    result = _failing_build(released, scratch, "kill-between")
    assert result.returncode == -signal.SIGKILL
    # Killed outright: the new package is in place, the lock is not.
    assert package.read_bytes() != before[0] and lock.read_bytes() == before[1]
    assert leftovers(package.parent, released) != []
    # The next build in these folders puts the old package back first; a
    # --locked build then stops, as the lock does not record the edit.
    locked = run(
        ["-m", "peerdeck", "build", "p", "-o", "out/", "--locked"], released.parent, scratch
    )
    assert locked.returncode == 1 and "PD020" in locked.stdout
    assert (package.read_bytes(), lock.read_bytes()) == before
    assert leftovers(package.parent, released) == []


# --- signals and leftovers ------------------------------------------------------

SLOW_BUILD = """
import sys, time
from pathlib import Path
from peerdeck import package, cli

real = package._write_zip
ready = sys.argv[1]

def slow(stream, database, deck):
    real(stream, database, deck)
    stream.flush()
    Path(ready).write_text("writing")
    time.sleep(60)

package._write_zip = slow
sys.argv = ["peerdeck", "build", "p", "-o", "out/"]
cli.main()
"""


def _start_slow_build(released: Path, scratch: Path) -> tuple[subprocess.Popen[bytes], Path]:
    return _start_slow(released, scratch, SLOW_BUILD)


def _start_slow(
    released: Path, scratch: Path, program: str
) -> tuple[subprocess.Popen[bytes], Path]:
    """Run ``program`` beside the project; return once it says it is under way."""
    ready = released.parent / "ready"
    script = released.parent / "slow.py"
    script.write_text(textwrap.dedent(program))
    process = subprocess.Popen(
        [sys.executable, str(script), str(ready)],
        cwd=released.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the program never got under way"
        time.sleep(0.05)
    return process, ready


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_write_leaves_nothing_behind(
    released: Path, scratch: Path, signum: int
) -> None:
    package = released.parent / "out" / "r.apkg"
    before = sha256(package)
    process, _ = _start_slow_build(released, scratch)
    assert leftovers(package.parent) != [] and leftovers(scratch) != []
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode != 0
    assert b"Traceback" not in err
    assert sha256(package) == before
    assert leftovers(package.parent, released, scratch) == []


def test_what_sigkill_leaves_the_next_build_removes(released: Path, scratch: Path) -> None:
    package = released.parent / "out" / "r.apkg"
    process, ready = _start_slow_build(released, scratch)
    process.kill()
    process.communicate(timeout=30)
    assert leftovers(package.parent) != [] and leftovers(scratch) != []
    ready.unlink()
    result = run(["-m", "peerdeck", "build", "p", "-o", "out/"], released.parent, scratch)
    assert result.returncode == 0, result.stderr
    assert leftovers(package.parent, released, scratch) == []


def test_leftovers_of_a_running_process_or_another_host_are_kept(tmp_path: Path) -> None:
    mine = tmp_path / f".r.apkg.peerdeck-{outputs._HOST}-{os.getpid()}-ab12.tmp"
    other_host = tmp_path / f".r.apkg.peerdeck-{outputs._HOST}x-999999999-ab12.tmp"
    unrelated = tmp_path / ".r.apkg.tmp"
    for path in (mine, other_host, unrelated):
        path.write_bytes(b"x")
    outputs.remove_leftovers(tmp_path)
    assert mine.exists() and other_host.exists() and unrelated.exists()


SLOW_DIFF = """
import sys, time
from pathlib import Path
from peerdeck import cli
from peerdeck.anki_package import reader

real = reader._check
ready = sys.argv[1]

def slow(package):
    Path(ready).write_text("reading")
    time.sleep(60)
    return real(package)

reader._check = slow
sys.argv = ["peerdeck", "diff", "p", "out/r.apkg"]
cli.main()
"""


def test_diff_interrupted_by_sigterm_leaves_nothing_behind(released: Path, scratch: Path) -> None:
    process, _ = _start_slow(released, scratch, SLOW_DIFF)
    assert leftovers(scratch) != []
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in err
    assert leftovers(scratch) == []


# --- a folder created whole ---------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # its id now names no process
    return process.pid


def test_a_created_folder_appears_whole(tmp_path: Path) -> None:
    target = tmp_path / "project"
    with outputs.created_folder(target) as folder:
        (folder / "deck.yaml").write_text("name: D\n")
        assert not target.exists()
    assert (target / "deck.yaml").read_text() == "name: D\n"
    assert [p.name for p in tmp_path.iterdir()] == ["project"]


def test_a_folder_whose_block_fails_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "project"
    with pytest.raises(KeyboardInterrupt), outputs.created_folder(target) as folder:
        (folder / "deck.yaml").write_text("name: D\n")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("existing", ["a file", "a folder with a file", "a link to a folder"])
def test_a_created_folder_never_replaces_what_holds_anything(existing: str, tmp_path: Path) -> None:
    target = tmp_path / "project"
    if existing == "a file":
        target.write_text("mine")
    elif existing == "a folder with a file":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    else:
        (tmp_path / "elsewhere").mkdir()
        target.symlink_to("elsewhere")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(WriteFailed) as failed, outputs.created_folder(target) as folder:
        (folder / "deck.yaml").write_text("name: D\n")
    assert failed.value.path == target
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if existing == "a file":
        assert target.read_text() == "mine"
    elif existing == "a folder with a file":
        assert [p.name for p in target.iterdir()] == ["notes.txt"]
    else:
        assert target.is_symlink() and list((tmp_path / "elsewhere").iterdir()) == []


def test_a_created_folder_replaces_an_empty_one(tmp_path: Path) -> None:
    target = tmp_path / "project"
    target.mkdir()
    with outputs.created_folder(target) as folder:
        (folder / "deck.yaml").write_text("name: D\n")
    assert [p.name for p in target.iterdir()] == ["deck.yaml"]
    assert [p.name for p in tmp_path.iterdir()] == ["project"]


def test_a_created_folder_removes_what_a_dead_process_left(tmp_path: Path) -> None:
    target = tmp_path / "project"
    dead = outputs._folder_temporary(target, "new", "ab12", pid=_dead_pid())
    other = outputs._folder_temporary(tmp_path / "site", "new", "cd34", pid=_dead_pid())
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as live:
        try:
            alive = outputs._folder_temporary(target, "new", "ef56", pid=live.pid)
            for folder in (dead, other, alive):
                (folder / "media").mkdir(parents=True)
            with outputs.created_folder(target):
                assert not dead.exists() and not other.exists()
            assert (alive / "media").is_dir()
        finally:
            live.kill()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["project", alive.name])
