"""Apply a task's codemods to the texts of its files, in memory.

The codemods are pure; this module only asks them, collects what they return, and
never raises on one task: every task ends with new texts or with the reasons each
codemod gave for skipping, and the traceback of a codemod that raised.

The edits of one file compose: each is computed on the text the fixes before it left
(:meth:`fixer.fix.engine.Session.compute`), and an edit is written only over the very
text it was computed from (:func:`conflict`). Two edits computed on the same text and
merged would give a text neither transform meant (an import sorted back in by one that
the other removed), so such a write is refused, never reconciled.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from fixer.codemods.base import Codemod, Skip
from fixer.fix.plan import Task
from fixer.model import CodemodContext, Finding

Reader = Callable[[str], str]  # repo-relative path -> current text
ALREADY = "nothing to change: the code already has this fix"
NUL = "holds a NUL byte: not valid text for its language, so no tool can prove a fix; left alone"


@dataclass(frozen=True, slots=True)
class Edit:
    """New texts for some of a task's files; ``reasons`` when one could not be changed."""

    texts: dict[str, str]
    reasons: tuple[str, ...]
    codemod: str
    before: dict[str, str]  # the text of each changed file before this edit
    errors: tuple[str, ...] = ()  # tracebacks of the codemods that raised
    # the text of each changed file before any fix of the run (the commit's), when the
    # edit was computed on top of other fixes of the file; else ``before``
    origin: dict[str, str] = field(default_factory=dict)

    def start(self, path: str) -> str:
        """The text of ``path`` before any fix of the run: the findings' lines are its."""
        return self.origin.get(path, self.before[path])

    @property
    def clean(self) -> bool:
        """Every file of the task that needed a change got one, and no codemod failed."""
        return bool(self.texts) and not self.reasons and not self.errors


class Conflict(Exception):
    """An edit that is not written: the file is no longer the text it was computed on."""


def conflict(edit: Edit, now: Reader) -> str | None:
    """Why ``edit`` may not be written over the files as ``now`` reads them (None: it may):
    each file it changes must still be the text it was computed from, else another change
    of the file came in between, and writing would silently drop or undo it."""
    for path in sorted(edit.texts):
        if now(path) != edit.before.get(path):
            return (
                f"{path} changed after this fix ({edit.codemod}) was computed on it: another"
                " fix of the file came in between, and the two edits are not merged"
            )
    return None


def findings_in(task: Task, path: str) -> tuple[Finding, ...]:
    if task.plugin.scope == "project":
        return task.findings  # e.g. a requirement may be declared in any of the files
    return tuple(f for f in task.findings if f.path == path)


def compute(
    task: Task,
    read: Reader,
    context: Callable[[Finding, str], CodemodContext],
    strategy: str | None = None,
) -> Edit:
    texts: dict[str, str] = {}
    before_texts: dict[str, str] = {}
    reasons: list[str] = []
    errors: list[str] = []
    used = task.codemods[0].id
    for path in task.files:
        findings = findings_in(task, path)
        for codemod in task.codemods:
            if not codemod.applies_to(path) or not findings:
                continue
            if path not in before_texts:
                before_texts[path] = read(path)
                if "\0" in before_texts[path]:
                    reasons.append(f"{path}: {NUL}")
            if "\0" in before_texts[path]:
                break
            before = texts.get(path, before_texts[path])
            ctx = replace(context(findings[0], path), strategy=strategy)
            try:
                after = _transform(codemod, before, findings, ctx)
            except Skip as skip:
                reasons.append(f"{path}: {skip.reason}")
                continue
            except Exception as exc:  # a codemod bug must not stop the run
                reasons.append(f"{path}: {codemod.id} failed: {type(exc).__name__}: {exc}")
                errors.append(traceback.format_exc())
                continue
            if after != before:
                texts[path] = after
                used = codemod.id
    if not texts and not reasons:
        reasons.append(ALREADY)
    return Edit(texts, tuple(reasons), used, {p: before_texts[p] for p in texts}, tuple(errors))


def _transform(
    codemod: Codemod, text: str, findings: Sequence[Finding], ctx: CodemodContext
) -> str:
    """``codemod`` on ``text``. A file whose lines end in a lone ``\\r`` (old Mac OS) holds
    no ``\\n``: the codemod sees ``\\n`` endings, which its parser reads as every other
    file's, and each ``\\n`` of its result goes back to ``\\r``, so every byte outside the
    edit stays and a line it adds ends as the file's do."""
    if "\r" not in text or "\n" in text:
        return codemod.transform(text, findings, ctx)
    after = codemod.transform(text.replace("\r", "\n"), findings, ctx)
    return after.replace("\n", "\r")


def make_context(
    root_context: Callable[[Finding, str], CodemodContext],
) -> Callable[[Finding, str], CodemodContext]:
    cache: dict[tuple[str, str], CodemodContext] = {}

    def get(finding: Finding, path: str) -> CodemodContext:
        key = (finding.kind, path)
        if key not in cache:
            cache[key] = root_context(finding, path)
        return cache[key]

    return get
