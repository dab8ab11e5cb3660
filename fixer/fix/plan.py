"""Which codemod fixes which finding, in which files, with which fallbacks. Pure.

A :class:`Task` is the unit that is applied, verified and rolled back together: the
findings one codemod fixes in one file (``-> dict`` on three lines of one module is one
task), or every file that declares a missing requirement.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fixer.codemods.base import Codemod
from fixer.codemods.registry import codemods_for
from fixer.model import Finding
from fixer.requirements import declares_requirements

# a strategy the codemod is asked to use when the first attempt fails verification
ALTERNATIVES: dict[str, tuple[str | None, ...]] = {"type_arg": (None, "all-any")}


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
    def workdir(self) -> str:
        return self.findings[0].workdir or ""


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
        codemods = codemods_for(finding.kind)
        if not codemods:
            skipped.append(Unplanned(finding, "no codemod handles this kind"))
            continue
        targets = _targets(finding, files)
        usable = tuple(c for c in codemods if any(c.applies_to(t) for t in targets))
        if not targets or not usable:
            skipped.append(Unplanned(finding, _why_no_target(finding, files)))
            continue
        key = (
            (usable[0].id, *targets)
            if _per_file(finding)
            else (usable[0].id, finding.kind, str(finding.key))
        )
        seen = tasks.get(key)
        if seen is not None:
            tasks[key] = Task(
                seen.id, seen.codemods, (*seen.findings, finding), seen.files, seen.strategies
            )
        else:
            strategies = ALTERNATIVES.get(usable[0].id, (None,))
            tasks[key] = Task(f"t{len(tasks) + 1}", usable, (finding,), targets, strategies)
    return list(tasks.values()), skipped


def _why_no_target(finding: Finding, files: Sequence[str]) -> str:
    if finding.path and finding.resolved and finding.path not in files:
        return f"{finding.path} is not in the commit fixer works from (HEAD)"
    return "no file of the repository that this kind of fix can change"


def _per_file(finding: Finding) -> bool:
    return finding.kind != "pip.no-matching-distribution"


def _targets(finding: Finding, files: Sequence[str]) -> tuple[str, ...]:
    if finding.kind == "pip.no-matching-distribution":
        return requirement_files(finding, files)
    return (finding.path,) if _in_commit(finding, files) and finding.path else ()


def _in_commit(finding: Finding, files: Sequence[str]) -> bool:
    return bool(finding.path and finding.resolved and finding.path in files)


def requirement_files(finding: Finding, files: Sequence[str]) -> tuple[str, ...]:
    """Files that may declare the missing requirement: the declaring file first, then every
    pyproject and requirements file under the step's directory (a codemod leaves a file
    that does not declare it unchanged)."""
    base = finding.workdir or ""
    found = [finding.path] if _in_commit(finding, files) and finding.path else []
    for path in sorted(files):
        if declares_requirements(path) and _under(path, base) and path not in found:
            found.append(path)
    return tuple(found)


def _under(path: str, base: str) -> bool:
    return (
        not base
        or path == base
        or path.startswith(base.rstrip("/") + "/")
        or (posixpath.dirname(path) == "")
    )
