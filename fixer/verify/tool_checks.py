"""The CI's own check, re-run with the project's version of the tool that failed.

For the kinds whose fix is the tool's output (:class:`~fixer.kinds._tool.ToolKind`:
``ruff format``, ``black``, ``isort``, ``ruff check --fix``):

- before any change (the kind's precondition): the version the CI ran is established
  (:func:`fixer.forge.tools.pinned`) and installed apart (:func:`fixer.forge.tools.install`),
  and the CI step's check runs on the untouched worktree, from the step's working
  directory, as the step ran it (its own arguments; ``--no-cache`` for ruff). It must
  report every file (and rule) the task fixes: when no version is known, it cannot be
  installed, or it does not reproduce the failure, nothing is changed and the report
  says why;
- after the change: the same check again. The task's files must be reported no more
  (for rules: the fixed codes are gone from the file, as many as were fixed) and nothing
  new may be reported in them. The check's output is read by the kind's own reader, the
  one its log parser uses (:meth:`~fixer.kinds._tool.ToolKind.reported`).

A change to a file the log does not name is refused. Each check says which version made
and proved the fix, and where that version was read.
"""

from __future__ import annotations

import os
import posixpath
import shlex
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from fixer.errors import ToolError
from fixer.forge.tools import Pinned, installer, pinned, provide, tool_env
from fixer.kinds._tool import Reported, ToolKind
from fixer.proc import run
from fixer.verify.verdicts import TOOL_ERROR, Check, check

if TYPE_CHECKING:
    from fixer.fix.apply import Edit
    from fixer.fix.plan import Task
    from fixer.model import Finding
    from fixer.snapshot import Snapshot

TIMEOUT = 600
CRASH = "Traceback (most recent call last):"  # how Python starts an uncaught exception


@dataclass(frozen=True, slots=True)
class Plan:
    kind: ToolKind
    pin: Pinned
    argv: tuple[str, ...]
    shown: tuple[str, ...]  # the command as the report shows it
    cwd: str  # repo-relative
    note: str


