"""Apply and prove the fixes in a worktree; undo whatever cannot be proven.

Every finding ends on its own: fixed, unverified (a check of the failing tool could not
run), unchanged, skipped (with the reason) or failed (rolled back, with the traceback
when a step raised). The steps: a precondition (the package index confirms that no
release satisfies a requirement before it is removed), the codemod's new texts, then
checks with the real tools. mypy's baseline runs in the background on the untouched tree
while the codemods compute; the changes are written after it, and one incremental mypy
run checks them all.

A task holds the findings one codemod fixes in one file. When the codemod skips one of
them, that finding is dropped and the others are recomputed (:mod:`fixer.fix.narrow`).
When a batch fails verification, its tasks are undone and retried one at a time, each
with its alternatives (``dict[Any, Any]`` after ``dict[str, Any]``); a task that still
fails is narrowed to the findings that verify, one finding at a time, and only the bad
ones are rolled back. A verified fix may bring new findings to light (a removed
``types-X`` lets mypy run, which then wants stubs for X): those that are fixable are
planned and fixed in the same task (:mod:`fixer.fix.exposed`). An exception in any step
ends the findings it was about as failed, their files restored whole, and the run goes
on.

Several tasks may change one file (an unused import removed by fixer's codemod, the
import block sorted by ruff's own fix): their edits compose. The codemods that find what
to change at the findings' lines run first, each on the text the ones before it left,
its findings moved to where their lines went (a finding whose line another fix rewrote
is left alone, with the reason); the tools' outputs (formatters, ``ruff check --fix``)
run last, on the result. An edit is written only over the text it was computed from
(:func:`fixer.fix.apply.conflict`): one computed before another fix of its file came in
is computed again on that fix's result, never merged with it.
"""

from __future__ import annotations

import itertools
import os
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from fixer.fix.apply import ALREADY, Conflict, Edit, Reader, compute, conflict, make_context
from fixer.fix.facts import context_for
from fixer.fix.outcomes import outcome, verified
from fixer.fix.plan import Task, positional
from fixer.forge.files import SourceText, read_text, restore, snapshot, write_text
from fixer.model import Finding, Outcome
from fixer.progress import Progress
from fixer.verify.checks import Checker, not_run
from fixer.verify.linemap import LineMap
from fixer.verify.verdicts import Check, status_of

R = TypeVar("R")
AFTER_OTHERS = "nothing left to change once the other fixes of the file were made"


