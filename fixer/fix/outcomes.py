"""The outcome of a task's findings, from its edit and its checks (no I/O of its own).

A fix is ``fixed`` when every check passed and the tool that proves it ran;
``unverified`` when that tool could not run (:func:`fixer.verify.checks.not_run`).
"""

from __future__ import annotations

from collections.abc import Sequence

from fixer.fix.apply import ALREADY, Edit
from fixer.fix.plan import Task
from fixer.model import Change, Outcome, OutcomeStatus
from fixer.verify.checks import not_run
from fixer.verify.verdicts import Check


def verified(task: Task, edit: Edit, checks: list[Check]) -> Outcome:
    """The outcome of an edit whose checks all passed."""
    safety = task.codemods[0].safety
    changes = tuple(
        Change(path, edit.before[path], text, task.findings, edit.codemod, safety)
        for path, text in edit.texts.items()
    )
    notes = tuple(dict.fromkeys(c.note for c in checks if c.note))  # each once
    verifications = tuple(c.verification for c in checks)
    missing = not_run(task.kind, checks)
    if missing:
        why = "; ".join(f"{c.verification.tool} {c.detail}" for c in missing)
        reason = f"not verified: {why}"
        return Outcome(task.findings, "unverified", reason, changes, verifications, notes)
    return Outcome(task.findings, "fixed", "", changes, verifications, notes)


def outcome(
    task: Task,
    status: OutcomeStatus,
    reason: str,
    checks: Sequence[Check] = (),
    trace: str = "",
) -> Outcome:
    verifications = tuple(c.verification for c in checks)
    return Outcome(task.findings, status, reason, (), verifications, traceback=trace)


def unfixed(task: Task, edit: Edit) -> Outcome:
    """The outcome of a task whose codemod made no change it is sure of."""
    if edit.errors:
        return outcome(task, "failed", "; ".join(edit.reasons), trace=edit.errors[-1])
    if edit.reasons == (ALREADY,):
        return outcome(task, "unchanged", ALREADY)
    return outcome(task, "skipped", "; ".join(edit.reasons))
