"""Which codemod fixes which finding, in which files, with which fallbacks. Pure.

A :class:`Task` is the unit that is applied, verified and rolled back together: the
findings one codemod fixes in one file (``-> dict`` on three lines of one module is one
task), or, for a kind of project scope, one finding over every file that may declare it
(a missing requirement). The kind (:mod:`fixer.kinds`) gives the codemods, the files and
the fallbacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fixer.codemods.base import Codemod
from fixer.kinds import kind_of
from fixer.kinds.base import Kind
from fixer.model import Finding


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    codemods: tuple[Codemod, ...]
    findings: tuple[Finding, ...]
    files: tuple[str, ...]  # repo-relative
    strategies: tuple[str | None, ...] = (None,)

    @property
    def kind(self) -> str:
        return self.findings[0].kind

    @property
    def plugin(self) -> Kind:
        """The kind of its findings."""
        return kind_of(self.kind)

    @property
    def workdir(self) -> str:
        return self.findings[0].workdir or ""


def positional(task: Task) -> bool:
    """Whether the task's codemods find what to change at its findings' lines."""
    return any(c.positional for c in task.codemods)


@dataclass(frozen=True, slots=True)
class Unplanned:
    finding: Finding
    reason: str


def plan(findings: Iterable[Finding], files: Sequence[str]) -> tuple[list[Task], list[Unplanned]]:
    """Tasks for the fixable findings, and why the others get none."""
    tasks: dict[tuple[str, ...], Task] = {}
    skipped: list[Unplanned] = []
    for finding in findings:
        if not finding.fixable:
            continue
        kind = kind_of(finding.kind)
        codemods = kind.transforms()
        if not codemods:
            skipped.append(Unplanned(finding, "no codemod handles this kind"))
            continue
        targets = kind.targets(finding, files)
        usable = tuple(c for c in codemods if any(c.applies_to(t) for t in targets))
        if not targets or not usable:
            skipped.append(Unplanned(finding, _why_no_target(finding, files)))
            continue
        key = (
            (usable[0].id, *targets)
            if kind.scope == "file"
            else (usable[0].id, finding.kind, str(finding.key))
        )
        seen = tasks.get(key)
        if seen is not None:
            tasks[key] = Task(
                seen.id, seen.codemods, (*seen.findings, finding), seen.files, seen.strategies
            )
        else:
            strategies = kind.strategies
            tasks[key] = Task(f"t{len(tasks) + 1}", usable, (finding,), targets, strategies)
    return list(tasks.values()), skipped


def _why_no_target(finding: Finding, files: Sequence[str]) -> str:
    if finding.path and finding.resolved and finding.path not in files:
        return f"{finding.path} is not in the commit fixer works from (HEAD)"
    return "no file of the repository that this kind of fix can change"
