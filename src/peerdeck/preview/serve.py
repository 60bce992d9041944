"""``preview --serve``: the site on 127.0.0.1, rebuilt when a file of the
project changes, and a page that reloads itself when it is.

Watching polls the modification times and sizes of the project's files (no
file-system events: nothing to install, the same on every system), at most
``limits.PREVIEW_WATCHED_FILES`` of them, every ``interval`` seconds, and
stops when ``stop`` is set. The server answers only the loopback address.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..limits import PREVIEW_WATCHED_FILES
from .site import Preview, preview

VERSION_PATH = "/__peerdeck__/version"
HOST = "127.0.0.1"

Snapshot = dict[str, tuple[int, int]]


class _Handler(SimpleHTTPRequestHandler):
    """Files of the site, and the version the page polls; no request log."""

    server: PreviewServer

    def do_GET(self) -> None:
        if self.path.split("?")[0] == VERSION_PATH:
            body = str(self.server.version).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class PreviewServer(ThreadingHTTPServer):
    """Serves the preview of ``root`` written at ``output``; ``version``
    counts the builds, for the page to see a new one."""

    daemon_threads = True

    def __init__(self, root: Path, output: Path, port: int) -> None:
        self.root, self.output, self.version = root, output, 0
        handler = functools.partial(_Handler, directory=str(output))
        super().__init__((HOST, port), handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def rebuild(self) -> Preview:
        result = preview(self.root, self.output)
        self.version += 1
        return result

    def watch(
        self,
        on_build: Callable[[Preview], None],
        on_failure: Callable[[Exception], None],
        stop: threading.Event,
        interval: float = 0.3,
    ) -> None:
        """Rebuild whenever the project's files change, until ``stop``: each
        build to ``on_build``, and to ``on_failure`` each that raised."""
        seen = snapshot(self.root, self.output)
        while not stop.wait(interval):
            now = snapshot(self.root, self.output)
            if now != seen:
                seen = now
                try:
                    built = self.rebuild()
                except Exception as exc:  # a bug: say so and keep watching, the last site served
                    on_failure(exc)
                    continue
                on_build(built)


def snapshot(root: Path, skip: Path) -> Snapshot:
    """Modification time and size of each file below ``root`` (hidden ones
    and the site's own folder left out), up to the limit."""
    found: Snapshot = {}
    skipped = skip.resolve()
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and (here / name).resolve() != skipped
        ]
        for name in files:
            try:
                status = (here / name).stat()
            except OSError:
                continue
            found[str(here / name)] = (status.st_mtime_ns, status.st_size)
            if len(found) >= PREVIEW_WATCHED_FILES:
                return found
    return found
