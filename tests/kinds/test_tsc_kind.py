"""tsc's errors read from real TypeScript 5.9 output (fixtures/logs/tsc-*), plain and
``--pretty`` (coloured: its raw lines hold no ``error TS``); the corpus test compares each
case with its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from fixer.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"
PROJECT = CORPUS / "tsc-plain" / "project"


@pytest.mark.parametrize("case", ["tsc-plain", "tsc-pretty"])
def test_the_forms_find_the_same_errors_in_the_project(case: str) -> None:
    diagnosis = diagnose_logs([str(CORPUS / case / "job.log")], PROJECT)
    assert [(f.path, f.line, f.column, f.code) for f in diagnosis.findings] == [
        ("src/codec.ts", 5, 43, "TS6133"),
        ("src/invoice.ts", 2, 1, "TS6192"),
        ("src/invoice.ts", 10, 25, "TS2322"),
        ("src/invoice.ts", 11, 9, "TS6133"),
        ("src/invoice.ts", 16, 62, "TS2339"),
        ("src/invoice.ts", 20, 21, "TS2345"),
    ]
    for finding in diagnosis.findings:  # an unused import declaration only is fixable
        assert finding.resolved and finding.fixable == (finding.code == "TS6192")
        source = (PROJECT / str(finding.path)).read_text().splitlines()[int(finding.line or 0) - 1]
        if "name" in finding.details:  # the name the message quotes is at its column
            column = int(finding.column or 0) - 1
            assert source[column:].startswith(finding.details["name"])


def test_an_elaborated_message_keeps_its_lines_as_evidence() -> None:
    diagnosis = diagnose_logs([str(CORPUS / "tsc-plain" / "job.log")])
    last = diagnosis.findings[-1]
    first, second = last.evidence
    assert first.text.startswith("src/invoice.ts(20,21): error TS2345: Argument of type")
    assert second.text == (
        "  Property 'currency' is missing in type '{ cents: number; }' but required in type"
        " 'Money'."
    )
    assert second.line == first.line + 1


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diagnose_names_the_code_and_the_unused_name(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["diagnose", str(CORPUS / "tsc-pretty" / "job.log"), "--format", fmt])
    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert "No failure found" not in out and "Unrecognized failure" not in out
    if fmt == "json":
        findings = json.loads(out)["findings"]
        assert [f["details"].get("name") for f in findings if f["code"] == "TS6133"] == [
            "indent",
            "rounding",
        ]
    else:
        assert "src/codec.ts:5:43" in out
        assert "'indent' is declared but its value is never read." in out
