"""Tie each finding to the repository: the file to change and the line in it.

Beyond mapping printed paths (:mod:`fixer.diagnose.paths`), some kinds need the
repository's content: a requirement pip could not find is declared in a
``pyproject.toml`` or requirements file; an unresolvable action is used by a
workflow file; an unused ESLint binding is fixable only when it is an import.
The repository is read through :class:`RepoIndex.read`; nothing here opens files.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace

from fixer.contract import Segment
from fixer.diagnose.aggregate import Resolver
from fixer.diagnose.paths import RepoIndex, resolve, resolve_path, step_dirs
from fixer.logs.scan import JobScan
from fixer.model import Finding
from fixer.requirements import declared_line, declares_requirements

IMPORT_START = re.compile(r"(?m)^\s*import\b")


def make_resolver(index: RepoIndex) -> Resolver:
    def resolver(finding: Finding, scan: JobScan, seg: Segment | None) -> Finding:
        step = seg.step if seg else None
        command = seg.command.script if seg and seg.command else finding.command
        workdir = _workdir(index, scan.name, step, command)
        dirs = step_dirs(workdir, command)
        located = resolve(finding, dirs, index)
        if finding.kind == "pip.no-matching-distribution":
            return _declaration(located, dirs, index)
        if finding.kind == "poetry.package-not-found":
            path = resolve_path(finding.path or "pyproject.toml", dirs, index)
            if path is None:
                why = "no pyproject.toml in the step's directory"
                details = {**finding.details, "unresolved": why}
                return replace(located, fixable=False, details=details)
            return replace(located, path=path, resolved=True)
        if finding.kind == "actions.unresolvable-action":
            return _action_use(located, index)
        if finding.kind == "eslint.no-unused-vars" and located.resolved:
            return _eslint_binding(located, index)
        return located

    return resolver


def _workdir(index: RepoIndex, job: str, step: str | None, command: str | None) -> str | None:
    for wf_job in index.workflows:
        if wf_job.matches(job):
            return wf_job.workdir_for(step, command)
    return None


def _declaration(finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
    name = finding.details.get("name", "")
    candidates = sorted(f for f in index.files if declares_requirements(f))
    ordered = sorted(
        candidates,
        key=lambda f: (
            next((i for i, d in enumerate(dirs) if posixpath.dirname(f) == d), len(dirs)),
            f.count("/"),
            f,
        ),
    )
    places: list[tuple[str, int]] = []
    for path in ordered:
        text = index.read(path)
        line = declared_line(text, name) if text is not None else None
        if line is not None:
            places.append((path, line))
    if not places:
        return replace(
            finding,
            fixable=False,
            details={
                **finding.details,
                "unresolved": (
                    "no pyproject.toml or requirements file of the repository declares it"
                ),
            },
        )
    path, line = places[0]
    details = dict(finding.details)
    if len(places) > 1:
        details["declared_in"] = ", ".join(p for p, _ in places)
    return replace(finding, path=path, line=line, resolved=True, details=details)


def _action_use(finding: Finding, index: RepoIndex) -> Finding:
    action = finding.details.get("action", "")
    pattern = re.compile(rf"""^\s*(?:-\s*)?uses:\s*["']?{re.escape(action)}(?:@|["'\s]|$)""")
    for path, text in index.workflow_texts:
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                return replace(finding, path=path, line=number, resolved=True)
    return finding


def _eslint_binding(finding: Finding, index: RepoIndex) -> Finding:
    if finding.details.get("binding") != "unknown":
        return finding  # the message already said: a variable or a parameter
    text = index.read(finding.path or "")
    if text is None or finding.line is None:
        return finding
    lines = text.splitlines()
    if not 0 < finding.line <= len(lines):
        return replace(finding, details={**finding.details, "binding": "stale"})
    in_import = inside_import(lines, finding.line, finding.column or 1)
    name = finding.details.get("name")
    fix = (
        f"Remove the unused import `{name}`."
        if in_import
        else f"Remove or use `{name}` (not an import; not changed automatically)."
    )
    prefix = lines[finding.line - 1][: (finding.column or 1) - 1]
    binding = (
        "import"
        if in_import
        else ("parameter" if prefix.count("(") > prefix.count(")") else "declaration")
    )
    return replace(
        finding, fixable=in_import, fix=fix, details={**finding.details, "binding": binding}
    )


def inside_import(lines: Sequence[str], line: int, column: int) -> bool:
    """Whether (line, column), both 1-based, fall inside an ``import`` declaration."""
    start = max(0, line - 40)
    head = "\n".join([*lines[start : line - 1], lines[line - 1][: column - 1]])
    starts = list(IMPORT_START.finditer(head))
    if not starts:
        return False
    tail = head[starts[-1].end() :]
    return not re.search(r""";|\bfrom\s*["'`]|\brequire\s*\(""", tail)
