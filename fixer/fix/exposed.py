"""What a verified fix brings to light, fixed with it: new fixable findings get planned.

A failure can hide others: a failed install keeps every later step of its job from
running. When a kind says what its fix may expose (:meth:`fixer.kinds.base.Kind.exposes`:
the tool of a later CI step and the subject, e.g. mypy and the module ``X`` once a
``types-X`` requirement is gone), that step is run now (:mod:`fixer.verify.later`), its
output read by the parser of the findings it reports, and the findings about the subject
that are fixable are planned as any finding is (:func:`fixer.fix.plan.plan`: their kinds'
codemods, their files), computed, written, and proven by running the step again: the
findings fixed gone, nothing new. It writes through the session, in the task's rollback
unit: when a step here raises, the task's own change is rolled back with it; when the
exposed findings' fixes do not verify, they alone are undone and the report says so.

A fix may also leave behind what its own check then reports: ruff's UP006 fix writes
``list[str]`` for ``List[str]`` and leaves ``from typing import List`` unused, a new F401.
When all that refutes a fix is such new findings in the files it changed (the check's
``fresh``, :class:`fixer.verify.verdicts.Check`), and each is fixable with no step of its
own before the change, they are planned (:func:`left_by`), computed on the fixed text at
the lines the check gives, and written; the task's own check, re-run, proves the whole:
the findings it targets gone, nothing new. Else the fix is refused as before.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from fixer.fix.apply import Edit
from fixer.fix.plan import Task, plan, positional
from fixer.forge.files import snapshot
from fixer.kinds import fixable, kind_of, title
from fixer.model import Change, Finding, Outcome
from fixer.verify.later import later_step
from fixer.verify.linemap import line_maps
from fixer.verify.stubs import typed_note

if TYPE_CHECKING:
    from fixer.fix.engine import Session
    from fixer.verify.verdicts import Check


def exposes(task: Task) -> bool:
    """Whether a verified fix of ``task`` may bring findings to light."""
    return any(task.plugin.exposes(f) is not None for f in task.findings)


def follow(session: Session, task: Task, outcome: Outcome) -> Outcome:
    """``outcome`` with the fixes of what the task's fix exposed, their checks and notes."""
    notes, changes = list(outcome.notes), list(outcome.changes)
    checks: list[Check] = []
    checker = session.checker
    for finding in task.findings:
        exposure = task.plugin.exposes(finding)
        if exposure is None:
            continue
        subject = exposure.subject
        if exposure.typed:
            notes.append(typed_note(subject, checker.python))
        step = later_step(checker, exposure, finding)
        if step is None:
            notes.append(
                f"the workflows run no {exposure.verifier} step; what removing it exposes"
                f" about {subject} was not checked"
            )
            continue
        session.progress.update(f"checking what {step.tool} reports about {subject}")
        before = step.run()
        seen = [] if before.problem else step.exposed(before)
        found = [replace(f, fixable=True) for f in seen if fixable(f)]
        if before.problem or not found:
            why = before.problem or f"it reports nothing fixable about {subject}"
            notes.append(f"`{before.command}`: {why}")
            continue
        tasks, unplanned = plan(found, sorted(checker.snapshot.files))
        tasks = [replace(t, id=f"{task.id}-{t.id}") for t in tasks]
        tasks.sort(key=lambda t: not positional(t))
        saved: dict[str, bytes | None] = {}
        edits: list[tuple[Task, Edit]] = []
        for t in tasks:  # each on what the ones before it wrote: the edits compose
            e = session.compute(t, None, placed=True)
            if e.texts:
                saved.update(snapshot(session.root, sorted(set(e.texts) - set(saved))))
                session.write(e)
            edits.append((t, e))
        originals = {p: e.before[p] for _, e in reversed(edits) for p in e.texts}
        texts = {p: session.read(p) for p in originals}
        if not texts:
            reasons = [u.reason for u in unplanned] + [r for _, e in edits for r in e.reasons]
            notes.append(f"could not fix what it exposed about {subject}: " + "; ".join(reasons))
            continue
        after = step.run()
        fixed = [f for t, e in edits if e.texts for f in t.findings]
        check = step.check(before, after, fixed, line_maps(originals, texts))
        checks.append(check)
        if not check.ok:
            session.undo(saved, sorted(saved))
            notes.append(f"fixing what it exposed about {subject} did not verify; rolled back")
            continue
        for t, e in edits:
            safety = t.codemods[0].safety
            changes += [
                Change(p, e.before[p], s, t.findings, e.codemod, safety) for p, s in e.texts.items()
            ]
        notes.append(_fixed_note(step.command, fixed, subject))
    return replace(
        outcome,
        changes=tuple(changes),
        verifications=outcome.verifications + tuple(c.verification for c in checks),
        notes=tuple(notes),
    )


def _fixed_note(command: str, fixed: list[Finding], subject: str) -> str:
    kinds = ", ".join(dict.fromkeys(f"{title(f.kind).lower()} ({f.kind})" for f in fixed))
    return (
        f"`{command}` then reported {kinds} for {subject}: fixed in the same change"
        f" ({len(fixed)} finding(s))"
    )


def left_by(session: Session, task: Task, edit: Edit, checks: list[Check]) -> Outcome | None:
    """The outcome of ``edit`` (written) with the fixes of the new findings its checks
    report; None when those cannot all be fixed and proven (what was written is then
    the caller's to undo)."""
    failed = [c for c in checks if not c.ok]
    found = [f for c in failed for f in c.fresh]
    if not found or any(not c.fresh for c in failed):
        return None
    if any(not fixable(f) or kind_of(f.kind).precondition is not None for f in found):
        return None  # a kind that must reproduce its failure first: not on a new finding
    tasks, unplanned = plan([replace(f, fixable=True) for f in found], sorted(edit.texts))
    if unplanned or sum(len(t.findings) for t in tasks) != len(found):
        return None
    tasks = [replace(t, id=f"{task.id}-{t.id}") for t in tasks]
    tasks.sort(key=lambda t: not positional(t))
    follow: list[tuple[Task, Edit]] = []
    for t in tasks:
        e = session.compute(t, None, placed=True)
        if not e.clean or not set(e.texts) <= set(edit.texts):
            return None
        session.write(e)
        follow.append((t, e))
    whole = replace(edit, texts={p: session.read(p) for p in edit.texts})
    again = session.checker.verify([task], {task.id: whole})[task.id]
    if not all(c.ok for c in again):
        return None
    done = session.fixed(task, edit, again)
    changes = [
        Change(p, e.before[p], s, t.findings, e.codemod, t.codemods[0].safety)
        for t, e in follow
        for p, s in e.texts.items()
    ]
    fixed = [f for t, _ in follow for f in t.findings]
    shown = next((c.verification.command for c in again if c.verification.command), ())
    note = _left_note(" ".join(shown), fixed)
    return replace(done, changes=done.changes + tuple(changes), notes=(*done.notes, note))


def _left_note(command: str, fixed: list[Finding]) -> str:
    kinds = ", ".join(dict.fromkeys(f"{title(f.kind).lower()} ({f.kind})" for f in fixed))
    places = ", ".join(f"`{f.location}`" for f in fixed)
    return (
        f"the fix left {kinds} that `{command}` then reported ({places}): fixed in the same"
        f" change ({len(fixed)} finding(s))"
    )
