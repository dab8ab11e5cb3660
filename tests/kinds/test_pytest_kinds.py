"""pytest's failures read from real pytest output (fixtures/logs/pytest-*): each failed or
errored test by node id with its exception line, collection errors, in every output
the CLI has; the corpus test compares each case's findings with its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from fixer.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"
PYTEST_CASES = sorted(p.name for p in CORPUS.iterdir() if p.name.startswith("pytest-"))
NODE = "tests/test_cart.py::TestUnknownSku::test_line_total_of_unknown_sku"


def _log_line(case: str, number: int) -> str:
    """Line ``number`` of a case's job.log as fixer shows it: no BOM, no timestamp."""
    raw = (CORPUS / case / "job.log").read_text(encoding="utf-8-sig").split("\n")[number - 1]
    return raw.split(" ", 1)[1] if raw[:4].isdigit() else raw


def test_every_pytest_case_is_read() -> None:
    assert len(PYTEST_CASES) >= 8
    for case in PYTEST_CASES:
        diagnosis = diagnose_logs([str(CORPUS / case / "job.log")])
        assert diagnosis.findings, case
        assert {f.kind for f in diagnosis.findings} <= {
            "pytest.test-failed",
            "pytest.collection-error",
        }, case


@pytest.mark.parametrize("case", ["pytest-failures", "pytest-quiet-short", "pytest-xdist"])
def test_evidence_is_the_exception_line_and_the_summary_line(case: str) -> None:
    diagnosis = diagnose_logs([str(CORPUS / case / "job.log")])
    (finding,) = [f for f in diagnosis.findings if f.details["node_id"] == NODE]
    texts = [e.text for e in finding.evidence]
    assert texts[0].startswith("E ") and texts[0].endswith("KeyError: 'plum'")
    assert texts[-1] == f"FAILED {NODE} - KeyError: 'plum'"
    assert "tests/test_cart.py:21:" in texts[1]
    for evidence in finding.evidence:  # each one is the log's own line, where it says
        assert _log_line(case, evidence.line).rstrip() == evidence.text.rstrip()


def test_a_log_without_summary_is_read_from_its_sections() -> None:
    diagnosis = diagnose_logs([str(CORPUS / "pytest-no-summary" / "job.log")])
    (finding,) = [f for f in diagnosis.findings if f.details["node_id"] == NODE]
    header, exception = finding.evidence
    assert "TestUnknownSku.test_line_total_of_unknown_sku" in header.text
    assert exception.text.endswith("KeyError: 'plum'")
    assert finding.jobs == ("test",) and finding.command == "pytest -rN"


def test_collection_error_names_the_missing_module() -> None:
    (finding,) = diagnose_logs([str(CORPUS / "pytest-collection" / "job.log")]).findings
    assert finding.kind == "pytest.collection-error"
    assert finding.details["missing_module"] == "requests"
    assert "`requests`" in finding.fix and "src/weather/client.py:1" in finding.fix
    assert finding.evidence[0].text.endswith("ModuleNotFoundError: No module named 'requests'")
    assert finding.evidence[-1].text == "ERROR tests/test_client.py"


def test_paths_resolve_in_the_project() -> None:
    case = CORPUS / "pytest-failures"
    diagnosis = diagnose_logs([str(case / "job.log")], case / "project")
    for finding in diagnosis.findings:
        assert finding.resolved and finding.path == "tests/test_cart.py"
        assert not finding.fixable
        assert finding.line is not None
        source = (case / "project" / finding.path).read_text().splitlines()
        assert source[finding.line - 1].strip().startswith(("assert", "raise"))


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def test_diagnose_names_the_test_and_its_assertion_in_every_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = str(CORPUS / "pytest-failures" / "job.log")
    code, text = _cli(["diagnose", log], capsys)
    assert code == 1
    assert "No failure found" not in text and " unknown: " not in text
    assert f"{NODE} failed: KeyError: 'plum'" in text
    assert "tests/test_cart.py::test_cart_total failed: AssertionError: assert 2.5 == 2.25" in text

    code, out = _cli(["diagnose", log, "--json"], capsys)
    assert code == 1
    findings = json.loads(out)["findings"]
    assert [f["details"]["node_id"] for f in findings] == [
        "tests/test_cart.py::test_cart_total",
        NODE,
        "tests/test_cart.py::test_round_price[2.345-2.35]",
        "tests/test_cart.py::test_cart_in_stock",
    ]
    assert [f["details"]["exception"] for f in findings][2] == "assert 2.3 == 2.35"

    code, markdown = _cli(["diagnose", log, "--format", "markdown"], capsys)
    assert code == 1
    assert "## Root cause 2: A failing test" in markdown
    assert f"**Message:** {NODE} failed: KeyError: 'plum'" in markdown
    assert "E       KeyError: 'plum'" in markdown  # the excerpt holds the decisive line
    assert "whether the code or the test is wrong is a human decision" in markdown
