"""The page: one ``index.html`` holding its stylesheet, its script and the
deck's data, beside a ``media`` folder.

The page's base is the media folder, as Anki's reviewer's base is the media
folder, so a card's ``<img src="name.png">`` and sounds load as written.
Its Content Security Policy allows nothing from the network: only the page
itself and the files beside it (and, under ``--serve``, the local server).
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources

MEDIA_FOLDER = "media"
_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
    " img-src 'self' file: data:; media-src 'self' file: data:; font-src 'self' file: data:;"
    " connect-src 'self'"
)


@cache
def _asset(name: str) -> str:
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def page(title: str, data: dict[str, object]) -> str:
    """The whole ``index.html``."""
    shown = html.escape(title)
    script_safe = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace(
        "<", "\\u003c"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'  # no request for /favicon.ico
        f'<base href="{MEDIA_FOLDER}/">\n'
        f"<title>{shown}: preview</title>\n"
        f"<style>\n{_asset('preview.css')}</style>\n"
        "</head>\n<body>\n"
        f"{_asset('preview.html').replace('{{TITLE}}', shown)}"
        f'<script type="application/json" id="deck-data">{script_safe}</script>\n'
        f"<script>\n{_asset('preview.js')}</script>\n"
        "</body>\n</html>\n"
    )
