"""Diagnosis of the bundled scenarios and of the per-tool log corpus, against the
expected findings written next to each (by hand, from what each scenario is)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fixer.app import diagnose_logs
from fixer.model import Finding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCENARIOS = sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
CORPUS = sorted(p for p in (FIXTURES / "logs").iterdir() if (p / "expected.json").is_file())


def _subset(finding: Finding, expected: dict[str, Any]) -> dict[str, Any]:
    """The finding's values for exactly the keys the expectation names."""
    got = finding.to_json()
    out: dict[str, Any] = {}
    for key, value in expected.items():
        if key == "details":
            out[key] = {k: got["details"].get(k) for k in value}
        elif key == "evidence":  # the decisive lines: each is in one of the evidence lines
            texts = [e["text"] for e in got["evidence"]]
            out[key] = [t for t in value if any(t in text for text in texts)]
        else:
            out[key] = got[key]
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_scenario_diagnosis(scenario: Path) -> None:
    expected = json.loads((scenario / "expected.json").read_text())
    diagnosis = diagnose_logs([str(scenario / "logs")], scenario / "repo")
    got = [_subset(f, e) for f, e in zip(diagnosis.findings, expected["findings"], strict=False)]
    assert got == expected["findings"]
    assert len(diagnosis.findings) == len(expected["findings"])
    assert {j.name: j.status for j in diagnosis.jobs} == expected["jobs"]
    for finding in diagnosis.findings:
        assert finding.path is None or (scenario / "repo" / finding.path).is_file()


@pytest.mark.parametrize("case", CORPUS, ids=lambda p: p.name)
def test_log_corpus(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    repo = case / "project" if (case / "project").is_dir() else None
    diagnosis = diagnose_logs([str(case / "job.log")], repo)
    got = [_subset(f, e) for f, e in zip(diagnosis.findings, expected["findings"], strict=False)]
    assert got == expected["findings"]
    assert len(diagnosis.findings) == len(expected["findings"])
    (job,) = diagnosis.jobs
    assert job.name == expected["job"]
    assert job.status == expected["status"]
