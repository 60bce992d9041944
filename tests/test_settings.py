"""One run's settings, and the one reading of SOURCE_DATE_EPOCH."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from peerdeck.errors import BadEnvironment, UsageError
from peerdeck.limits import LATEST_EPOCH
from peerdeck.settings import RunSettings, build_timestamp


def test_source_date_epoch_is_the_build_time() -> None:
    assert build_timestamp({"SOURCE_DATE_EPOCH": " 1700000000\n"}) == 1_700_000_000
    assert build_timestamp({"SOURCE_DATE_EPOCH": str(LATEST_EPOCH)}) == LATEST_EPOCH


@pytest.mark.parametrize("unset", [{}, {"SOURCE_DATE_EPOCH": ""}, {"SOURCE_DATE_EPOCH": "  "}])
def test_without_source_date_epoch_the_build_time_is_now(unset: dict[str, str]) -> None:
    before = int(time.time())
    assert before <= build_timestamp(unset) <= int(time.time())


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("1.5", "whole seconds, not '1.5'"),
        ("-1", "whole seconds"),
        ("١٢٣", "whole seconds"),  # digits, but not ASCII ones
        (str(LATEST_EPOCH + 1), f"at most {LATEST_EPOCH}"),
        ("9" * 400, f"at most {LATEST_EPOCH}"),
    ],
)
def test_a_bad_source_date_epoch_is_a_usage_error(value: str, says: str) -> None:
    with pytest.raises(BadEnvironment, match=says) as raised:
        build_timestamp({"SOURCE_DATE_EPOCH": value})
    assert isinstance(raised.value, UsageError) and raised.value.exit_status == 2


def test_settings_are_frozen() -> None:
    settings = RunSettings(Path("cards"), locked=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.locked = False  # type: ignore[misc]
    assert dataclasses.replace(settings, all_rules=True).locked
