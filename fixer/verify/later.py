"""A CI step that a fixed failure kept from running, run now (see
:class:`fixer.kinds.base.Exposure`).

The step is the workflow's own (the jobs the finding broke first, then the others), run
as it is written from its working directory, sharing the verification's cache. Its output
is read by the parser of the findings it reports (mypy's errors by
:func:`fixer.diagnose.mypy.classify`, as the log's are), and two runs are compared as the
verifier compares them (:mod:`fixer.verify.mypy_compare`): the targeted findings gone,
nothing new. mypy is the one tool a later step is run for today.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from fixer.diagnose.workflows import WorkflowJob
from fixer.kinds.base import Exposure
from fixer.model import Finding
from fixer.verify.linemap import LineMap
from fixer.verify.mypy import MypyResult, mypy_args, new_errors, remaining
from fixer.verify.mypy_checks import verdict
from fixer.verify.verdicts import Check, check

if TYPE_CHECKING:
    from fixer.verify.checks import Checker


@dataclass(frozen=True, slots=True)
class LaterMypy:
    """The workflow's mypy step, run in the worktree."""

    checker: Checker
    exposure: Exposure
    cwd: str
    args: tuple[str, ...]
    tool = "mypy"

    @property
    def command(self) -> str:
        return " ".join(["mypy", *self.args])

    def run(self) -> MypyResult:
        return self.checker.mypy(self.cwd, self.args)

    def exposed(self, result: MypyResult) -> list[Finding]:
        """The run's findings about the exposure's subject, as the log's parser reads them."""
        found = [replace(e.finding(), resolved=True) for e in result.errors]
        return [f for f in found if self.exposure.covers(f)]

    def check(
        self,
        before: MypyResult,
        after: MypyResult,
        fixed: Sequence[Finding],
        maps: dict[str, LineMap],
    ) -> Check:
        """The verdict on the fixes of ``fixed`` (findings of ``before``)."""
        keys = {f.key for f in fixed}
        aimed = [e for e in before.errors if replace(e.finding(), resolved=True).key in keys]
        fresh = new_errors(before, after, maps)
        left = remaining(after, aimed, before, maps)
        detail = verdict(after, left, fresh)
        command = tuple(after.command.split())
        return check(
            "mypy",
            not detail,
            detail,
            self.cwd,
            command,
            before=before.count(),
            after=after.count(),
        )


def later_step(checker: Checker, exposure: Exposure, finding: Finding) -> LaterMypy | None:
    """The later step that may report what fixing ``finding`` exposes; None when the
    workflows run no such step."""
    if exposure.verifier != "mypy":
        return None
    found = mypy_step(checker.workflows, finding)
    return None if found is None else LaterMypy(checker, exposure, *found)


def mypy_step(
    workflows: Sequence[WorkflowJob], finding: Finding
) -> tuple[str, tuple[str, ...]] | None:
    """(working directory, arguments) of the workflow's mypy step for the jobs the finding
    broke (they never reached it), else of any job."""
    candidates = [j for j in workflows if any(j.matches(name) for name in finding.jobs)]
    candidates += [j for j in workflows if j not in candidates]
    for job in candidates:
        for step in job.steps:
            args = mypy_args(step.run)
            if args is not None:
                cwd = step.workdir or job.workdir or ""
                cwd = posixpath.normpath(cwd) if cwd else ""
                return ("" if cwd == "." else cwd), tuple(args)
    return None
