"""Time ``peerdeck preview`` on the bundled deck and on generated decks, and
the page itself in Chromium.

Usage: python benchmarks/preview.py [--sizes 10000] [--repeat 3]

Beside each preview it times ``peerdeck lint``, which reads and checks the
project as the preview does, writing nothing: the difference is the cost of
rendering every card and writing the site. The decks are those of
``bench.py`` (same generator, same seeds). When Debian's Chromium and
Playwright are there, it then opens each site and prints how long the page
takes to be ready (data parsed, every note listed, the first cards drawn)
and to apply a text filter and a tag filter to every note. Figures depend
on the machine: compare ratios.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import ROOT, generate, measure, row

CHROMIUM = Path("/usr/bin/chromium")
sys.path.insert(0, str(ROOT / "tests"))


def page_timings(site: Path) -> tuple[float, float, float] | None:
    """Seconds to ready, to filter by text, to filter by tag; None without
    a browser."""
    try:
        from playwright.sync_api import sync_playwright

        from chromium import CHROMIUM_ARGS
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        start = time.perf_counter()
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-ready=true]")
        ready = time.perf_counter() - start
        text = _timed(page, _FILTER_TEXT, 0.12)
        tag = _timed(page, _LAST_TAG, 0)
        browser.close()
    return ready, text, tag


_FILTER_TEXT = (
    "document.getElementById('filter').value = 'gently';"
    " document.getElementById('filter').dispatchEvent(new Event('input'));"
)
# The text filter cleared, the last tag of the list chosen.
_LAST_TAG = (
    "document.getElementById('filter').value = '';"
    " const t = document.getElementById('tag'); t.value = t.options[t.options.length - 1].value;"
    " t.dispatchEvent(new Event('change'));"
)


def _timed(page: Any, script: str, debounce: float) -> float:
    """Seconds from ``script`` to the summary changing, less the debounce
    (NaN when it has not changed in 60 s)."""
    before = page.inner_text("#summary")
    start = time.perf_counter()
    page.evaluate(script)
    while page.inner_text("#summary") == before:
        if time.perf_counter() - start > 60:
            return float("nan")
        time.sleep(0.002)
    return time.perf_counter() - start - debounce


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    peerdeck = [sys.executable, "-m", "peerdeck"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, best of {args.repeat}\n")
    print(f"{'what':<34}{'seconds':>9}{'peak MB':>9}{'all MB':>9}")
    with tempfile.TemporaryDirectory() as work:
        projects = [("bundled deck", ROOT / "cards")]
        projects += [
            (f"{size:,} notes", generate(Path(work), size))
            for size in (int(s) for s in args.sizes.split(","))
        ]
        sites: list[tuple[str, Path]] = []
        for name, project in projects:
            site = Path(work) / f"site-{len(sites)}"
            lint = [*peerdeck, "lint", str(project), "--format", "json"]
            print(row(f"{name}: lint", measure(lint, args.repeat)))
            preview = [*peerdeck, "preview", str(project), "-o", str(site)]
            print(row(f"{name}: preview", measure(preview, args.repeat)))
            size = (site / "index.html").stat().st_size / 2**20
            print(f"{f'{name}: index.html MB':<34}{size:>9.1f}")
            sites.append((name, site))
        print(f"\n{'page in Chromium':<34}{'ready s':>9}{'text s':>9}{'tag s':>9}")
        for name, site in sites:
            timings = page_timings(site)
            if timings is None:
                print("(no Chromium or Playwright: page not timed)")
                break
            print(f"{name:<34}" + "".join(f"{t:>9.3f}" for t in timings))


if __name__ == "__main__":
    main()
