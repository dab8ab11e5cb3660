"""mypy as the CI step ran it: one baseline per distinct command, then one incremental run.

Tasks whose CI command was the same mypy invocation (same working directory, same
arguments) share a group: one cold baseline on the untouched worktree, started as early
as possible (:meth:`MypyChecks.prestart`, before the codemods even load), and one
incremental run after the changes, its interpreter loaded while the baseline still runs.
A task whose targeted error the baseline does not reproduce cannot be verified and is
dropped. Each finding claims its own baseline error (by column, else by the name in the
message), and the run after is compared through the line maps of the files the edits
changed (:mod:`fixer.verify.linemap`).
"""

from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.kinds import fixable, kind_of
from fixer.verify.linemap import LineMap, line_maps
from fixer.verify.mypy import (
    MypyError,
    MypyResult,
    MypyRun,
    WarmMypy,
    mypy_args,
    new_errors,
    remaining,
    targeted,
)
from fixer.verify.mypy_output import speaks_json
from fixer.verify.verdicts import TOOL_ERROR, Check, check

if TYPE_CHECKING:  # kept out of the import: they load libcst (see MypyChecks.prestart)
    from fixer.fix.apply import Edit
    from fixer.fix.plan import Task
    from fixer.model import Finding
    from fixer.snapshot import Snapshot

GroupKey = tuple[str, tuple[str, ...]]


@dataclass
class MypyGroup:
    cwd: str
    args: tuple[str, ...]
    baseline: MypyRun | None = None
    result: MypyResult | None = None
    after: MypyRun | None = None  # the run after the change, prepared during the baseline
    targets: dict[str, list[MypyError]] = field(default_factory=dict)  # task id -> errors
    claimed: list[MypyError] = field(default_factory=list)  # baseline errors findings named
    # the error each finding named, so that a task of some of them (or asked again) gets
    # the same errors: (finding key, column) -> error
    named: dict[tuple[object, ...], MypyError] = field(default_factory=dict)


