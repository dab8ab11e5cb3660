"""Apply and prove the fixes in a worktree; undo whatever cannot be proven.

For each task: a precondition (the package index confirms that no release satisfies a
requirement before it is removed), the codemod's new texts, then checks with the real
tools. mypy's baseline runs in the background on the untouched tree while the
codemods compute; the changes are written after it, and one incremental mypy run
checks them all. When a batch fails, its tasks are undone and retried one at a time,
each with its alternatives (``dict[Any, Any]`` after ``dict[str, Any]``); a task that
cannot be proven is rolled back whole.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from fixer.codemods.python.ignore_untyped_import import IgnoreUntypedImport
from fixer.fix.apply import ALREADY, Edit, compute, make_context
from fixer.fix.checks import Checker
from fixer.fix.facts import context_for
from fixer.fix.plan import Task
from fixer.fix.stubs import mypy_step, stub_module, typed_note, untyped_findings
from fixer.fix.verdicts import Check
from fixer.forge.files import SourceText, read_text, restore, snapshot, write_text
from fixer.model import Change, Outcome, OutcomeStatus, Verification
from fixer.progress import Progress
from fixer.verify.mypy import matching_stub_errors, new_errors


@dataclass
class Session:
    root: Path  # the worktree
    checker: Checker
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    sources: dict[str, SourceText] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.context = make_context(lambda finding, path: context_for(self.root, finding, path))

    def read(self, path: str) -> str:
        if path not in self.current:
            self.sources[path] = read_text(self.root, path)
            self.current[path] = self.sources[path].text
        return self.current[path]

    def write(self, texts: dict[str, str]) -> None:
        for path, text in texts.items():
            self.read(path)
            before = (self.root / path).stat().st_mtime
            write_text(self.root, path, self.sources[path], text)
            self.current[path] = text
            _bump_mtime(self.root / path, before)

    def run(self, tasks: Sequence[Task]) -> list[Outcome]:
        outcomes: dict[str, Outcome] = {}
        ready: list[Task] = []
        self.prechecks: dict[str, list[Check]] = {}
        for task in tasks:
            reason, checks = self.checker.precondition(task)
            self.prechecks[task.id] = checks
            if reason:
                outcomes[task.id] = _outcome(task, "skipped", reason, checks)
            else:
                ready.append(task)
        self.progress.update("running the baseline checks")
        self.checker.start_baselines(ready)
        edits: dict[str, Edit] = {}
        for task in ready:
            edit = compute(task, self.read, self.context, task.strategies[0])
            if edit.texts:
                edits[task.id] = edit
            elif edit.reasons == (ALREADY,):
                outcomes[task.id] = _outcome(task, "unchanged", ALREADY)
            else:
                outcomes[task.id] = _outcome(task, "skipped", "; ".join(edit.reasons))
        applied = [t for t in ready if t.id in edits]
        by_id = {t.id: t for t in applied}
        for task_id, reason in self.checker.finish_baselines(applied).items():
            outcomes[task_id] = _outcome(by_id[task_id], "skipped", reason)
            del edits[task_id]
        applied = [t for t in applied if t.id in edits]
        self.progress.update(f"verifying {len(applied)} fix(es)")
        saved = snapshot(self.root, sorted({p for e in edits.values() for p in e.texts}))
        for task in applied:
            self.write(edits[task.id].texts)
        results = self.checker.verify(applied, edits)
        retry = _with_overlaps(
            [t for t in applied if not all(c.ok for c in results[t.id])], applied, edits
        )
        if retry:
            self._undo(saved, sorted({p for t in retry for p in edits[t.id].texts}))
        for task in applied:
            if task not in retry:
                outcomes[task.id] = self._fixed(task, edits[task.id], results[task.id])
                if task.kind == "pip.no-matching-distribution":
                    outcomes[task.id] = self._stub_followup(task, outcomes[task.id])
        for task in retry:
            self.progress.update(f"retrying {task.findings[0].location} alone")
            outcomes[task.id] = self._one_by_one(task, results[task.id])
        self.progress.done()
        return [outcomes[t.id] for t in tasks]

    def _one_by_one(self, task: Task, first: list[Check]) -> Outcome:
        """Retry a task alone with each of its strategies; roll it back if none holds."""
        tried: list[Check] = list(first)
        for strategy in task.strategies:
            edit = compute(task, self.read, self.context, strategy)
            if not edit.texts:
                continue
            saved = snapshot(self.root, sorted(edit.texts))
            self.write(edit.texts)
            checks = self.checker.verify([task], {task.id: edit})[task.id]
            if all(c.ok for c in checks):
                return self._fixed(task, edit, checks)
            tried += checks
            self._undo(saved, sorted(edit.texts))
        failed = [c for c in tried if not c.ok]
        reason = "; ".join(dict.fromkeys(c.detail for c in failed)) or "verification failed"
        return _outcome(task, "failed", f"rolled back: {reason}", tried)

    def _stub_followup(self, task: Task, outcome: Outcome) -> Outcome:
        """After removing ``types-X``: say whether X is typed; if mypy now reports missing
        stubs for X, mark those imports ``# type: ignore[import-untyped]`` (verified)."""
        notes, changes, checks = list(outcome.notes), list(outcome.changes), []
        for finding in task.findings:
            module = stub_module(finding.details.get("name", ""))
            if module is None:
                continue
            notes.append(typed_note(module, self.checker.python))
            step = mypy_step(self.checker.workflows, finding)
            if step is None:
                notes.append("the workflows run no mypy step; stubs were not checked")
                continue
            self.progress.update(f"checking mypy for missing stubs of {module}")
            before = self.checker.mypy(step.cwd, step.args)
            found = untyped_findings(before, module) if not before.problem else []
            if before.problem or not found:
                why = before.problem or f"it reports no missing stubs for {module}"
                notes.append(f"`{before.command}`: {why}")
                continue
            files = tuple(sorted({f.path or "" for f in found}))
            fallback = Task(f"{task.id}-stubs", (IgnoreUntypedImport(),), tuple(found), files)
            edit = compute(fallback, self.read, self.context)
            if not edit.texts:
                notes.append("could not mark the imports: " + "; ".join(edit.reasons))
                continue
            saved = snapshot(self.root, sorted(edit.texts))
            self.write(edit.texts)
            after = self.checker.mypy(step.cwd, step.args)
            fresh, left = new_errors(before, after), matching_stub_errors(after, module)
            ok = not (after.problem or fresh or left)
            detail = "" if ok else (after.problem or f"{(fresh or left)[0].message}")
            checks.append(
                Verification(
                    "mypy",
                    tuple(after.command.split()),
                    step.cwd,
                    before.count(),
                    after.count(),
                    ok,
                    detail,
                )
            )
            if not ok:
                self._undo(saved, sorted(edit.texts))
                notes.append(f"marking the imports of {module} did not verify; rolled back")
                continue
            changes += [
                Change(p, edit.before[p], t, tuple(found), edit.codemod)
                for p, t in edit.texts.items()
            ]
            notes.append(
                f"mypy reported missing stubs for {module}: its imports are marked "
                "`# type: ignore[import-untyped]`"
            )
        return replace(
            outcome,
            changes=tuple(changes),
            verifications=outcome.verifications + tuple(checks),
            notes=tuple(notes),
        )

    def _undo(self, saved: dict[str, bytes | None], paths: Sequence[str]) -> None:
        stamps = {p: (self.root / p).stat().st_mtime for p in paths if (self.root / p).exists()}
        restore(self.root, {p: saved[p] for p in paths if p in saved})
        for path, before in stamps.items():
            if (self.root / path).exists():
                _bump_mtime(self.root / path, before)
        for path in paths:
            self.current.pop(path, None)
            self.sources.pop(path, None)

    def _fixed(self, task: Task, edit: Edit, checks: list[Check]) -> Outcome:
        safety = task.codemods[0].safety
        changes = tuple(
            Change(path, edit.before[path], text, task.findings, edit.codemod, safety)
            for path, text in edit.texts.items()
        )
        checks = [*self.prechecks.get(task.id, []), *checks]
        notes = tuple(c.note for c in checks if c.note)
        verifications = tuple(c.verification for c in checks)
        return Outcome(task.findings, "fixed", "", changes, verifications, notes)


def _bump_mtime(path: Path, before: float) -> None:
    """Give a rewritten file a later whole-second mtime: mypy's cache trusts an unchanged
    (size, integer mtime) pair, and ``dict[str, Any]`` and ``dict[Any, Any]`` are the same
    size."""
    stamp = max(int(time.time()), int(before) + 1)
    os.utime(path, (stamp, stamp))


def _with_overlaps(failed: list[Task], applied: list[Task], edits: dict[str, Edit]) -> list[Task]:
    """Failed tasks, plus the tasks that changed the same files (undone together)."""
    paths = {p for t in failed for p in edits[t.id].texts}
    grown = True
    out = list(failed)
    while grown:
        grown = False
        for task in applied:
            if task not in out and paths & set(edits[task.id].texts):
                out.append(task)
                paths |= set(edits[task.id].texts)
                grown = True
    return [t for t in applied if t in out]


def _outcome(
    task: Task, status: OutcomeStatus, reason: str, checks: Sequence[Check] = ()
) -> Outcome:
    verifications = tuple(c.verification for c in checks)
    return Outcome(task.findings, status, reason, (), verifications)
