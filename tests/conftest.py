from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
