from __future__ import annotations

from pathlib import Path

import pytest
from authoring import author_package


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The author's deck as Anki exports it: current format and legacy."""
    folder = tmp_path_factory.mktemp("exports")
    return {
        "current": author_package(folder / "current", legacy=False),
        "legacy": author_package(folder / "legacy", legacy=True),
    }
