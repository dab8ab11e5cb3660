"""The data that flows through fixer: frozen values, no behaviour beyond small helpers.

A run goes: log lines -> :class:`Finding` (diagnose) -> :class:`Change` (codemods)
-> :class:`Verification` (verify) -> :class:`Outcome` (report).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

Tool = Literal[
    "mypy",
    "pip",
    "uv",
    "poetry",
    "eslint",
    "ruff",
    "flake8",
    "black",
    "isort",
    "prettier",
    "pre-commit",
    "actions",
    "pytest",
    "coverage",
    "tsc",
    "vitest",
    "jest",
    "playwright",
    "pylint",
    "service",
    "github",
    "npm",
    "docker",
    "unknown",
]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One log line that shows a finding, with where it was read."""

    job: str
    step: str | None
    line: int  # 1-based line number in the job's whole log
    text: str  # normalized: no timestamp, no ANSI escapes

    def to_json(self) -> dict[str, object]:
        return {"job": self.job, "step": self.step, "line": self.line, "text": self.text}


@dataclass(frozen=True, slots=True)
class Finding:
    """A root cause read from a log.

    ``key`` identifies the cause across jobs: two findings with equal keys are one
    finding seen in several jobs. ``details`` carries kind-specific facts (the
    requirement and its extra for pip, the Poetry version, the action name, ...).
    """

    kind: str
    tool: Tool
    message: str
    path: str | None = None  # repo-relative when resolved, else as the tool printed it
    line: int | None = None
    column: int | None = None
    code: str | None = None
    jobs: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    fixable: bool = False
    fix: str = ""
    resolved: bool = False  # True when ``path`` names a file of the repository
    raw_path: str | None = None  # the path exactly as the tool printed it
    workdir: str | None = None  # the step's working directory, repo-relative, when known
    command: str | None = None  # the command that printed it (``##[group]Run ...``)
    details: Mapping[str, str] = field(default_factory=dict)
    ident: str = ""  # the cause's subject when the message wording may vary (a name)

    @property
    def key(self) -> tuple[object, ...]:
        """What makes two sightings the same root cause (its place and its subject)."""
        return (self.kind, self.path or self.raw_path, self.line, self.ident or self.message)

    @property
    def location(self) -> str:
        """``path:line:col`` as far as it is known (clickable in terminals and editors)."""
        parts = [self.path or "<log>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "tool": self.tool,
            "path": self.path,
            "raw_path": self.raw_path,
            "resolved": self.resolved,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "jobs": list(self.jobs),
            "evidence": [e.to_json() for e in self.evidence],
            "fixable": self.fixable,
            "fix": self.fix,
            "workdir": self.workdir,
            "command": self.command,
            "details": dict(self.details),
        }


@dataclass(frozen=True, slots=True)
class JobSummary:
    """What happened to one job of the run."""

    name: str
    status: Literal["failed", "cancelled", "succeeded"]
    failed_step: str | None = None
    failed_command: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnosis:
    findings: tuple[Finding, ...]
    jobs: tuple[JobSummary, ...]
    # what a cap left unread, so that causes may be missing, one sentence each
    truncated: tuple[str, ...] = ()
    # what fixer changed to show it (a file name that is not UTF-8), one sentence each
    notes: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.findings) or any(j.status != "succeeded" for j in self.jobs)


class Safety(Enum):
    """How much a change can be trusted once verified."""

    SAFE = "safe"  # verified by the real tool; fine to push
    REVIEW = "review"  # verified, but a human should look (removes a dependency, ...)
    DISPLAY = "display"  # shown only, never committed