class ToolChecks:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot, self.root = snapshot, snapshot.root
        self._before: dict[tuple[tuple[str, ...], str], Reported | str] = {}
        self._after: dict[tuple[tuple[str, ...], str], Reported | str] = {}
        self._plans: dict[str, Plan] = {}
        self._lines: dict[tuple[tuple[str, ...], str], list[str]] = {}  # the runs' after

    def reset(self) -> None:
        """The tree changed: the next checks run again."""
        self._after.clear()

    def precondition(self, task: Task) -> tuple[str | None, list[Check]]:
        kind = task.plugin
        assert isinstance(kind, ToolKind)
        finding = task.findings[0]
        index = self.snapshot.index
        pin = pinned(kind.tool, finding.details, task.workdir, index.files, index.read)
        if pin is None:
            return (
                f"no version of {kind.tool} is named by the log, a lock file,"
                " .pre-commit-config.yaml or an exact pin in pyproject.toml; fixer does not"
                " guess one (a formatter's output changes between versions)",
                [],
            )
        try:
            tool = provide(pin, self.root)
        except ToolError as exc:
            detail = str(exc) if installer(pin) == "uv" else exc.stderr.strip() or str(exc)
            detail = " ".join(detail.split())[:400]
            return f"could not install {pin.shown} with {installer(pin)}: {detail}", []
        plan = self._plan(kind, task, pin, tool)
        self._plans[task.id.split(".", 1)[0]] = plan
        before = self._run(plan, self._before)
        if isinstance(before, str):
            made = self._check(kind, plan, False, f"{TOOL_ERROR}{before}", None, None)
            return f"{TOOL_ERROR}{pin.shown} did not run the CI's check: {before}", [made]
        for finding in task.findings:
            key = kind.key(finding)
            if not before[key]:
                what = _shown(key)
                reason = (
                    f"{pin.shown}, running the CI's check on the untouched tree, does not report"
                    f" {what}: the failure does not reproduce, so nothing is changed"
                )
                return reason, [self._check(kind, plan, False, reason, None, None)]
        # the run on the untouched tree: it reproduces the failure (no before and after)
        return None, [self._check(kind, plan, True, "", None, None)]

    def verify(self, task: Task, edit: Edit) -> list[Check]:
        kind = task.plugin
        assert isinstance(kind, ToolKind)
        plan = self._plans.get(task.id.split(".", 1)[0])
        if plan is None:
            return [check(kind.tool, False, "the check before the change did not run")]
        named = {f.path for f in task.findings}
        strays = sorted(p for p in edit.texts if p not in named)
        if strays:
            why = f"the change edits {strays[0]}, a file the log does not name"
            return [self._check(kind, plan, False, why, None, None)]
        before = self._before[(plan.argv, plan.cwd)]
        assert not isinstance(before, str)
        after = self._run(plan, self._after)
        if isinstance(after, str):
            return [self._check(kind, plan, False, f"{TOOL_ERROR}{after}", before, None)]
        problem = _compare(kind, task, set(edit.texts), before, after)
        fresh = self._fresh(kind, task, plan, set(edit.texts), before, after) if problem else ()
        made = self._check(kind, plan, problem is None, problem or "", before, after)
        return [replace(made, fresh=fresh)]

    # -- helpers -------------------------------------------------------------------------

    def _plan(self, kind: ToolKind, task: Task, pin: Pinned, tool: list[str]) -> Plan:
        finding = task.findings[0]
        cwd = task.workdir
        args = kind.check_args(kind.ci_command(finding))
        note = f"made and checked with {pin.shown}"
        if args is None:
            names = [posixpath.relpath(p, cwd or ".") for p in task.files]
            args = kind.default_check(names)
            note += (
                f"; the CI step's command does not run `{kind.tool}"
                f" {' '.join(kind.default_check([]))}` itself, so the check ran on the named files"
            )
        shown = (kind.tool, *args)
        return Plan(kind, pin, (*tool, *args), shown, cwd, note)

    def _run(
        self, plan: Plan, memo: dict[tuple[tuple[str, ...], str], Reported | str]
    ) -> Reported | str:
        key = (plan.argv, plan.cwd)
        if key not in memo:
            memo[key], lines = self._execute(plan)
            if memo is self._after:
                self._lines[key] = lines
        return memo[key]

    def _fresh(
        self,
        kind: ToolKind,
        task: Task,
        plan: Plan,
        files: set[str],
        before: Reported,
        after: Reported,
    ) -> tuple[Finding, ...]:
        """What the check reports now and never did, in ``files``, as findings tied to the
        repository (their lines are the changed files'), when that is all that refutes
        the change; none when one of the new reports is only one more of an old one."""
        fixed = Counter(kind.key(f) for f in task.findings)
        if any(after[k] > max(0, before[k] - n) for k, n in fixed.items()):
            return ()
        new = {k for k, n in after.items() if k[0] in files and n > before[k]}
        if not new or any(before[k] for k in new):
            return ()
        first = task.findings[0]
        out: list[Finding] = []
        for printed, finding in kind.findings(self._lines.get((plan.argv, plan.cwd), [])):
            (key,) = self._repo_paths(Counter([printed]), plan.cwd)
            if key not in new:
                continue
            path = key[0]
            out.append(
                replace(
                    finding,
                    path=path,
                    resolved=True,
                    jobs=first.jobs,
                    workdir=first.workdir,
                    command=first.command,
                )
            )
        return tuple(out)

    def _execute(self, plan: Plan) -> tuple[Reported | str, list[str]]:
        """What the check reports (or why it did not run), and its output."""
        kind_cwd = self.root / plan.cwd
        try:
            done = run(plan.argv, kind_cwd, timeout=TIMEOUT, env=tool_env())
        except ToolError as exc:
            return str(exc), []
        if done.returncode not in (0, 1):
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
            why = f"{shlex.join(plan.shown)} exited with {done.returncode}: {tail[0]}"[:300]
            return why, []
        if done.returncode == 1 and CRASH in done.stderr.splitlines():
            # a Python tool's uncaught exception exits 1, as a failed check does
            last = done.stderr.strip().splitlines()[-1]
            return f"{shlex.join(plan.shown)} crashed: {last}"[:300], []
        lines = (done.stdout + "\n" + done.stderr).splitlines()
        return self._repo_paths(plan.kind.reported(lines), plan.cwd), lines

    def _repo_paths(self, reported: Reported, cwd: str) -> Reported:
        root = os.path.realpath(self.root)
        out: Reported = Counter()
        for (printed, code, message), times in reported.items():
            path = printed.replace("\\", "/")
            if posixpath.isabs(path):
                real = os.path.realpath(path)
                rel = os.path.relpath(real, root) if real.startswith(root + os.sep) else path
            else:
                rel = posixpath.normpath(posixpath.join(cwd or ".", path))
            out[(rel.replace(os.sep, "/"), code, message)] += times
        return out

    def _check(
        self,
        kind: ToolKind,
        plan: Plan,
        ok: bool,
        detail: str,
        before: Reported | None,
        after: Reported | None,
    ) -> Check:
        return check(
            kind.tool,
            ok,
            detail,
            plan.cwd,
            plan.shown,
            before=sum(before.values()) if before is not None else None,
            after=sum(after.values()) if after is not None else 0,
            note=plan.note,
        )


def _compare(
    kind: ToolKind, task: Task, files: set[str], before: Reported, after: Reported
) -> str | None:
    """Why the check after the change does not prove it (None when it does)."""
    fixed = Counter(kind.key(f) for f in task.findings)
    for key, times in fixed.items():
        if after[key] > max(0, before[key] - times):
            return f"{kind.tool}, re-running the CI's check, still reports {_shown(key)}"
    for key, times in after.items():
        if key[0] in files and times > before[key]:
            return f"{kind.tool}, re-running the CI's check, reports something new: {_shown(key)}"
    return None


def _shown(key: tuple[str, str, str]) -> str:
    path, code, message = key
    return f"{code} in {path} ({message})" if code else path
