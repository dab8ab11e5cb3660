"""vitest's failed tests read from real vitest 3.2 output (fixtures/logs/vitest-failures, in
colour, with vitest's ``::error`` commands as the runner stores them); the corpus test
compares the case with its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from fixer.cli import main

CASE = Path(__file__).resolve().parents[2] / "fixtures" / "logs" / "vitest-failures"


def test_each_failed_test_is_named_with_its_error_and_line() -> None:
    diagnosis = diagnose_logs([str(CASE / "job.log")], CASE / "project")
    assert [(f.details["test"], f.path, f.line) for f in diagnosis.findings] == [
        ("basket > adds the lines", "src/basket.test.js", 11),
        ("basket > receipt > summarizes the items", "src/basket.test.js", 16),
        ("basket > rejects an unknown sku", "src/basket.test.js", 21),
    ]
    source = (CASE / "project" / "src" / "basket.test.js").read_text().splitlines()
    for finding in diagnosis.findings:
        assert finding.resolved and not finding.fixable
        assert "expect(" in source[int(finding.line or 0) - 1]
        header, error, place = finding.evidence
        assert header.text.startswith(" FAIL  src/basket.test.js > basket > ")
        assert error.line == header.line + 1 and error.text == finding.details["error"]
        assert place.text.strip() == f"❯ src/basket.test.js:{finding.line}:{finding.column}"


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
            "src/basket.test.js > basket > adds the lines failed: AssertionError: expected 200"
            " to be 190" in out
        )


SUITES = CASE.parent / "vitest-suites"


@pytest.mark.parametrize("case", ["vitest-suites", "vitest-verbose"])
def test_suites_that_failed_to_load_are_named_with_their_cause(case: str) -> None:
    diagnosis = diagnose_logs([str(CASE.parent / case / "job.log")], SUITES / "project")
    suites = [f for f in diagnosis.findings if f.details.get("suite")]
    assert [(f.path, f.line) for f in suites] == [
        ("src/checkout.test.ts", 4),
        ("src/dates.test.ts", 1),
        ("src/totals.test.ts", 6),
    ]
    transform = suites[2]
    # the line esbuild's error announces is the decisive one; no frame of esbuild's own
    assert transform.details["error"].endswith('ERROR: Expected ")" but found ";"')
    assert transform.column == 37 and "raised_at" not in transform.details
    assert transform.evidence[-1].text.endswith(
        'totals.test.ts:6:37: ERROR: Expected ")" but found ";"'
    )
