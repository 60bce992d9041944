from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS, Watched, require_browser
from helpers import Learner


@pytest.fixture
def learner(tmp_path: Path) -> Iterator[Learner]:
    person = Learner.open(tmp_path / "anki")
    yield person
    person.close()


@pytest.fixture(autouse=True)
def _no_ambient_build_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests set these themselves where they matter.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


# The preview's page tests: one browser for the session, a fresh page per test.
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()
