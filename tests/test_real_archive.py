"""The real archive of a failing run, when the shared reference material is present.

A user's clone does not have it, so the test is skipped there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from tests.support import logforms
from tests.support.ghlog import zip_folder

ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "real-logs" / "tunix-rt-run-52926915444"
pytestmark = pytest.mark.skipif(not ARCHIVE.is_dir(), reason="shared reference logs not present")

BROKEN = ["backend (3.11)", "backend (3.12)", "security-backend", "e2e"]


STATUS = {
    "backend (3.11)": "cancelled",
    "backend (3.12)": "failed",
    "security-backend": "failed",
    "e2e": "failed",
    "changes": "succeeded",
    "security-secrets": "succeeded",
}


def _check(sources: list[str], *, failed_steps_only: bool = False) -> None:
    diagnosis = diagnose_logs(sources)
    (finding,) = diagnosis.findings
    assert finding.kind == "pip.no-matching-distribution"
    assert finding.details["name"] == "types-prometheus-client"
    assert finding.details["requirement"] == "types-prometheus-client>=0.19.0"
    assert finding.details["extra"] == "dev"
    assert list(finding.jobs) == BROKEN
    status = {j.name: j.status for j in diagnosis.jobs}
    assert status == {j: s for j, s in STATUS.items() if j in BROKEN or not failed_steps_only}
    e2e = next(e for e in finding.evidence if e.job == "e2e")
    assert e2e.step == "Install backend dependencies"
    if not failed_steps_only:
        assert e2e.line == 277  # the line in 3_e2e.txt


def test_real_archive_folder() -> None:
    _check([str(ARCHIVE)])


def test_real_archive_zip(tmp_path: Path) -> None:
    archive = tmp_path / "logs_52926915444.zip"
    archive.write_bytes(zip_folder(ARCHIVE))
    _check([str(archive)])


def test_real_archive_twice_counts_each_job_once(tmp_path: Path) -> None:
    archive = tmp_path / "logs_52926915444.zip"
    archive.write_bytes(zip_folder(ARCHIVE))
    _check([str(ARCHIVE), str(archive)])


@pytest.mark.parametrize(
    ("form", "failed_only"),
    [("gh-log", False), ("gh-log-utf16", False), ("gh-log-failed", True)],
)
def test_real_archive_as_gh_prints_it(tmp_path: Path, form: str, failed_only: bool) -> None:
    """``gh run view --log`` (``--log-failed``) of the real run, written from its step
    files; PowerShell's ``>`` saves it as UTF-16."""
    text = logforms.gh_log(logforms.from_folder(ARCHIVE), only_failed=failed_only)
    jobs = {line.split(b"\t", 2)[0].decode() for line in text.split(b"\n")[:-1]}
    assert jobs == set(BROKEN if failed_only else STATUS)  # every line job<TAB>step<TAB>...
    log = tmp_path / f"{form}.log"
    log.write_bytes(logforms.utf16(text) if form.endswith("utf16") else text)
    _check([str(log)], failed_steps_only=failed_only)
