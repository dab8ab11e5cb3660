"""A cancellation is a cause only when nothing else in the run explains it."""

from __future__ import annotations

from pathlib import Path

from fixer.app import diagnose_logs

LOGS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"


def kinds_of(*cases: str) -> list[str]:
    diagnosis = diagnose_logs([str(LOGS / case / "job.log") for case in cases])
    return [f.kind for f in diagnosis.findings]


def test_a_cancelled_job_alone_is_a_cause() -> None:
    assert kinds_of("cancelled-deploy") == ["actions.cancelled"]


def test_a_failed_job_of_the_run_explains_the_cancellation() -> None:
    # fail-fast, or ``needs:``: the cancelled job is a consequence of the failure
    assert kinds_of("pip-requirements", "cancelled-deploy") == ["pip.no-matching-distribution"]
    assert kinds_of("cancelled-deploy", "pip-requirements") == ["pip.no-matching-distribution"]


def test_the_jobs_own_cause_explains_its_cancellation() -> None:
    assert kinds_of("cancelled-after-error") == ["pip.no-matching-distribution"]
    assert kinds_of("timeout-job") == ["actions.timeout"]


def test_a_matrix_job_cancelled_with_nothing_of_its_own_is_fail_fast() -> None:
    assert kinds_of("cancelled-matrix") == []
