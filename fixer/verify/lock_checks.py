"""A stale lock's proof: the tool's own read-only check of the lock, at the CI's version.

For the kinds of :class:`~fixer.kinds._lock.LockKind` (``uv.lock``, ``poetry.lock``):

- before any change (the kind's precondition): the version the CI ran is established
  (:func:`fixer.forge.relock.lock_pin`) and installed apart, and its check (``uv lock
  --check``, ``poetry check --lock``) runs on the untouched worktree from the lock's
  folder: it must fail and say that the lock is stale. When no version is known, it
  cannot be installed, or it does not reproduce the failure, nothing is changed and the
  report says why. The CI's own command (``uv sync --locked``, ``poetry install``) is not
  run: it installs the project;
- after the change: the same check must pass (exit code 0, the lock no longer stale),
  and the change may touch the lock alone. The reports summarize what the new lock
  changed (:mod:`fixer.report.lockdiff`: packages added, removed and changed).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fixer.errors import ToolError, Unfixable
from fixer.forge.relock import check, lock_kind, lock_pin
from fixer.forge.tools import Pinned, provide
from fixer.kinds._lock import LockKind
from fixer.verify.verdicts import TOOL_ERROR, Check
from fixer.verify.verdicts import check as _check

if TYPE_CHECKING:
    from fixer.fix.apply import Edit
    from fixer.fix.plan import Task
    from fixer.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Plan:
    kind: LockKind
    pin: Pinned
    tool: tuple[str, ...]
    folder: str  # the lock's, repo-relative
    shown: tuple[str, ...]  # the check as the report shows it

    @property
    def note(self) -> str:
        return f"made and checked with {self.pin.shown}"


class LockChecks:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot, self.root = snapshot, snapshot.root
        self._plans: dict[str, Plan] = {}

    def precondition(self, task: Task) -> tuple[str | None, list[Check]]:
        finding = task.findings[0]
        kind = lock_kind(finding)
        pin = lock_pin(kind, finding, self.snapshot.index)
        if pin is None:
            return (
                f"no version of {kind.tool} is named by the log or the repository; fixer does"
                f" not guess one (a lock's format and resolution change between versions)",
                [],
            )
        try:
            tool = provide(pin, self.root)
        except ToolError as exc:
            return f"could not install {pin.shown} with uv: {' '.join(str(exc).split())[:400]}", []
        folder = posixpath.dirname(task.files[0])
        shown = (kind.tool, *kind.check_args(pin.version))
        plan = Plan(kind, pin, tuple(tool), folder, shown)
        self._plans[task.id.split(".", 1)[0]] = plan
        try:
            done = check(kind, pin, tool, self.root, self.snapshot.index, task.files[0])
        except ToolError as exc:
            reason = f"{TOOL_ERROR}{pin.shown} did not run its check: {exc}"
            return reason, [self._check(plan, False, reason, None)]
        except Unfixable as exc:
            return exc.reason, [self._check(plan, False, exc.reason, None)]
        output = (done.stdout + "\n" + done.stderr).splitlines()
        stale = kind.stale(output)
        if done.returncode == 0 or stale is None:
            last = next((line for line in reversed(output) if line.strip()), "")
            said = (
                f" (exit code {done.returncode}: {last.strip()[:200]})" if done.returncode else ""
            )
            reason = (
                f"{pin.shown}, checking {task.files[0]} on the untouched tree, does not report it"
                f" out of date{said}: the failure does not reproduce, so nothing is changed"
            )
            return reason, [self._check(plan, False, reason, None)]
        said = f"reports {task.files[0]} out of date on the untouched tree, as the CI did"
        return None, [self._check(plan, True, said, None)]

    def verify(self, task: Task, edit: Edit) -> list[Check]:
        plan = self._plans.get(task.id.split(".", 1)[0])
        if plan is None:
            return [_check(lock_kind(task.findings[0]).tool, False, "the check before did not run")]
        lock = task.files[0]
        strays = sorted(p for p in edit.texts if p != lock)
        if strays:
            why = f"the change edits {strays[0]}: only the lock may change"
            return [self._check(plan, False, why, 1)]
        try:
            done = check(plan.kind, plan.pin, plan.tool, self.root, self.snapshot.index, lock)
        except ToolError as exc:
            return [self._check(plan, False, f"{TOOL_ERROR}{exc}", 1)]
        except Unfixable as exc:
            return [self._check(plan, False, exc.reason, 1)]
        output = (done.stdout + "\n" + done.stderr).splitlines()
        if plan.kind.stale(output) is not None:
            return [
                self._check(plan, False, f"{' '.join(plan.shown)} still reports {lock} stale", 1)
            ]
        if done.returncode != 0:
            last = next((line for line in reversed(output) if line.strip()), "")
            why = f"{' '.join(plan.shown)} exited with {done.returncode}: {last.strip()[:300]}"
            return [self._check(plan, False, why, 1)]
        return [self._check(plan, True, "", 1)]

    def _check(
        self, plan: Plan, ok: bool, detail: str, before: int | None, note: str = ""
    ) -> Check:
        return _check(
            plan.kind.tool,
            ok,
            detail,
            plan.folder,
            plan.shown,
            before=before,
            after=0 if ok else int(before is not None),
            note=note or plan.note,
        )
