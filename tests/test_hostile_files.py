"""Hostile files: FIFOs, devices, hard links, swapped files and oversized
files wherever peerdeck reads one. Each command runs as a real process with
a time limit, so a read that blocks fails the test instead of hanging it."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from peerdeck import pipeline
from peerdeck.errors import UnsafeFile
from peerdeck.limits import MEDIA_FILE_BYTES, YAML_FILE_BYTES
from peerdeck.safefile import read_file

from helpers import write_project

CARD = """\
    notes:
      - id: one
        front: "![pic](media/pic.png) One?"
        back: One.
"""
PICTURE = b"\x89PNG the picture that was checked"


def peerdeck(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "peerdeck", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", {"cards.yaml": CARD, "media/pic.png": PICTURE})


def codes_and_messages(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": PD" in line]


# --- FIFOs and devices ------------------------------------------------------


def test_a_fifo_as_a_card_file_is_reported_not_read(project: Path) -> None:
    os.mkfifo(project / "pipe.yaml")
    result = peerdeck("check", "p", cwd=project.parent)
    assert result.returncode == 1
    assert codes_and_messages(result.stdout) == [
        "p/pipe.yaml:1:1: PD001 file is a FIFO (named pipe), not a regular file"
    ]


def test_a_fifo_as_deck_yaml_is_reported_as_what_it_is(project: Path) -> None:
    (project / "deck.yaml").unlink()
    os.mkfifo(project / "deck.yaml")
    result = peerdeck("check", "p", cwd=project.parent)
    assert result.returncode == 1
    assert "expected a folder with deck.yaml" not in result.stdout
    assert "p/deck.yaml:1:1: PD001 file is a FIFO (named pipe), not a regular file" in result.stdout


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_fifo_as_the_lock_is_reported_not_read(project: Path, command: str) -> None:
    os.mkfifo(project / "peerdeck.lock")
    output = ["-o", "out/"] if command == "build" else []
    result = peerdeck(command, "p", *output, cwd=project.parent)
    assert result.returncode == 1, result.stderr
    assert codes_and_messages(result.stdout) == [
        "p/peerdeck.lock:1:1: PD019 the lock file is a FIFO (named pipe), not a regular file"
    ]
    assert not (project.parent / "out").exists()


def test_a_fifo_as_a_media_file_is_reported_not_read(project: Path) -> None:
    (project / "media/pic.png").unlink()
    os.mkfifo(project / "media/pic.png")
    result = peerdeck("check", "p", cwd=project.parent)
    assert result.returncode == 1
    assert "PD014 media path 'media/pic.png' is not a file" in result.stdout


SWAP_FOR_FIFO = """
import os, sys
from pathlib import Path
from peerdeck import cli, media

real = media.MediaStore._locate

def locate(self, reference, card_dir):
    target = real(self, reference, card_dir)  # found, and a regular file
    target.unlink()
    os.mkfifo(target)  # now a FIFO, which no writer will ever open
    return target

