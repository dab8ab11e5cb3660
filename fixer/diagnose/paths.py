"""Map what the tools printed to the repository's files.

Order: the step's working directory (from the workflow), a ``cd dir &&`` in the
command, the repository root, then a unique suffix match among the tracked files.
Absolute runner paths (``/home/runner/work/<repo>/<repo>/...``) lose their workspace
prefix first. Ambiguous or missing: the raw path stays, marked unresolved and not
fixable. Nothing resolves outside the repository: only tracked files inside it are
candidates, and ``..`` never escapes it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from fixer.diagnose.workflows import WorkflowJob
from fixer.model import Finding

RUNNER_WORKSPACE = re.compile(
    r"^(?:/home/runner/work/[^/]+/[^/]+/|/__w/[^/]+/[^/]+/|/github/workspace/"
    r"|[A-Za-z]:\\a\\[^\\]+\\[^\\]+\\)"
)
CD = re.compile(r"""(?:^|&&|;|\n)\s*cd\s+(?P<dir>"[^"]+"|'[^']+'|[^\s;&|]+)\s*(?:&&|;|\n)""")


@dataclass(frozen=True)
class RepoIndex:
    """The repository as path mapping sees it: its files, workflows, and a reader."""

    files: frozenset[str]  # repo-relative POSIX paths, all inside the repository
    workflows: tuple[WorkflowJob, ...] = ()
    read: Callable[[str], str | None] = field(default=lambda _path: None, compare=False)
    workflow_texts: tuple[tuple[str, str], ...] = ()  # (path, text) of each workflow file

    def by_suffix(self, raw: str) -> list[str]:
        tail = "/" + raw
        return sorted(f for f in self.files if f == raw or f.endswith(tail))


def clean(raw: str) -> str | None:
    """A repo-relative POSIX path, or None when it would leave the repository."""
    path = RUNNER_WORKSPACE.sub("", raw, count=1).replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:/", path):
        return None
    norm = posixpath.normpath(path)
    if norm == ".." or norm.startswith("../"):
        return None
    return "" if norm == "." else norm


def step_dirs(workdir: str | None, command: str | None) -> list[str]:
    """Directories to resolve against, most specific first."""
    base = clean(workdir) if workdir else ""
    dirs: list[str] = []
    for match in CD.finditer(command or ""):
        target = match.group("dir").strip("'\"")
        joined = clean(posixpath.join(base or "", target))
        if joined is not None:
            dirs.append(joined)
    if base is not None:
        dirs.append(base)
    dirs.append("")
    return list(dict.fromkeys(dirs))


def resolve_path(raw: str, dirs: Sequence[str], index: RepoIndex) -> str | None:
    """The repository file ``raw`` names, or None when missing or ambiguous."""
    if posixpath.isabs(raw.replace("\\", "/")) and not RUNNER_WORKSPACE.match(raw):
        parts = raw.replace("\\", "/").split("/")
        for i in range(1, len(parts)):  # an absolute path from elsewhere: longest suffix
            found = index.by_suffix("/".join(parts[i:]))
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return None
        return None
    rel = RUNNER_WORKSPACE.sub("", raw, count=1).replace("\\", "/")
    for base in dirs:
        candidate = clean(posixpath.join(base, rel))
        if candidate and candidate in index.files:
            return candidate
    tail = clean(rel)
    if not tail:
        return None
    found = index.by_suffix(tail)
    return found[0] if len(found) == 1 else None


def resolve(finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
    """``finding`` with its path mapped to the repository (or marked unresolved)."""
    workdir = next((d for d in dirs if d), None)
    if finding.raw_path is None:
        return replace(finding, workdir=workdir)
    path = resolve_path(finding.raw_path, dirs, index)
    if path is None:
        why = "path not found in the repository" if index.files else "no repository given"
        return replace(
            finding,
            path=finding.raw_path,
            resolved=False,
            fixable=False,
            workdir=workdir,
            details={**finding.details, "unresolved": why},
        )
    return replace(finding, path=path, resolved=True, workdir=workdir)
