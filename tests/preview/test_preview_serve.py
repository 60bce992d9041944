"""``peerdeck preview --serve``: on a free loopback port, a saved card is
rebuilt and the open page reloads itself to show it, problems included;
Ctrl-C stops the server."""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner

from peerdeck import cli_preview
from peerdeck.cli import main
from peerdeck.preview import Preview, preview
from peerdeck.preview.serve import HOST, VERSION_PATH, PreviewServer

from chromium import Watched
from helpers import run_cli, write_project

CARDS = """\
notes:
  - id: served
    front: What does the server show first?
    back: The first version.
"""
TIMEOUT = 30


def _lines(stream: IO[str]) -> tuple[queue.Queue[str], threading.Thread]:
    """The lines of ``stream`` as they come, read by the thread returned."""
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            found.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return found, reader


def _wait_for_line(lines: queue.Queue[str], pattern: str) -> re.Match[str]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            match = re.search(pattern, lines.get(timeout=deadline - time.monotonic()))
        except queue.Empty:
            break
        if match:
            return match
    raise AssertionError(f"no line matched {pattern!r} in {TIMEOUT} s")


def _until(watched: Watched, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        watched.page.wait_for_timeout(100)
    raise AssertionError(f"the page did not change in {TIMEOUT} s")


def test_a_saved_card_reloads_the_page_and_ctrl_c_stops(watched: Watched, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    command = [sys.executable, "-m", "peerdeck", "preview", str(root)]
    command += ["-o", str(tmp_path / "site"), "--serve", "--port", "0"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    reader = threading.Thread()
    try:
        errors, reader = _lines(server.stderr)  # type: ignore[arg-type]
        url = _wait_for_line(errors, r"Serving (http://127\.0\.0\.1:\d+/)").group(1)
        page = watched.page
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]")
        assert "first" in page.locator("#qa").first.inner_text()

        (root / "notes.yaml").write_text(CARDS.replace("show first", "show after a save"))
        _until(watched, lambda: "after a save" in page.locator("#qa").first.inner_text())

        (root / "notes.yaml").write_text(CARDS.replace("back:", "bakc:"))
        _until(watched, lambda: page.locator("#problems").is_visible())
        assert "PD004" in page.inner_text("#problems")
        assert watched.errors == []
        assert [u for u in watched.requests if not u.startswith(url)] == []
    finally:
        server.send_signal(signal.SIGINT)
        status = server.wait(timeout=TIMEOUT)
        if reader.ident is not None:
            reader.join(timeout=TIMEOUT)
        server.stderr.close()  # type: ignore[union-attr]
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def _fetched(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        text: str = response.read().decode("utf-8")
        return text


def _wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not in {TIMEOUT} s")
        time.sleep(0.05)


def test_a_rebuild_that_raises_is_reported_and_the_next_save_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    servers: list[PreviewServer] = []

    class Recorded(PreviewServer):
        def __init__(self, root: Path, output: Path, port: int) -> None:
            super().__init__(root, output, port)
            servers.append(self)

    calls: list[Path] = []

    def failing_once(root: Path, output: Path | None = None) -> Preview:
        calls.append(root)
        if len(calls) == 2:  # the first rebuild on save; the one before serving works
            raise RuntimeError("the disk is \x1b[31mhaunted")
        return preview(root, output)

    monkeypatch.setattr(cli_preview, "PreviewServer", Recorded)
    monkeypatch.setattr("peerdeck.preview.serve.preview", failing_once)
    failed: list[BaseException] = []

    def save_twice_then_stop() -> None:
        try:
            _wait(lambda: bool(servers), "the server started")
            url = servers[0].url
            _wait(lambda: _fetched(url + VERSION_PATH[1:]) == "1", "the first build served")
            time.sleep(0.5)  # for the watcher to take its first look at the files
            (root / "notes.yaml").write_text(CARDS.replace("first version", "broken save"))
            _wait(lambda: len(calls) == 2, "the failing rebuild ran")
            (root / "notes.yaml").write_text(CARDS.replace("first version", "next good save"))
            _wait(lambda: _fetched(url + VERSION_PATH[1:]) == "2", "the next save rebuilt")
            assert "next good save" in _fetched(url)
        except BaseException as exc:
            failed.append(exc)
        finally:
            if servers:
                servers[0].shutdown()

    helper = threading.Thread(target=save_twice_then_stop, daemon=True)
    helper.start()
    options = ["-o", str(tmp_path / "site"), "--serve", "--port", "0"]
    result = CliRunner().invoke(main, ["preview", str(root), *options])
    helper.join(timeout=TIMEOUT)
    if failed:
        raise failed[0]
    assert result.exit_code == 0, result.output
    reports = result.stderr.splitlines()
    failure = (
        "Could not rebuild the preview: RuntimeError: the disk is \\x1b[31mhaunted"
        " (a bug in peerdeck: please report it). The site is as it was;"
        " the next save rebuilds it."
    )
    assert failure in reports
    after = reports[reports.index(failure) + 1 :]
    assert [line for line in after if line.startswith("Previewed 1 note")] != []
    assert len(calls) == 3


def test_the_server_answers_on_loopback_only(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    server = PreviewServer(root, tmp_path / "site", 0)
    try:
        assert server.server_address[0] == HOST == "127.0.0.1"
        assert server.rebuild().path == tmp_path / "site" and server.version == 1
    finally:
        server.server_close()


def test_watching_stops_when_asked(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    server = PreviewServer(root, tmp_path / "site", 0)
    stop = threading.Event()
    built: list[int] = []
    failed: list[Exception] = []
    watcher = threading.Thread(
        target=server.watch, args=(lambda r: built.append(r.notes), failed.append, stop, 0.05)
    )
    try:
        watcher.start()
        time.sleep(0.2)
        (root / "notes.yaml").write_text(CARDS + "  - id: two\n    front: a\n    back: b\n")
        deadline = time.monotonic() + TIMEOUT
        while not built and time.monotonic() < deadline:
            time.sleep(0.05)
        assert built == [2] and failed == []
        stop.set()
        watcher.join(timeout=TIMEOUT)
        assert not watcher.is_alive()
    finally:
        stop.set()
        server.server_close()
    assert (tmp_path / "site").is_dir()


def test_a_busy_port_is_an_error_not_a_hang(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"notes.yaml": CARDS})
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        status, _, err = run_cli("preview", str(root), "--serve", "--port", port)
    assert status == 1
    assert f"cannot serve on 127.0.0.1:{port}" in err
