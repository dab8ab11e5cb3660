"""jest's failed tests read from its real output (fixtures/logs/jest-failures); the corpus test
compares the case with its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from fixer.cli import main

CASE = Path(__file__).resolve().parents[2] / "fixtures" / "logs" / "jest-failures"


def test_each_failure_is_named_with_its_error_and_line() -> None:
    diagnosis = diagnose_logs([str(CASE / "job.log")], CASE / "project")
    assert [f.line for f in diagnosis.findings] == [9, 14, 19]
    source = (CASE / "project" / "src/basket.test.js").read_text().splitlines()
    for finding in diagnosis.findings:
        assert finding.kind == "jest.test-failed"
        assert finding.resolved and finding.path == "src/basket.test.js" and not finding.fixable
        assert "expect(" in source[int(finding.line or 0) - 1]
        _, error, place = finding.evidence
        assert error.text.strip() == finding.details["error"]
        assert (
            place.text.strip()
            .rstrip(")")
            .endswith(f"src/basket.test.js:{finding.line}:{finding.column}")
        )
    first = diagnosis.findings[0].evidence[0]
    assert first.text.startswith("  ● basket › ")
    assert diagnosis.findings[2].details["raised_at"] == "src/basket.js:5:11"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diagnose_names_the_test_and_its_assertion(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["diagnose", str(CASE / "job.log"), "--format", fmt])
    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert "No failure found" not in out and "Unrecognized failure" not in out
    if fmt == "json":
        findings = json.loads(out)["findings"]
        assert findings[1]["details"]["expected"] == '"currency": "USD",'
        assert findings[1]["details"]["received"] == '"currency": "EUR",'
    else:
        assert (
            "src/basket.test.js > basket > adds the lines failed: expect(received).toBe(expected) // Object.is equality (expected `190`, received `200`)"
            in out
        )


SUITES = CASE.parent / "jest-suites"


def test_a_suite_that_failed_to_run_is_placed_and_a_ci_snapshot_says_so() -> None:
    diagnosis = diagnose_logs([str(SUITES / "job.log")], SUITES / "project")
    syntax, snapshot, missing = diagnosis.findings
    # babel's (9:49), shown by the code frame's marked line; not a frame of @babel/parser
    assert (syntax.path, syntax.line, syntax.column) == ("src/__tests__/basket.test.js", 9, 49)
    assert "raised_at" not in syntax.details and syntax.details["suite"] == "true"
    assert syntax.evidence[0].text == "FAIL src/__tests__/basket.test.js"
    assert syntax.evidence[-1].text.strip().startswith(">  9 |")
    assert snapshot.details["snapshot"] == "not written"
    assert "-u" in (snapshot.fix or "") and "New snapshot was not written" in snapshot.message
    assert (missing.line, missing.column) == (2, 19) and "raised_at" not in missing.details