@dataclass(frozen=True, slots=True)
class CodemodContext:
    """Facts about the repository a codemod may need; gathered by the app, never by codemods."""

    min_python: tuple[int, int] | None = None  # the lowest Python the project supports
    poetry_version: tuple[int, ...] | None = None  # from the log or poetry.lock
    # (include, from) pairs of packages that exist beside the pyproject, e.g. ("backend", "src")
    package_candidates: tuple[tuple[str, str], ...] = ()
    strategy: str | None = None  # an alternative the codemod should use (e.g. "all-any")
    line_length: int = 88  # the project's formatter limit ([tool.ruff] / [tool.black])
    # imported names of the file that the rest of the project uses, each with why (a
    # ``path:line`` that imports it, a fixture, ...): an unused import that must stay
    keep_imports: tuple[tuple[str, str], ...] = ()
    mypy_python: tuple[int, int] | None = None  # mypy's python_version: what it checks against
    # ``path:line`` of the project's modules that do ``from <this module> import *``
    star_importers: tuple[str, ...] = ()
    # the failing tool at the project's version, run on a text as the file is (the fix
    # layer makes it): (text, findings) -> the tool's output; raises ToolError on failure
    reformat: Callable[[str, Sequence[Finding]], str] | None = None
    # the project's ESLint fixing the findings' rules in a text as the file is: (text,
    # findings) -> ESLint's output; raises Unfixable when it has no fix for a finding
    eslint_fix: Callable[[str, Sequence[Finding]], str] | None = None
    # whether an import whose bindings all go still runs its module at run time (True in
    # JavaScript; in TypeScript as the tsconfig says; None when it cannot be told)
    import_runs: bool | None = True
    # the tool that wrote a lock file (uv, Poetry, npm), at the CI's version, writing it
    # again in the scratch worktree: (text, findings) -> the new lock; raises ToolError or
    # Unfixable
    relock: Callable[[str, Sequence[Finding]], str] | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """A codemod's edit of one file: the whole text before and after."""

    path: str  # repo-relative, POSIX separators
    before: str
    after: str
    findings: tuple[Finding, ...]
    codemod: str
    safety: Safety = Safety.SAFE
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class Verification:
    """One run of a real tool, before and after the change."""

    tool: str
    command: tuple[str, ...]
    cwd: str  # repo-relative
    errors_before: int | None
    errors_after: int
    ok: bool
    detail: str = ""  # what failed, when it failed; why, when it could not run
    ran: bool = True  # False when the tool could not run (``ok`` then proves nothing)


# "unverified": changed, but a check of the failing tool could not run
# "tool-error": the tool that proves the fix crashed or timed out; nothing of it is kept
OutcomeStatus = Literal["fixed", "unchanged", "skipped", "failed", "unverified", "tool-error"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of the findings one fix addressed (one or several)."""

    findings: tuple[Finding, ...]
    status: OutcomeStatus
    reason: str = ""
    changes: tuple[Change, ...] = ()
    verifications: tuple[Verification, ...] = ()
    notes: tuple[str, ...] = ()
    traceback: str = ""  # when a step raised on these findings (status "failed")

    @property
    def finding(self) -> Finding:
        return self.findings[0]


@dataclass(frozen=True, slots=True)
class FixResult:
    """The outcome of ``fixer fix``: what was done, the diff, and where it was committed."""

    diagnosis: Diagnosis
    outcomes: tuple[Outcome, ...]
    diff: str
    base: str  # the commit the fix starts from
    branch: str | None = None
    commit: str | None = None
    dry_run: bool = False
    message: str = ""  # the commit message (also when it was not committed)
    allow_unverified: bool = False  # unverified changes are committed too
    # fixer's own earlier commit on ``branch`` (an earlier run's on this base), now replaced
    replaced: str | None = None

    @property
    def nothing_fixable(self) -> bool:
        """The run failed and fixer had nothing to try: every cause is left to a human."""
        return self.diagnosis.failed and not self.outcomes

    @property
    def complete(self) -> bool:
        """Every fixable finding was fixed and verified (or already was), or fixed with
        ``allow_unverified``."""
        done = ("fixed", "unchanged", "unverified") if self.allow_unverified else ()
        return all(o.status in ("fixed", "unchanged", *done) for o in self.outcomes)

    @property
    def committed_statuses(self) -> tuple[str, ...]:
        """The outcomes whose changes go into the commit."""
        return ("fixed", "unverified") if self.allow_unverified else ("fixed",)

    @property
    def committed(self) -> tuple[Outcome, ...]:
        """The outcomes whose changes are committed and may be pushed: their status is
        committed and their codemod's :class:`Safety` allows it (``DISPLAY`` is only shown)."""
        return tuple(
            o
            for o in self.outcomes
            if o.status in self.committed_statuses
            and all(c.safety is not Safety.DISPLAY for c in o.changes)
        )
