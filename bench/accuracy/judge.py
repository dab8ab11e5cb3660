"""Each finding's fate, decided by independent checks rather than by fixer's report.

A finding fixer committed is *fixed* only when the targeted error is gone, no new mypy or
ruff error appears (compared through the diff's line map), every changed module that
imported before still imports under each supported Python, and the tests that collected
before still collect with their fixtures; otherwise it is *wrong*, with the check and its
output. A finding fixer skipped is *refused* (with its reason); one it never reached,
or whose fix failed or crashed, is *missed*.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.accuracy.linemap import FileDiff, Hunk
from bench.accuracy.tools import Error

KINDS = {"type-arg": "mypy.type-arg", "F401": "ruff.F401"}


@dataclass(slots=True)
class Verdict:
    error: Error
    status: str  # fixed, wrong, refused, missed
    reason: str = ""
    failures: list[dict[str, str]] = field(default_factory=list)  # check, output, hunk

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.error.path,
            "line": self.error.line,
            "column": self.error.column,
            "code": self.error.code,
            "message": self.error.message,
            "status": self.status,
            "reason": self.reason,
            "failures": self.failures,
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """An independent check that failed, and where (path, after-edit line) when known."""

    check: str
    output: str
    path: str | None = None
    line: int | None = None
    name: str | None = None  # a name the failure mentions (an import of a removed name)
    hunk: Hunk | None = None  # the hunk shown to cause it


def outcome_of(fixer: dict[str, Any]) -> dict[tuple[str, str, int], list[dict[str, Any]]]:
    """fixer's outcomes by (kind, path, line) of the findings they address."""
    table: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for outcome in fixer.get("outcomes", []):
        for f in outcome.get("findings", []):
            table.setdefault((f["kind"], f["path"], f["line"]), []).append(outcome)
    return table


def initial(errors: list[Error], fixer: dict[str, Any] | None, crash: str) -> list[Verdict]:
    """Verdicts from fixer's own report: fixed (to be checked), refused or missed."""
    if fixer is None:
        return [Verdict(e, "missed", f"fixer crashed: {crash}") for e in errors]
    table = outcome_of(fixer)
    used: Counter[tuple[str, str, int]] = Counter()
    verdicts = []
    for e in errors:
        key = (KINDS[e.code], e.path, e.line)
        outcomes = table.get(key, [])
        outcome = outcomes[min(used[key], len(outcomes) - 1)] if outcomes else None
        used[key] += 1
        if outcome is None:
            verdicts.append(Verdict(e, "missed", "fixer reported no outcome for it"))
        elif outcome["status"] == "fixed":
            verdicts.append(Verdict(e, "fixed"))
        elif outcome["status"] == "skipped":
            verdicts.append(Verdict(e, "refused", outcome.get("reason", "")))
        else:
            why = outcome.get("reason", "") or outcome["status"]
            verdicts.append(Verdict(e, "missed", f"{outcome['status']}: {why}"))
    return verdicts


def _hunk_for(verdict: Verdict, diff: dict[str, FileDiff]) -> Hunk | None:
    fd = diff.get(verdict.error.path)
    if fd is None:
        return None
    return fd.hunk_of_old(verdict.error.line) or next(
        (h for h in fd.hunks if abs(h.old_start - verdict.error.line) <= 2), None
    )


def _blame(failure: Failure, fixed: list[Verdict], diff: dict[str, FileDiff]) -> list[Verdict]:
    """The fixes a failed check points at: by hunk, line, file, then by name, else all."""
    if failure.hunk is not None:
        return [v for v in fixed if _hunk_for(v, diff) == failure.hunk]
    if failure.path is not None and failure.line is not None:
        fd = diff.get(failure.path)
        h = fd.hunk_of_new(failure.line) if fd else None
        if h is not None:
            hit = [v for v in fixed if _hunk_for(v, diff) == h]
            if hit:
                return hit
    if failure.path is not None:
        hit = [v for v in fixed if v.error.path == failure.path]
        if hit:
            return hit
    if failure.name is not None:
        hit = [
            v
            for v in fixed
            if f"`{failure.name}`" in v.error.message
            or f"`{failure.name.rsplit('.', 1)[-1]}`" in v.error.message
        ]
        if hit:
            return hit
    return fixed


def judge(
    verdicts: list[Verdict],
    gone: list[Error],
    failures: list[Failure],
    diff: dict[str, FileDiff],
) -> None:
    """Turn the fixed verdicts whose checks failed into wrong ones (in place)."""
    fixed = [v for v in verdicts if v.status == "fixed"]
    left = Counter(gone)
    for v in fixed:
        if left[v.error]:
            left[v.error] -= 1
        else:
            _fail(v, Failure("targeted error gone", f"still reported: {v.error.where()}"), diff)
    for failure in failures:
        for v in _blame(failure, fixed, diff):
            _fail(v, failure, diff)


def _fail(v: Verdict, failure: Failure, diff: dict[str, FileDiff]) -> None:
    v.status = "wrong"
    h = _hunk_for(v, diff)
    v.failures.append(
        {"check": failure.check, "output": failure.output, "hunk": h.text if h else ""}
    )
