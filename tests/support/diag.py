"""Helpers to diagnose small logs built in tests."""

from __future__ import annotations

import io
from collections.abc import Sequence

from fixer.diagnose.aggregate import diagnose
from fixer.kinds import parsers
from fixer.logs.scan import Scanner
from fixer.logs.sources import JobLog, Part
from fixer.model import Diagnosis, Finding
from tests.support.ghlog import Job, render


def job_log(job: Job) -> JobLog:
    files = render([job])
    data = next(v for k, v in files.items() if "/" not in k)
    return JobLog(job.name, (Part(None, lambda: io.BytesIO(data), job.name),))


def run_step(
    output: Sequence[str], command: str = "make check", exit_code: int = 1, name: str = "ci"
) -> Job:
    job = Job(name)
    job.setup()
    job.run(None, command, list(output), exit_code=exit_code)
    job.complete()
    return job


def diagnose_jobs(*jobs: Job) -> Diagnosis:
    scanner = Scanner(parsers())
    return diagnose(scanner.scan(job_log(j)) for j in jobs)


def findings(
    output: Sequence[str], command: str = "make check", exit_code: int = 1
) -> list[Finding]:
    return list(diagnose_jobs(run_step(output, command, exit_code)).findings)
