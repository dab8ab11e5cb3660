"""The proof of an updated npm lock: ``npm ci --dry-run --ignore-scripts`` in its folder.

For ``npm.lock-out-of-sync``, with the npm the CI ran (the log's, installed apart, else
this machine's, and the check's note says so; :mod:`fixer.forge.npmlock`):

- before any change (the kind's precondition), on the untouched tree: the dry run must
  fail with npm's sync error, as in CI; when npm accepts the lock the failure does not
  reproduce and nothing is changed, and any other error (a registry npm cannot reach)
  is reported, not fixed;
- after the change: only the lock file was changed by the task, and the dry run exits 0.
  The report names the packages the lock's change added, removed and changed
  (:mod:`fixer.report.lockdiff`), not its hundreds of lines.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from fixer.errors import ToolError
from fixer.forge.npmlock import DRY_CI, Npm, dry_ci, npm_for, npm_said
from fixer.forge.tools import cache_root
from fixer.kinds.npm_lock_out_of_sync import SYNC
from fixer.verify.verdicts import TOOL_ERROR, Check, check

if TYPE_CHECKING:
    from fixer.fix.apply import Edit
    from fixer.fix.plan import Task
    from fixer.snapshot import Snapshot

SHOWN = ("npm", *DRY_CI[:3])  # npm ci --dry-run --ignore-scripts


class NpmLockChecks:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot, self.root = snapshot, snapshot.root
        self._npm: dict[str, Npm] = {}  # task id -> the npm that reproduced the failure

    def precondition(self, task: Task) -> tuple[str | None, list[Check]]:
        finding = task.findings[0]
        folder = posixpath.dirname(finding.path or "")
        version = finding.details.get("npm_version")
        try:
            npm = npm_for(version, self.root, cache_root(), install=True)
        except ToolError as exc:
            said = " ".join((exc.stderr or str(exc)).split())[:400]
            return f"could not install npm {version} with npm: {said}", []
        if npm is None:
            return "npm is not installed on this machine, so the lock cannot be updated", []
        done, strays = dry_ci(self.root, folder, npm)
        output = done.stdout + "\n" + done.stderr
        if strays:
            reason = f"`npm ci --dry-run` changed {strays[0]} (undone): npm writes in the tree"
            return reason, [self._check(npm, folder, False, reason)]
        if done.returncode == 0:
            reason = (
                f"{npm.shown}, running `npm ci --dry-run` on the untouched tree, accepts the"
                " lock: the failure does not reproduce, so nothing is changed"
            )
            return reason, [self._check(npm, folder, False, reason)]
        if SYNC not in output:
            said = npm_said(done)
            reason = f"{TOOL_ERROR}{npm.shown} fails `npm ci --dry-run` otherwise: {said}"
            return reason, [self._check(npm, folder, False, reason)]
        self._npm[task.id.split(".", 1)[0]] = npm
        return None, [self._check(npm, folder, True, "")]

    def verify(self, task: Task, edit: Edit) -> list[Check]:
        finding = task.findings[0]
        lock = finding.path or ""
        folder = posixpath.dirname(lock)
        npm = self._npm.get(task.id.split(".", 1)[0])
        if npm is None:
            return [check("npm", False, "the check before the change did not run")]
        strays = sorted(p for p in edit.texts if p != lock)
        if strays:
            why = f"the change edits {strays[0]}, not only {lock}"
            return [self._check(npm, folder, False, why)]
        done, strays = dry_ci(self.root, folder, npm)
        if strays:
            why = f"`npm ci --dry-run` changed {strays[0]} (undone), not only {lock}"
            return [self._check(npm, folder, False, why, before=1, after=1)]
        if done.returncode != 0:
            why = f"`npm ci --dry-run` still fails: {npm_said(done)}"
            return [self._check(npm, folder, False, why, before=1, after=1)]
        return [self._check(npm, folder, True, "", before=1, after=0)]

    def _check(
        self,
        npm: Npm,
        folder: str,
        ok: bool,
        detail: str,
        before: int | None = None,
        after: int = 0,
        note: str = "",
    ) -> Check:
        return check(
            "npm",
            ok,
            detail,
            folder,
            SHOWN,
            before=before,
            after=after,
            note=note or f"made and checked with {npm.shown}",
        )