media.MediaStore._locate = locate
sys.argv = ["peerdeck", "check", sys.argv[1]]
cli.main()
"""


def test_a_media_file_swapped_for_a_fifo_after_its_check_does_not_hang(
    project: Path, tmp_path: Path
) -> None:
    script = tmp_path / "fifo_swap.py"
    script.write_text(textwrap.dedent(SWAP_FOR_FIFO))
    result = subprocess.run(
        [sys.executable, str(script), str(project)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "PD014 media file 'media/pic.png' is a FIFO (named pipe), not a regular file" in (
        result.stdout
    )


def test_a_fifo_or_a_device_as_a_source_document_is_a_warning(project: Path) -> None:
    sources = project.parent / "sources"
    sources.mkdir()
    os.mkfifo(sources / "pipe.txt")
    deck = (
        "name: R\nid: r\nsources:\n  a: {title: A, file: pipe.txt}\n  z: {title: Z, file: zero}\n"
    )
    (project / "deck.yaml").write_text(deck)
    fifo = peerdeck("check", "p", "--sources", "sources", cwd=project.parent)
    assert fifo.returncode == 0, fifo.stderr
    assert "source file sources/pipe.txt is a FIFO (named pipe), not a regular file" in fifo.stdout
    # /dev/zero never ends: it is refused as a device, not read.
    zero = peerdeck("check", "p", "--sources", "/dev", cwd=project.parent)
    assert zero.returncode == 0, zero.stderr
    assert "source file /dev/zero is a device, not a regular file" in zero.stdout


def test_a_fifo_as_the_sources_folder_is_not_a_folder(project: Path) -> None:
    os.mkfifo(project.parent / "sources")
    result = peerdeck("check", "p", "--sources", "sources", cwd=project.parent)
    assert result.returncode == 0, result.stderr
    assert "PD032 sources folder sources is not a folder; quotes are not checked" in (result.stdout)


def test_a_card_file_linked_to_a_device_is_refused(project: Path) -> None:
    (project / "zero.yaml").symlink_to("/dev/zero")
    result = peerdeck("check", "p", cwd=project.parent)
    assert codes_and_messages(result.stdout) == [
        "p/zero.yaml:1:1: PD001 file is a link to outside the project"
    ]


def test_a_fifo_as_a_diff_argument_is_reported_not_read(project: Path) -> None:
    os.mkfifo(project.parent / "old.apkg")
    result = peerdeck("diff", "old.apkg", "p", cwd=project.parent)
    assert result.returncode == 1
    assert "old.apkg:1:1: PD025 the input is a FIFO (named pipe), not a regular file" in (
        result.stdout
    )


def test_the_safe_reader_refuses_a_character_device() -> None:
    with pytest.raises(UnsafeFile, match="is a device, not a regular file"):
        read_file(Path("/dev/zero"), 1024)


# --- sizes ------------------------------------------------------------------


def test_oversized_card_and_media_files_are_refused_before_reading(project: Path) -> None:
    with (project / "huge.yaml").open("wb") as sparse:
        sparse.truncate(YAML_FILE_BYTES + 1)
    (project / "media/pic.png").unlink()
    with (project / "media/pic.png").open("wb") as sparse:
        sparse.truncate(MEDIA_FILE_BYTES + 1)
    result = peerdeck("check", "p", cwd=project.parent)
    assert codes_and_messages(result.stdout) == [
        "p/cards.yaml:3:20: PD014 media file 'media/pic.png' is larger than 100 MiB",
        "p/huge.yaml:1:1: PD001 file is larger than 20 MiB",
    ]


def test_an_oversized_or_undecodable_lock_is_reported(project: Path) -> None:
    lock = project / "peerdeck.lock"
    with lock.open("wb") as sparse:
        sparse.truncate(64 * 1024 * 1024 + 1)
    oversized = peerdeck("check", "p", cwd=project.parent)
    assert codes_and_messages(oversized.stdout) == [
        "p/peerdeck.lock:1:1: PD019 the lock file is larger than 64 MiB"
    ]
    lock.write_bytes(b'{\n  "deck": "r\xff"\n}\n')
    undecodable = peerdeck("check", "p", cwd=project.parent)
    assert codes_and_messages(undecodable.stdout) == [
        "p/peerdeck.lock:2:13: PD019 the lock file is not UTF-8 text (byte 0xff cannot be decoded)"
    ]


def test_a_socket_as_a_card_file_is_reported(project: Path) -> None:
    listening = socket.socket(socket.AF_UNIX)
    try:
        listening.bind(str(project / "socket.yaml"))
        loaded = pipeline.load(project)
    finally:
        listening.close()
    assert [p.message for p in loaded.problems] == ["file is a socket, not a regular file"]


def test_card_files_too_large_together_are_not_read(project: Path) -> None:
    for index in range(11):  # 11 x 19 MiB, each under the limit of one file
        with (project / f"part-{index:02}.yaml").open("wb") as sparse:
            sparse.truncate(19 * 1024 * 1024)
    result = peerdeck("check", "p", cwd=project.parent)
    assert result.returncode == 1
    assert codes_and_messages(result.stdout) == [
        "p:1:1: PD052 the card files are larger together than 200 MiB (12 files,"
        " 219,152,458 bytes): split the deck into several projects"
    ]


# --- links out of the project -----------------------------------------------


def test_a_hard_link_to_a_file_outside_the_project_is_not_packed(project: Path) -> None:
    secret = project.parent / "secret.png"
    secret.write_bytes(b"outside the project")
    (project / "media/pic.png").unlink()
    os.link(secret, project / "media/pic.png")
    loaded = pipeline.load(project)
    assert loaded.deck is None
    assert [p.message for p in loaded.problems] == [
        "media file 'media/pic.png' has 2 hard links, and another may lie outside the"
        " project: copy the file instead of linking it"
    ]


def test_a_hard_linked_card_file_is_refused(project: Path) -> None:
    os.link(project / "cards.yaml", project.parent / "elsewhere.yaml")
    loaded = pipeline.load(project)
    assert [(p.path.name, p.code) for p in loaded.problems] == [("cards.yaml", "PD001")]


SWAP_AFTER_CHECK = """
import os, sys
from pathlib import Path
from peerdeck import package, cli

