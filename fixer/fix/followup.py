"""The step after a ``types-X`` stub requirement is removed (see :mod:`fixer.verify.stubs`).

It says whether X is typed; when mypy now reports missing stubs for X, it marks those
imports ``# type: ignore[import-untyped]`` and proves it with a second mypy run. It
writes through the session, so a failure here rolls back the requirement's removal too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from fixer.fix.apply import compute
from fixer.fix.plan import Task
from fixer.forge.files import snapshot
from fixer.kinds import kind_of
from fixer.model import Change, Outcome, Verification
from fixer.verify.mypy import matching_stub_errors, new_errors
from fixer.verify.stubs import mypy_step, stub_module, typed_note, untyped_findings

if TYPE_CHECKING:
    from fixer.fix.engine import Session


def stub_followup(session: Session, task: Task, outcome: Outcome) -> Outcome:
    notes, changes, checks = list(outcome.notes), list(outcome.changes), []
    checker = session.checker
    for finding in task.findings:
        module = stub_module(finding.details.get("name", ""))
        if module is None:
            continue
        notes.append(typed_note(module, checker.python))
        step = mypy_step(checker.workflows, finding)
        if step is None:
            notes.append("the workflows run no mypy step; stubs were not checked")
            continue
        session.progress.update(f"checking mypy for missing stubs of {module}")
        before = checker.mypy(step.cwd, step.args)
        found = untyped_findings(before, module) if not before.problem else []
        if before.problem or not found:
            why = before.problem or f"it reports no missing stubs for {module}"
            notes.append(f"`{before.command}`: {why}")
            continue
        files = tuple(sorted({f.path or "" for f in found}))
        marks = kind_of("mypy.import-untyped").transforms()
        fallback = Task(f"{task.id}-stubs", marks, tuple(found), files)
        edit = compute(fallback, session.read, session.context)
        if not edit.texts:
            notes.append("could not mark the imports: " + "; ".join(edit.reasons))
            continue
        saved = snapshot(session.root, sorted(edit.texts))
        session.write(edit.texts)
        after = checker.mypy(step.cwd, step.args)
        fresh, left = new_errors(before, after), matching_stub_errors(after, module)
        ok = not (after.problem or fresh or left)
        detail = "" if ok else (after.problem or f"{(fresh or left)[0].message}")
        command = tuple(after.command.split())
        checks.append(
            Verification("mypy", command, step.cwd, before.count(), after.count(), ok, detail)
        )
        if not ok:
            session.undo(saved, sorted(edit.texts))
            notes.append(f"marking the imports of {module} did not verify; rolled back")
            continue
        changes += [
            Change(p, edit.before[p], t, tuple(found), edit.codemod) for p, t in edit.texts.items()
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


# the steps after a verified fix that a kind names (``Kind.followup``)
FOLLOWUPS: dict[str, Callable[[Session, Task, Outcome], Outcome]] = {"stubs": stub_followup}
