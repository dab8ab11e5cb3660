"""ESLint on a changed file, before and after.

The worktree is a fresh checkout without ``node_modules``. The worktree's package
folder gets a symlink to the ``node_modules`` that :mod:`fixer.verify.eslint_install`
chose (the user's, or the cached install of the lock file; removed with the worktree,
never committed), so ESLint resolves the project's own config and plugins. It runs on
the one file with ``--format json``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fixer.proc import run
from fixer.verify.eslint_install import Eslint


def link_node_modules(worktree: Path, eslint: Eslint) -> None:
    target = worktree / eslint.package / "node_modules"
    if not target.exists() and not target.is_symlink():
        os.symlink(eslint.node_modules, target)


@dataclass(frozen=True, slots=True)
class EslintResult:
    messages: tuple[tuple[str, str, int], ...]  # (rule, message, line)
    problem: str  # empty when ESLint ran


def run_eslint(eslint: Eslint, worktree: Path, rel: str) -> EslintResult:
    cwd = worktree / eslint.package
    target = str(PurePosixPath(rel).relative_to(eslint.package)) if eslint.package else rel
    result = run([str(eslint.binary), "--format", "json", "--no-color", target], cwd, timeout=300)
    try:
        report = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        return EslintResult((), f"ESLint did not run ({last[0][:200]})")
    messages = tuple(
        (str(m.get("ruleId")), str(m.get("message")), int(m.get("line") or 0))
        for entry in report
        for m in entry.get("messages", [])
    )
    return EslintResult(messages, "")


def eslint_problem(before: EslintResult, after: EslintResult, name: str) -> str | None:
    """Why the change does not pass ESLint: the unused binding is still reported, or
    something new is."""
    if after.problem:
        return after.problem
    for rule, message, line in after.messages:
        if rule.endswith("no-unused-vars") and message.startswith(f"'{name}' "):
            return f"ESLint still reports {message} (line {line})"
    old = Counter((r, m) for r, m, _ in before.messages)
    for rule, message, line in after.messages:
        if old[(rule, message)] > 0:
            old[(rule, message)] -= 1
        else:
            return f"ESLint reports a new problem: {message} ({rule}, line {line})"
    return None