real = package.write_package
project, secret = Path(sys.argv[1]), sys.argv[2]

def swapped(deck, *args, **kwargs):
    # Every file has been checked; now the media file becomes a link to a
    # secret outside the project, before the package is written.
    picture = project / "media" / "pic.png"
    picture.unlink()
    picture.symlink_to(secret)
    return real(deck, *args, **kwargs)

package.write_package = swapped
sys.argv = ["peerdeck", "build", str(project), "-o", sys.argv[3]]
cli.main()
"""


def test_a_media_file_swapped_after_its_check_ships_the_checked_bytes(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "shadow"
    secret.write_bytes(b"root:secret-hash:19000:0:99999:7:::")
    script = tmp_path / "swap.py"
    script.write_text(textwrap.dedent(SWAP_AFTER_CHECK))
    out = tmp_path / "out.apkg"
    result = subprocess.run(
        [sys.executable, str(script), str(project), str(secret), str(out)],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        media = [archive.read(name) for name in archive.namelist() if name.isdigit()]
    assert media == [PICTURE]


# --- card folders -----------------------------------------------------------


def _problems_as(user: int | None, root: Path) -> list[str]:
    """The problems loading ``root`` finds, in a forked copy of this process
    running as ``user`` (whom permissions stop, unlike root)."""
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.close(readable)
            if user is not None:
                os.setgid(user)
                os.setuid(user)
            lines = [f"{p.path}:{p.code} {p.message}" for p in pipeline.load(root).problems]
            os.write(writable, "\n".join(lines).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(writable)
    with os.fdopen(readable, "rb") as stream:
        found = stream.read().decode()
    _, status = os.waitpid(pid, 0)
    assert status == 0
    return found.splitlines()


def test_an_unreadable_card_folder_is_reported() -> None:
    # Not below pytest's temporary folder, which only its owner may enter.
    folder = Path(tempfile.mkdtemp(prefix="peerdeck-test-"))
    try:
        _check_unreadable_folder(folder)
    finally:
        (folder / "p" / "locked").chmod(0o755)
        shutil.rmtree(folder)


def _check_unreadable_folder(folder: Path) -> None:
    root = write_project(
        folder / "p",
        {"cards.yaml": CARD.replace("![pic](media/pic.png) ", ""), "locked/more.yaml": CARD},
    )
    for path in [folder, root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (root / "locked").chmod(0)
    user = None
    if os.geteuid() == 0:  # root reads any folder: drop to an unprivileged user
        try:
            user = pwd.getpwnam("nobody").pw_uid
        except KeyError:
            pytest.skip("running as root with no unprivileged user to drop to")
    problems = _problems_as(user, root)
    assert problems == [
        f"{root}/locked:PD050 folder cannot be read (Permission denied):"
        " its card files are not in the deck"
    ]


def test_a_linked_folder_without_card_files_is_not_reported(project: Path) -> None:
    (project.parent / "pictures").mkdir()
    (project / "images").symlink_to("../pictures")
    assert pipeline.load(project).problems == []


# --- SOURCE_DATE_EPOCH --------------------------------------------------------


@pytest.mark.parametrize(
    "epoch", ["99999999999999999999", "253402300800", "\u0661\u0667" + "\u0660" * 8]
)
def test_an_epoch_out_of_range_is_a_usage_error(project: Path, epoch: str) -> None:
    result = peerdeck("build", "p", cwd=project.parent, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 2
    assert "SOURCE_DATE_EPOCH must be" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "peerdeck.lock").exists()


def test_the_last_second_of_year_9999_builds(project: Path) -> None:
    result = peerdeck(
        "build", "p", "-o", "out/", cwd=project.parent, env={"SOURCE_DATE_EPOCH": "253402300799"}
    )
    assert result.returncode == 0, result.stderr
    assert '"mod": 253402300799' in (project / "peerdeck.lock").read_text()
