"""playwright's failed tests read from its real output (fixtures/logs/playwright-failures); the corpus test
compares the case with its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from fixer.cli import main
from fixer.report.causes import causes

CASE = Path(__file__).resolve().parents[2] / "fixtures" / "logs" / "playwright-failures"


def test_each_failure_is_named_with_its_error_and_line() -> None:
    diagnosis = diagnose_logs([str(CASE / "job.log")], CASE / "project")
    assert [f.line for f in diagnosis.findings] == [10, 15, 20]
    source = (CASE / "project" / "tests/basket.spec.js").read_text().splitlines()
    for finding in diagnosis.findings:
        assert finding.kind == "playwright.test-failed"
        assert finding.resolved and finding.path == "tests/basket.spec.js" and not finding.fixable
        assert "expect(" in source[int(finding.line or 0) - 1]
        _, error, place = finding.evidence
        assert error.text.strip() == finding.details["error"]
        assert (
            place.text.strip()
            .rstrip(")")
            .endswith(f"tests/basket.spec.js:{finding.line}:{finding.column}")
        )
    first = diagnosis.findings[0].evidence[0]
    assert first.text.startswith("  1) ")
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
            "tests/basket.spec.js:9 > adds the lines failed: Error: expect(received).toBe(expected) // Object.is equality (expected `190`, received `200`)"
            in out
        )


RETRIES = CASE.parent / "playwright-retries"


def test_a_flaky_spec_is_no_failure_and_a_spec_of_two_projects_is_one_cause() -> None:
    diagnosis = diagnose_logs([str(RETRIES / "job.log")], RETRIES / "project")
    assert [(f.details["project"], f.details["test"]) for f in diagnosis.findings] == [
        ("chromium", "adds the lines"),
        ("firefox", "adds the lines"),
    ]
    log = (RETRIES / "job.log").read_text(encoding="utf-8-sig")
    assert "3) [chromium] › tests/rates.spec.js:8:1 › reads the cached rates" in log
    assert "  2 flaky" in log  # its blocks are printed like failures, the summary says flaky
    assert len(causes(diagnosis.findings)) == 1


def test_a_failure_the_summary_lists_without_its_block_is_reported_from_the_list(
    tmp_path: Path,
) -> None:
    lines = (RETRIES / "job.log").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "  1) [chromium] ›" in line)
    end = next(i for i, line in enumerate(lines) if "  2 failed" in line)
    cut = tmp_path / "job.log"
    cut.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    diagnosis = diagnose_logs([str(cut)], RETRIES / "project")
    assert [(f.details["project"], f.line, f.details.get("error")) for f in diagnosis.findings] == [
        ("chromium", 9, None),
        ("firefox", 9, None),
    ]
    for finding in diagnosis.findings:
        (entry,) = finding.evidence
        assert f"[{finding.details['project']}] › tests/basket.spec.js:9:1" in entry.text
