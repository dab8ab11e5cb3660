"""Coverage gates read from real pytest-cov and coverage.py output (fixtures/logs/coverage-*):
both numbers, one finding per command, the report's worst file; the corpus test compares
each case with its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from fixer.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"


def _log_line(case: str, number: int) -> str:
    raw = (CORPUS / case / "job.log").read_text(encoding="utf-8-sig").split("\n")[number - 1]
    return raw.split(" ", 1)[1]


def test_pytest_cov_prints_both_lines_and_they_are_one_finding() -> None:
    (finding,) = diagnose_logs([str(CORPUS / "coverage-pytest-cov" / "job.log")]).findings
    assert (finding.details["required"], finding.details["total"]) == ("80", "40.91")
    assert [e.text for e in finding.evidence] == [
        "ERROR: Coverage failure: total of 41 is less than fail-under=80",
        "FAIL Required test coverage of 80% not reached. Total coverage: 40.91%",
    ]
    for evidence in finding.evidence:
        assert _log_line("coverage-pytest-cov", evidence.line) == evidence.text
    assert "src/ledger/money.py misses the most: 13 of 22 statements" in finding.fix


def test_coverage_report_fail_under() -> None:
    (finding,) = diagnose_logs([str(CORPUS / "coverage-report" / "job.log")]).findings
    assert finding.message == "Total coverage 52% is below the required 80%"
    assert finding.command == "coverage run -m pytest\ncoverage report --fail-under=80"
    assert finding.jobs == ("test",) and not finding.fixable


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diagnose_names_both_numbers(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diagnose", str(CORPUS / "coverage-pytest-cov" / "job.log"), "--format", fmt])
    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert "No failure found" not in out
    if fmt == "json":
        (finding,) = json.loads(out)["findings"]
        assert finding["kind"] == "coverage.fail-under"
        assert finding["details"]["required"] == "80"
        assert finding["details"]["total"] == "40.91"
    else:
        assert "Total coverage 40.91% is below the required 80%" in out
    if fmt == "markdown":
        assert "## Root cause 1: Test coverage below the required minimum" in out
        assert "FAIL Required test coverage of 80% not reached" in out