class MypyChecks:
    def __init__(
        self, root: Path, cache: Path, python: str | None, as_json: bool | None = None
    ) -> None:
        self.root, self.cache, self.python = root, cache, python
        self.as_json = as_json  # None: JSON when the mypy in use has it
        self.groups: dict[GroupKey, MypyGroup] = {}
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.warm: WarmMypy | None = None  # a loaded interpreter for the first baseline

    @staticmethod
    def wanted(scanned: Iterable[Finding]) -> bool:
        """Whether :meth:`prestart` will start a baseline for any of the findings, as the
        logs' scan gives them (before diagnosis sets ``fixable``)."""
        return any(_prestarts(replace(f, fixable=fixable(f))) for f in scanned)

    @classmethod
    def early(
        cls,
        snapshot: Snapshot,
        python: str | None,
        findings: Iterable[Finding],
        warm: WarmMypy | None = None,
    ) -> MypyChecks:
        """The checks of ``snapshot``'s worktree, their cache in a temporary folder of
        their own (removed by :meth:`close`), the baselines of ``findings`` started
        (:meth:`prestart`), the first in ``warm`` (which they own from now on)."""
        tmp = tempfile.TemporaryDirectory(prefix="fixer-cache-")
        as_json = speaks_json(snapshot.mypy) if snapshot.mypy else None
        checks = cls(snapshot.root, Path(tmp.name), python, as_json)
        checks._tmp, checks.warm = tmp, warm
        try:
            checks.prestart(findings)
        except BaseException:
            checks.close()
            raise
        return checks

    def close(self) -> None:
        for group in self.groups.values():
            if group.baseline is not None and group.result is None:
                group.baseline.stop()
            if group.after is not None:
                group.after.stop()
        if self.warm is not None:
            self.warm.stop()
            self.warm = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def group_for(self, task: Task) -> MypyGroup:
        args = mypy_args(task.findings[0].command)
        cwd = task.workdir
        if args is None:  # the CI did not call mypy directly: check the changed files
            args = [posixpath.relpath(p, cwd or ".") for p in task.files]
        return self._group(cwd, tuple(args))

    def _group(self, cwd: str, args: tuple[str, ...]) -> MypyGroup:
        if (cwd, args) not in self.groups:
            self.groups[(cwd, args)] = MypyGroup(cwd, args)
        return self.groups[(cwd, args)]

    def _run(self, group: MypyGroup, warm: WarmMypy | None = None) -> MypyRun:
        return MypyRun(
            self.root, group.cwd, group.args, self.cache, self.python, self.as_json, warm
        )

    def _start(self, group: MypyGroup) -> None:
        if group.baseline is None:
            warm, self.warm = self.warm, None
            group.baseline = self._run(group, warm).start()

    def prestart(self, findings: Iterable[Finding]) -> None:
        """Start the baselines for the CI commands of the findings now, before the codemods
        are even loaded: a cold baseline is the longest step of a fix, and it needs only
        the untouched worktree. :meth:`start` adopts them (and stops one that no task turns
        out to need)."""
        for finding in findings:
            if _prestarts(finding):
                args = mypy_args(finding.command)
                assert args is not None
                self._start(self._group(finding.workdir or "", tuple(args)))

    def start(self, tasks: Sequence[Task]) -> None:
        needed: set[GroupKey] = set()
        for task in tasks:
            if task.plugin.verifier == "mypy":
                group = self.group_for(task)
                self._start(group)
                needed.add((group.cwd, group.args))
        for key in [k for k in self.groups if k not in needed]:  # prestarted, not needed
            unused = self.groups.pop(key)
            if unused.baseline is not None:
                unused.baseline.stop()

    def finish(self, tasks: Sequence[Task]) -> dict[str, str]:
        """Wait for the baselines; the tasks whose error mypy does not reproduce are dropped
        (task id -> why)."""
        mine = [t for t in tasks if t.plugin.verifier == "mypy"]
        for task in mine:
            group = self.group_for(task)
            if group.after is None:
                group.after = self._run(group).prepare()
        for group in self.groups.values():
            if group.baseline is not None and group.result is None:
                group.result = group.baseline.wait()
        dropped: dict[str, str] = {}
        for task in mine:
            reason = self._reproduce(task, self.group_for(task))
            if reason:
                dropped[task.id] = reason
        return dropped

    def _reproduce(self, task: Task, group: MypyGroup) -> str | None:
        """Record the baseline errors the task targets; why it cannot, if it cannot."""
        assert group.result is not None
        if group.result.crashed:
            return f"{TOOL_ERROR}mypy did not finish on the untouched tree: {group.result.problem}"
        if group.result.problem:
            return f"mypy could not check the project: {group.result.problem}"
        errors: list[MypyError] = []
        for f in task.findings:
            error = group.named.get((f.key, f.column))
            if error is None:
                error = targeted(group.result, f, group.claimed + errors)
            if error is None:
                return (
                    f"`{group.result.command}` here does not report "
                    f"{f.location} ({f.code}); the fix cannot be verified"
                )
            errors.append(error)
        group.targets[task.id] = errors
        group.claimed += [e for e in errors if e not in group.claimed]
        group.named.update(
            ((f.key, f.column), e) for f, e in zip(task.findings, errors, strict=True)
        )
        return None

    def run_now(self, cwd: str, args: Sequence[str]) -> MypyResult:
        """One mypy run now, sharing the incremental cache."""
        return MypyRun(self.root, cwd, args, self.cache, self.python, self.as_json).wait()

    def release(self, tasks: Sequence[Task]) -> None:
        """Let the prepared runs after the change of the tasks' groups check now (the
        changes are written), while the other checks of the change run."""
        for task in tasks:
            if task.plugin.verifier == "mypy":
                after = self.group_for(task).after
                if after is not None:
                    after.release()

    def verify(
        self,
        tasks: Sequence[Task],
        results: dict[str, list[Check]],
        edits: Mapping[str, Edit] | None = None,
    ) -> None:
        """One incremental run per group; a verdict for each of its tasks. ``edits`` (task
        id -> edit) give the line maps that the errors before are compared through."""
        maps = self._maps(tasks, edits or {})
        by_group: dict[GroupKey, list[Task]] = {}
        for task in tasks:
            if task.plugin.verifier == "mypy":
                group = self.group_for(task)
                by_group.setdefault((group.cwd, group.args), []).append(task)
        for key, members in by_group.items():
            group = self.groups[key]
            assert group.result is not None
            run, group.after = group.after or self._run(group), None
            after = run.wait()
            fresh = new_errors(group.result, after, maps)
            for task in members:
                left = remaining(after, group.targets.get(task.id, []), group.result, maps)
                detail = verdict(after, left, fresh)
                command = tuple(after.command.split())
                results[task.id].append(
                    check(
                        "mypy",
                        not detail,
                        detail,
                        group.cwd,
                        command,
                        before=group.result.count(),
                        after=after.count(),
                    )
                )

    @staticmethod
    def _maps(tasks: Sequence[Task], edits: Mapping[str, Edit]) -> dict[str, LineMap]:
        """For each changed file: its text before any fix (the baseline's) and after the
        last edit."""
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        for task in tasks:
            edit = edits.get(task.id)
            if edit is not None:
                for path, text in edit.texts.items():
                    before.setdefault(path, edit.start(path))
                    after[path] = text
        return line_maps(before, after)


def _prestarts(finding: Finding) -> bool:
    """A fixable finding of mypy's whose CI command named mypy's arguments (else the files
    to check depend on the plan)."""
    verified = finding.fixable and kind_of(finding.kind).verifier == "mypy"
    return verified and mypy_args(finding.command) is not None


def verdict(after: MypyResult, left: list[MypyError], fresh: list[MypyError]) -> str:
    if after.crashed:
        return f"{TOOL_ERROR}mypy did not finish after the change: {after.problem}"
    if after.problem:
        return f"mypy failed: {after.problem}"
    if left:
        return f"mypy still reports {left[0].path}:{left[0].line}: {left[0].message}"
    if fresh:
        e = fresh[0]
        return f"mypy reports a new error: {e.path}:{e.line}: {e.message} [{e.code}]"
    return ""
