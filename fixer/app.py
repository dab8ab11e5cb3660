"""The one place that wires I/O together: logs -> diagnosis (-> fix -> verify -> PR)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from fixer.diagnose import PARSERS
from fixer.diagnose.aggregate import diagnose
from fixer.diagnose.locate import make_resolver
from fixer.logs.scan import JobScan, Scanner
from fixer.logs.sources import open_sources
from fixer.model import Diagnosis
from fixer.progress import Progress
from fixer.repo import load_index


def diagnose_logs(
    sources: Sequence[str], repo: Path | None = None, progress: Progress | None = None
) -> Diagnosis:
    """Read every source and return the run's root causes."""
    scanner = Scanner(PARSERS)

    def scans() -> Iterator[JobScan]:
        for job in open_sources(sources):
            if progress:
                progress.update(f"reading {job.name}")
            yield scanner.scan(job)

    if repo is None:
        result = diagnose(scans())
    else:
        result = diagnose(scans(), make_resolver(load_index(repo)))
    if progress:
        progress.done()
    return result
