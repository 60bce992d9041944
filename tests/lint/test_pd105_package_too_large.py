from __future__ import annotations

import re
from pathlib import Path

from helpers import DECK_YAML, lint_found, write_project


def test_a_package_over_the_limit_is_reported_at_deck_yaml(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "big.png": bytes(1_200_000),
            "small.png": bytes(10),
            "a.yaml": "notes: [{id: one, front: '![](big.png) ![](small.png)', back: Both.}]\n",
        },
        deck=DECK_YAML + "lint: {limits: {package-mb: 1}}\n",
    )
    ((path, line, column, message),) = lint_found(tmp_path, "PD105")
    assert (path, line, column) == ("deck.yaml", 1, 1)
    assert re.fullmatch(
        r"the package would be about 1\.2 MB, over the 1 MB that AnkiWeb accepts for a shared"
        r" deck; largest media: big-[0-9a-f]{16}\.png \(1\.2 MB\),"
        r" small-[0-9a-f]{16}\.png \(0\.0 MB\)",
        message,
    )


def test_a_package_under_the_limit_passes(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "big.png": bytes(900_000),
            "a.yaml": "notes: [{id: one, front: '![](big.png)', back: A.}]\n",
        },
        deck=DECK_YAML + "lint: {limits: {package-mb: 1}}\n",
    )
    assert lint_found(tmp_path, "PD105") == []
