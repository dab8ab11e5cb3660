"""One unsure finding must not sink its neighbours: narrowing a task to what holds.

A task is the findings one codemod fixes in one file, computed, written and verified
together, which keeps the common case fast (one edit per file, one mypy run for all).
When that fails for the whole task, each finding ends on its own:

- the codemod skips (or raises on) one finding: the findings are added one at a time,
  each kept when the edit of those kept so far and it still computes cleanly;
- the baseline does not reproduce one finding's error: the task is split and only the
  reproduced findings are recomputed;
- the task fails verification alone with each strategy: the findings are added one at a
  time again, each kept when the edit of those kept and it verifies (with the first
  strategy that holds), the others rolled back with the checks that refused them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixer.fix.apply import Edit
from fixer.fix.outcomes import outcome, unfixed
from fixer.fix.plan import Task
from fixer.forge.files import snapshot
from fixer.model import Finding, OutcomeStatus
from fixer.verify.verdicts import TOOL_ERROR, Check, status_of

if TYPE_CHECKING:
    from fixer.fix.engine import Session


def _narrowable(task: Task) -> bool:
    return len(task.findings) > 1 and task.plugin.scope == "file"


def plan_edit(session: Session, task: Task, strategy: str | None) -> list[tuple[Task, Edit]]:
    """The edit of the task, or of the findings of it the codemod can fix together."""
    edit = session.compute(task, strategy)
    if edit.texts and not edit.errors and (not edit.reasons or not _narrowable(task)):
        return [(task, edit)]
    if not _narrowable(task):
        session.end(task, unfixed(task, edit))
        return []
    kept: list[Finding] = []
    best: tuple[Task, Edit] | None = None
    for finding in task.findings:
        part = session.sub(task, [*kept, finding])
        trial = session.compute(part, strategy)
        if trial.clean:
            kept.append(finding)
            best = (part, trial)
            continue
        alone_task = session.sub(task, [finding])
        alone = session.compute(alone_task, strategy) if kept else trial
        if alone.clean:
            why = "; ".join(trial.reasons) or "the edit would not be clean"
            reason = f"not fixed together with the other findings of its file: {why}"
            session.end(alone_task, outcome(alone_task, "skipped", reason))
        else:
            session.end(alone_task, unfixed(alone_task, alone))
    return [best] if best is not None else []


def reproduced(session: Session, tasks: list[Task], edits: dict[str, Edit]) -> list[Task]:
    """Wait for the baselines; the tasks whose errors they show (split when they show
    some of a task's errors only)."""
    step = "waiting for the baseline checks"
    good, dropped = session.collective(step, tasks, session.checker.finish_baselines)
    dropped = dropped or {}
    out: list[Task] = []
    for task in good:
        if task.id not in dropped:
            out.append(task)
        elif not _narrowable(task):
            reason = dropped[task.id]
            session.end(task, outcome(task, status_of(reason, "skipped"), reason))
        else:
            out += _split(session, task, edits)
    session.registered.update(t.id for t in out)
    return out


def _split(session: Session, task: Task, edits: dict[str, Edit]) -> list[Task]:
    singles = [session.sub(task, [f]) for f in task.findings]
    step = "waiting for the baseline checks"
    good, dropped = session.collective(step, singles, session.checker.finish_baselines)
    dropped = dropped or {}
    for single in good:
        if single.id in dropped:
            reason = dropped[single.id]
            session.end(single, outcome(single, status_of(reason, "skipped"), reason))
    shown = [f for s in good if s.id not in dropped for f in s.findings]
    if not shown:
        return []
    out = []
    for part, edit in plan_edit(session, session.sub(task, shown), task.strategies[0]):
        part_ok, _ = session.collective(step, [part], session.checker.finish_baselines)
        if part_ok:
            edits[part.id] = edit
            out.append(part)
    return out


def retry(session: Session, task: Task, first: list[Check]) -> None:
    """The task alone, with each of its strategies; then finding by finding."""
    tried, errors = list(first), list[str]()
    for strategy in task.strategies:
        edit = session.compute(task, strategy)
        if not edit.clean:
            errors += edit.errors
            continue
        done, checks, error = session.attempt(task, edit)
        if done is not None:
            session.end(task, done)
            return
        tried += checks
        errors += [error] if error else []
    if not _narrowable(task):
        _refused(session, task, tried, errors)
        return
    _one_at_a_time(session, task)


def _one_at_a_time(session: Session, task: Task) -> None:
    """Each trial is the findings kept so far and one more, computed on the files as they
    were before the first: the trial kept last is taken off while the next is tried (an
    edit is written only over the text it was computed from), and put back when it fails."""
    originals = {p: session.read(p) for p in task.files}
    base = snapshot(session.root, sorted(originals))
    kept: list[Finding] = []
    last = None
    shown: Edit | None = None  # the trial kept on disk
    for finding in task.findings:
        trial = session.sub(task, [*kept, finding])
        tried: list[Check] = []
        errors: list[str] = []
        for strategy in task.strategies:
            edit = session.compute(trial, strategy, originals.__getitem__)
            if not edit.clean:
                errors += edit.errors
                continue
            if shown is not None:
                session.undo(base, sorted(shown.texts))
            done, checks, error = session.attempt(trial, edit)
            if done is not None:
                kept.append(finding)
                last = (trial, done)
                on_disk = done.status == "fixed" or session.keep_unverified
                shown = edit if on_disk else shown
                if not on_disk and shown is not None:
                    session.write(shown)
                break
            if shown is not None:
                session.write(shown)
            tried += checks
            errors += [error] if error else []
        else:
            _refused(session, session.sub(task, [finding]), tried, errors)
    if last is not None:
        session.end(*last)


def _refused(session: Session, task: Task, tried: list[Check], errors: list[str]) -> None:
    failed = [c for c in tried if not c.ok]
    reason = "; ".join(dict.fromkeys(c.detail for c in failed)) or "verification failed"
    if errors and not failed:
        session.fail(task, "verifying the change", errors[-1], tried, "rolled back: ")
        return
    trace = errors[-1] if errors else ""
    broke = bool(failed) and all(TOOL_ERROR in c.detail for c in failed)
    status: OutcomeStatus = "tool-error" if broke else "failed"
    session.end(task, outcome(task, status, f"rolled back: {reason}", tried, trace))
