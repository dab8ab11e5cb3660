"""Tie each finding to the repository: the file to change and the line in it.

Beyond mapping printed paths (:mod:`fixer.diagnose.paths`), some kinds need the
repository's content: a requirement pip could not find is declared in a
``pyproject.toml`` or requirements file; an unresolvable action is used by a
workflow file; an unused ESLint binding is fixable only when it is an import. Each
kind says how (:meth:`fixer.kinds.base.Kind.locate`). The repository is read through
:class:`RepoIndex.read`; nothing here opens files.
"""

from __future__ import annotations

from fixer.contract import Segment
from fixer.diagnose.aggregate import Resolver
from fixer.diagnose.paths import RepoIndex, resolve, step_dirs
from fixer.kinds import kind_of, known
from fixer.logs.scan import JobScan
from fixer.model import Finding


def make_resolver(index: RepoIndex) -> Resolver:
    def resolver(finding: Finding, scan: JobScan, seg: Segment | None) -> Finding:
        step = seg.step if seg else None
        command = seg.command.script if seg and seg.command else finding.command
        workdir = _workdir(index, scan.name, step, command)
        dirs = step_dirs(workdir, command)
        located = resolve(finding, dirs, index)
        if not known(finding.kind):
            return located
        return kind_of(finding.kind).locate(located, dirs, index)

    return resolver


def _workdir(index: RepoIndex, job: str, step: str | None, command: str | None) -> str | None:
    for wf_job in index.workflows:
        if wf_job.matches(job):
            return wf_job.workdir_for(step, command)
    return None
