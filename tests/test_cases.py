"""Bad-input scenarios: one folder each under ``cases/``, with the project
(``project/``) and the exact text ``peerdeck check`` prints (``expected.txt``:
the problems on standard output, then the summary on standard error).

Every scenario also runs through ``build`` with a good package already at the
output path: the build must fail cleanly and leave that package untouched.
Set PEERDECK_UPDATE_CASES=1 to write a scenario's expected.txt from the
current output (then read it: it is the specification). Two things are
written ``...`` there: libyaml's own words, and the last lint rule's code.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from peerdeck.cli import main
from peerdeck.lint import CATALOG

CASES = Path(__file__).parent / "cases"
GOOD_PACKAGE = b"PK\x05\x06" + bytes(18)  # an empty zip standing in for the last good build
# What a YAML syntax error says comes from libyaml, whose releases word some
# errors differently: the cases pin that there is one, where it is, and the
# advice peerdeck adds after it, not libyaml's words.
LIBYAML_WORDS = re.compile(r"(: PD002 YAML syntax error: ).*?(?=; |$)", re.MULTILINE)
# Every new lint rule extends the range an unknown rule's message names: the
# cases pin that it ends at the catalogue's last rule, not which rule that is.
LINT_RANGE = f"lint rules are PD101 to {CATALOG.codes[-1]}"


def pinned(output: str) -> str:
    return LIBYAML_WORDS.sub(r"\1...", output).replace(LINT_RANGE, "lint rules are PD101 to ...")


def _case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "project").exists())


@pytest.fixture
def case(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    name: str = request.param
    shutil.copytree(CASES / name, tmp_path / name, symlinks=True)
    monkeypatch.chdir(tmp_path / name)
    return CASES / name


@pytest.mark.parametrize("case", _case_names(), indirect=True)
def test_check_reports_every_problem_at_its_place(case: Path) -> None:
    result = CliRunner().invoke(main, ["check", "project"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    expected = case / "expected.txt"
    printed = result.stdout + result.stderr  # the problems, then the summary
    if os.environ.get("PEERDECK_UPDATE_CASES") == "1":
        expected.write_text(pinned(printed), encoding="utf-8")
    assert pinned(printed) == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", _case_names(), indirect=True)
def test_build_fails_and_keeps_the_last_good_package(case: Path) -> None:
    out = Path("out")
    out.mkdir()
    (out / "deck.apkg").write_bytes(GOOD_PACKAGE)
    result = CliRunner().invoke(main, ["build", "project", "-o", "out/deck.apkg"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (out / "deck.apkg").read_bytes() == GOOD_PACKAGE
    assert sorted(p.name for p in out.iterdir()) == ["deck.apkg"]
