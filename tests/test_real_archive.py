"""The real archive of a failing run, when the shared reference material is present.

A user's clone does not have it, so the test is skipped there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from tests.support.ghlog import zip_folder

ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "real-logs" / "tunix-rt-run-52926915444"
pytestmark = pytest.mark.skipif(not ARCHIVE.is_dir(), reason="shared reference logs not present")

BROKEN = ["backend (3.11)", "backend (3.12)", "security-backend", "e2e"]


def _check(sources: list[str]) -> None:
    diagnosis = diagnose_logs(sources)
    (finding,) = diagnosis.findings
    assert finding.kind == "pip.no-matching-distribution"
    assert finding.details["name"] == "types-prometheus-client"
    assert finding.details["requirement"] == "types-prometheus-client>=0.19.0"
    assert finding.details["extra"] == "dev"
    assert list(finding.jobs) == BROKEN
    status = {j.name: j.status for j in diagnosis.jobs}
    assert status == {
        "backend (3.11)": "cancelled",
        "backend (3.12)": "failed",
        "security-backend": "failed",
        "e2e": "failed",
        "changes": "succeeded",
        "security-secrets": "succeeded",
    }
    e2e = next(e for e in finding.evidence if e.job == "e2e")
    assert e2e.step == "Install backend dependencies"
    assert e2e.line == 277  # the line in 3_e2e.txt


def test_real_archive_folder() -> None:
    _check([str(ARCHIVE)])


def test_real_archive_zip(tmp_path: Path) -> None:
    archive = tmp_path / "logs_52926915444.zip"
    archive.write_bytes(zip_folder(ARCHIVE))
    _check([str(archive)])