@dataclass
class Session:
    root: Path  # the worktree
    checker: Checker
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    sources: dict[str, SourceText] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    keep_unverified: bool = False  # else an unverified edit is undone (it is not committed)

    def __post_init__(self) -> None:
        snapshot = self.checker.snapshot
        self.context = make_context(lambda finding, path: context_for(snapshot, finding, path))
        self.pristine: dict[str, bytes | None] = {}  # each written file as the commit has it
        self.written: list[str] = []
        self.done: dict[str, list[Outcome]] = {}  # task id -> outcomes of its findings
        self.prechecks: dict[str, list[Check]] = {}
        self.registered: set[str] = set()  # tasks whose targeted errors the baseline knows
        self.first: dict[str, str] = {}  # each file's text before any fix (the commit's)
        self._ids = itertools.count(1)

    def read(self, path: str) -> str:
        if path not in self.current:
            self.sources[path] = read_text(self.root, path)
            self.current[path] = self.sources[path].text
            self.first.setdefault(path, self.current[path])
        return self.current[path]

    def write(self, edit: Edit) -> None:
        """Write ``edit``'s texts: :class:`~fixer.fix.apply.Conflict` (nothing written)
        when a file is no longer the text the edit was computed from."""
        why = conflict(edit, self.read)
        if why is not None:
            raise Conflict(why)
        for path, text in edit.texts.items():
            self.read(path)
            if path not in self.pristine:
                self.pristine.update(snapshot(self.root, [path]))
            self.written.append(path)
            before = (self.root / path).stat().st_mtime
            write_text(self.root, path, self.sources[path], text)
            self.current[path] = text
            _bump_mtime(self.root / path, before)

    def run(self, tasks: Sequence[Task]) -> list[Outcome]:
        from fixer.fix import narrow

        self.done = {t.id: [] for t in tasks}
        ready = [t for t in tasks if self._precheck(t)]
        self.progress.update("running the baseline checks")
        ready, _ = self.collective("starting the checks", ready, self.checker.start_baselines)
        ready.sort(key=lambda t: not positional(t))  # the tools' outputs last, on the result
        planned: list[tuple[Task, Edit]] = []
        for task in ready:
            planned += narrow.plan_edit(self, task, task.strategies[0])
        edits = dict((t.id, e) for t, e in planned)
        applied = narrow.reproduced(self, [t for t, _ in planned], edits)
        self.progress.update(f"verifying {len(applied)} fix(es)")
        applied = [w for t in applied if (w := self._write_composed(t, edits)) is not None]
        results = self._verify_batch(applied, edits)
        bad = [t for t in applied if t.id not in results or not all(c.ok for c in results[t.id])]
        if not self.keep_unverified:  # not committed: taken off a file another fix commits
            shaky = [t for t in applied if t not in bad and not_run(t.kind, results[t.id])]
            bad += [t for t in shaky if len(_with_overlaps([t], applied, edits)) > 1]
        retry = _with_overlaps(bad, applied, edits)
        if retry:
            self.undo(self.pristine, _paths(edits, retry))
        for task in applied:
            if task not in retry:
                self._end_fixed(task, edits[task.id], results[task.id])
        for task in retry:
            self.progress.update(f"retrying {task.findings[0].location} alone")
            narrow.retry(self, task, results.get(task.id, []))
        self.progress.done()
        return [o for t in tasks for o in sorted(self.done[t.id], key=_order(t))]

    # -- steps that may raise ------------------------------------------------------------

    def collective(
        self, step: str, tasks: Sequence[Task], call: Callable[[list[Task]], R]
    ) -> tuple[list[Task], R | None]:
        """``call`` on all the tasks at once; when it raises, the tasks it raises on are
        found (adding one task at a time) and end as failed. The tasks it held for, and
        what it returned for exactly those."""
        try:
            return list(tasks), call(list(tasks))
        except Exception:
            if len(tasks) == 1:
                self.fail(tasks[0], step, traceback.format_exc())
                return [], None
        good: list[Task] = []
        result: R | None = None
        for task in tasks:
            try:
                result = call([*good, task])
                good.append(task)
            except Exception:
                self.fail(task, step, traceback.format_exc())
        return good, result

    def _precheck(self, task: Task) -> bool:
        try:
            reason, checks = self.checker.precondition(task)
        except Exception:
            self.fail(task, "the precondition check", traceback.format_exc())
            return False
        self.prechecks[task.id] = checks
        if reason:
            self.end(task, outcome(task, status_of(reason, "skipped"), reason, checks))
        return not reason

    def compute(
        self, task: Task, strategy: str | None, read: Reader | None = None, placed: bool = False
    ) -> Edit:
        """The task's edit, on the files as ``read`` gives them (the worktree's); a step
        that raised is in its ``errors``, never raised. When other fixes changed a file
        first, a positional codemod sees its findings where their lines are now (unless
        they are ``placed`` already: a check of the worktree as it is reported them)."""
        from fixer.errors import FatalError

        reader = read or self.read
        try:
            moved, why = (task, "") if placed else self._moved(task, reader)
            if why:
                return Edit({}, (why,), task.codemods[0].id, {})
            edit = compute(moved, reader, self.context, strategy)
            origin = {
                p: self.first[p]
                for p in edit.texts
                if p in self.first and self.first[p] != edit.before[p]
            }
            return replace(edit, origin=origin) if origin else edit
        except FatalError as exc:  # a file that cannot be read as text: a reason, no bug
            return Edit({}, (str(exc),), task.codemods[0].id, {})
        except Exception as exc:
            why = f"computing the change raised {type(exc).__name__}: {exc}"
            return Edit({}, (why,), task.codemods[0].id, {}, (traceback.format_exc(),))

    def _moved(self, task: Task, read: Reader) -> tuple[Task, str]:
        """``task`` with its findings at their lines in the texts ``read`` gives, when
        other fixes changed their files first; or why a finding cannot be placed."""
        if not positional(task):
            return task, ""
        maps: dict[str, LineMap] = {}
        moved: list[Finding] = []
        for finding in task.findings:
            path, line = finding.path, finding.line
            if path is None or line is None or path not in self.first:
                moved.append(finding)
                continue
            if path not in maps:
                maps[path] = LineMap(self.first[path], read(path))
            if maps[path].old == maps[path].new:
                moved.append(finding)
                continue
            place = maps[path].place(line, finding.column)
            if place is None or not place.moved_only:
                return task, (
                    f"{path}:{line}: another fix of the file changed this line; it is left for"
                    " a run on the result"
                )
            moved.append(replace(finding, line=place.lines[0], column=place.column))
        return replace(task, findings=tuple(moved)), ""

    def _write_composed(self, task: Task, edits: dict[str, Edit]) -> Task | None:
        """Write the task's edit; one computed before an earlier fix of the batch changed
        its file is computed again on that fix's result first. The task written (a part
        of it when only some findings still apply), or None when it ended."""
        from fixer.fix import narrow

        edit = edits[task.id]
        if conflict(edit, self.read) is not None:
            edit = self.compute(task, task.strategies[0])
            if edit.reasons == (ALREADY,):
                self.end(task, outcome(task, "unchanged", AFTER_OTHERS))
                return None
            if not edit.clean:
                parts = narrow.plan_edit(self, task, task.strategies[0])
                if not parts:
                    return None
                (part, edit), step = parts[0], "waiting for the baseline checks"
                if part is not task:
                    good, _ = self.collective(step, [part], self.checker.finish_baselines)
                    if not good:
                        return None
                    self.registered.add(part.id)
                task = part
            edits[task.id] = edit
        start = len(self.written)
        try:
            self.write(edit)
            return task
        except Exception:
            self.rollback([*edit.texts, *self.written[start:]])
            self.fail(task, "writing the change", traceback.format_exc())
            return None

    def _verify_batch(self, tasks: list[Task], edits: dict[str, Edit]) -> dict[str, list[Check]]:
        """The checks of each task; none when the checks raise (each is retried alone)."""
        try:
            return self.checker.verify(tasks, edits)
        except Exception:
            return {}

    def attempt(self, task: Task, edit: Edit) -> tuple[Outcome | None, list[Check], str]:
        """Write ``edit`` and verify it alone: the outcome when it holds (else undone),
        the checks, and the traceback of a step that raised."""
        saved = snapshot(self.root, sorted(edit.texts))
        start = len(self.written)
        checks: list[Check] = []
        try:
            if task.id not in self.registered:  # a narrowed task: the errors it targets
                self.checker.finish_baselines([task])
                self.registered.add(task.id)
            self.write(edit)
            checks = self.checker.verify([task], {task.id: edit})[task.id]
            done = self.fixed(task, edit, checks) if all(c.ok for c in checks) else None
            if done is None and any(c.fresh for c in checks):
                from fixer.fix import exposed

                done = exposed.left_by(self, task, edit, checks)
            if done is not None:
                if done.status == "fixed" or self.keep_unverified:
                    return done, checks, ""
                # not committed: undone, so that a verified fix of the same file made
                # later (or earlier, on top of it) goes into the commit without it
                paths = sorted({*edit.texts, *self.written[start:]})
                self.undo({p: saved.get(p, self.pristine.get(p)) for p in paths}, paths)
                return done, checks, ""
            error = ""
        except Exception:
            error = traceback.format_exc()
        paths = sorted({*edit.texts, *self.written[start:]})
        self.undo({p: saved.get(p, self.pristine.get(p)) for p in paths}, paths)
        return None, checks, error

    def _end_fixed(self, task: Task, edit: Edit, checks: list[Check]) -> None:
        from fixer.fix import exposed

        result = self.fixed(task, edit, checks)
        if not exposed.exposes(task):
            self.end(task, result)
            return
        start = len(self.written)
        try:
            self.end(task, exposed.follow(self, task, result))
        except Exception:
            self.rollback([*edit.texts, *self.written[start:]])
            self.fail(task, "the step after the fix", traceback.format_exc(), checks)

    # -- outcomes and files --------------------------------------------------------------

    def end(self, task: Task, result: Outcome) -> None:
        self.done.setdefault(root_id(task), []).append(result)

    def fail(
        self, task: Task, step: str, trace: str, checks: Sequence[Check] = (), prefix: str = ""
    ) -> None:
        last = trace.strip().splitlines()[-1] if trace.strip() else "an error"
        reason = f"{prefix}{step} raised {last}; nothing of this fix is kept"
        self.end(task, outcome(task, "failed", reason, checks, trace))

    def sub(self, task: Task, findings: Sequence[Finding]) -> Task:
        """A task for some of ``task``'s findings (its own id, under the same parent)."""
        kept = tuple(f for f in task.findings if f in findings)
        return Task(
            f"{root_id(task)}.{next(self._ids)}", task.codemods, kept, task.files, task.strategies
        )

    def fixed(self, task: Task, edit: Edit, checks: list[Check]) -> Outcome:
        return verified(task, edit, [*self.prechecks.get(root_id(task), []), *checks])

    def undo(self, saved: dict[str, bytes | None], paths: Sequence[str]) -> None:
        stamps = {p: (self.root / p).stat().st_mtime for p in paths if (self.root / p).exists()}
        restore(self.root, {p: saved[p] for p in paths if p in saved})
        for path, before in stamps.items():
            if (self.root / path).exists():
                _bump_mtime(self.root / path, before)
        for path in paths:
            self.current.pop(path, None)
            self.sources.pop(path, None)

    def rollback(self, paths: Sequence[str]) -> None:
        """Put the files back as the commit has them (best effort: never raises)."""
        try:
            self.undo(self.pristine, sorted(set(paths)))
        except Exception:
            self.progress.update(f"could not restore {', '.join(sorted(set(paths)))}")


def root_id(task: Task) -> str:
    return task.id.split(".", 1)[0]


def _paths(edits: dict[str, Edit], tasks: Sequence[Task]) -> list[str]:
    return sorted({p for t in tasks for p in edits[t.id].texts})


def _order(task: Task) -> Callable[[Outcome], int]:
    index = {f.key: n for n, f in enumerate(task.findings)}
    return lambda o: index.get(o.finding.key, len(index))


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
