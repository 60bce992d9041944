"""Take the README's screenshots of the preview: a few cards of the bundled
deck, light and dark, in Debian's Chromium (see tests/chromium.py).

    python docs/screenshots.py

writes docs/preview-light.png and docs/preview-dark.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from peerdeck.preview import preview

DOCS = Path(__file__).parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TAG = "peer-support::confidentiality::exceptions"


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        result = preview(ROOT / "cards", Path(work) / "site")
        if result.path is None:
            raise SystemExit(f"the preview was not written: {result.loaded.problems}")
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 760}, device_scale_factor=1)
            page.goto((result.path / "index.html").as_uri())
            page.wait_for_selector("body[data-ready=true]")
            page.select_option("#tag", TAG)
            shown = page.locator("article.note:not([hidden])")
            shown.first.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            shown.nth(1).locator("button.flip").first.click()  # one card shows its back
            shown.first.evaluate(
                "note => window.scrollBy(0, note.getBoundingClientRect().top - 160)"
            )
            page.wait_for_timeout(300)
            page.screenshot(path=str(DOCS / "preview-light.png"))
            page.check("#night")
            page.wait_for_timeout(300)
            page.screenshot(path=str(DOCS / "preview-dark.png"))
            browser.close()
    print(f"wrote {DOCS / 'preview-light.png'} and {DOCS / 'preview-dark.png'}")


if __name__ == "__main__":
    main()
