"""The lock file ``npm ci`` refused, as ``npm install --package-lock-only`` rewrites it.

The fix layer gives the codemod npm at the CI's version run in the lock's folder of the
worktree (``ctx.relock``: :func:`fixer.forge.npmlock.relock`; no script runs, and a
change to any other file is undone and refused). Its output is taken as npm writes it:
it must still be a JSON object with ``lockfileVersion``; npm failing (a registry it
cannot reach, a version that does not exist, a file it should not touch) is a
:class:`Skip` with npm's words. ``npm ci --dry-run`` proves the result
(:mod:`fixer.verify.npm_lock`).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence

from fixer.codemods.base import Codemod, Example, Skip
from fixer.errors import ToolError
from fixer.model import CodemodContext, Finding

LOCKS = ("package-lock.json", "npm-shrinkwrap.json")


class NpmLockOutput(Codemod):
    id = "npm_lock_output"
    language = "json"

    def applies_to(self, path: str) -> bool:
        return posixpath.basename(path) in LOCKS

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        if ctx.relock is None:
            raise Skip("npm is not available at the CI's version")
        try:
            after = ctx.relock(text, findings)
        except ToolError as exc:
            said = " ".join((exc.stderr or str(exc)).split())[:400]
            raise Skip(f"npm could not update the lock: {said}") from None
        try:
            data = json.loads(after)
        except ValueError:
            raise Skip("npm's lock is no JSON") from None
        if not isinstance(data, dict) or "lockfileVersion" not in data:
            raise Skip("npm's lock has no lockfileVersion")
        return after


def _finding() -> Finding:
    return Finding(
        kind="npm.lock-out-of-sync",
        tool="npm",
        message="",
        path="package-lock.json",
        resolved=True,
        details={"packages": "left-pad"},
    )


STALE = '{\n  "lockfileVersion": 3,\n  "packages": {}\n}\n'
FRESH = (
    '{\n  "lockfileVersion": 3,\n  "packages": {\n'
    '    "node_modules/left-pad": {\n      "version": "1.3.0"\n    }\n  }\n}\n'
)


def _stand_in(function: object) -> CodemodContext:
    """A context whose npm is ``function``: the examples test the codemod, not npm (the
    real npm runs in tests/test_fix_npm_lock.py)."""
    return CodemodContext(relock=function)  # type: ignore[arg-type]


def _npm(text: str, findings: Sequence[Finding]) -> str:
    return FRESH


def _garbled(text: str, findings: Sequence[Finding]) -> str:
    return "npm WARN old lockfile\n" + FRESH


def _refuses(text: str, findings: Sequence[Finding]) -> str:
    raise ToolError(("npm", "install"), 1, stderr="404 Not Found - GET left-pad")


NpmLockOutput.examples = (
    Example("relocked", STALE, FRESH, (_finding(),), "package-lock.json", _stand_in(_npm)),
    Example("in-sync", FRESH, FRESH, (_finding(),), "package-lock.json", _stand_in(_npm)),
    Example("no-json", STALE, STALE, (_finding(),), "package-lock.json", _stand_in(_garbled), True),
    Example(
        "npm-refuses", STALE, STALE, (_finding(),), "package-lock.json", _stand_in(_refuses), True
    ),
    Example("no-npm", STALE, STALE, (_finding(),), "package-lock.json", _stand_in(None), True),
)
