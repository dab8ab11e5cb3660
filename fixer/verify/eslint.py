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
from typing import Any

from fixer.diagnose.eslint import unused
from fixer.errors import ToolError
from fixer.model import Finding
from fixer.proc import run
from fixer.verify.eslint_install import Eslint
from fixer.verify.mypy import timeout
from fixer.verify.verdicts import TOOL_ERROR


def link_node_modules(worktree: Path, eslint: Eslint) -> None:
    target = worktree / eslint.package / "node_modules"
    if not target.exists() and not target.is_symlink():
        os.symlink(eslint.node_modules, target)


@dataclass(frozen=True, slots=True)
class Message:
    rule: str
    message: str
    line: int
    kind: str = ""  # the parser's reading (:func:`fixer.diagnose.eslint.unused`), if any
    ident: str = ""  # the unused binding's name, as the parser reads it

    @property
    def key(self) -> tuple[str, str]:
        """What stays the same when the problem only moves."""
        return (self.kind or self.rule, self.ident or self.message)


@dataclass(frozen=True, slots=True)
class EslintResult:
    messages: tuple[Message, ...]
    problem: str  # empty when ESLint ran


def run_eslint(eslint: Eslint, worktree: Path, rel: str) -> EslintResult:
    """ESLint's messages on the file; when it printed no report (it crashed, its
    configuration raised, it outlasted ``$FIXER_TOOL_TIMEOUT`` seconds, default 300), the
    ``problem``, which begins with :data:`TOOL_ERROR`."""
    cwd = worktree / eslint.package
    target = str(PurePosixPath(rel).relative_to(eslint.package)) if eslint.package else rel
    if target.startswith("-"):  # a file, not an option
        target = f"./{target}"
    command = [str(eslint.binary), "--format", "json", "--no-color", target]
    try:
        result = run(command, cwd, timeout=timeout(300))
    except ToolError as exc:  # timed out, or the binary is gone
        return EslintResult((), f"{TOOL_ERROR}ESLint did not finish: {exc.stderr or exc}")
    try:  # 0: no problem, 1: problems; 2 (a configuration that throws, a crash): no report
        report = json.loads(result.stdout) if result.returncode in (0, 1) else None
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, list):
        said = [ln for ln in (result.stderr or result.stdout).splitlines() if ln.strip()]
        error = [ln for ln in said if ln.lstrip().startswith(("Error", "TypeError", "SyntaxError"))]
        why = (error or said or [f"it exited with {result.returncode}"])[0].strip()[:200]
        return EslintResult((), f"{TOOL_ERROR}ESLint failed: {why}")
    messages = tuple(_message(rel, m) for entry in report for m in entry.get("messages", []))
    return EslintResult(messages, "")


def _message(rel: str, data: dict[str, Any]) -> Message:
    rule, text = str(data.get("ruleId")), str(data.get("message"))
    line, column = int(data.get("line") or 0), int(data.get("column") or 0)
    finding = unused(rel, line, column, rule, text)
    if finding is None:
        return Message(rule, text, line)
    return Message(rule, text, line, finding.kind, finding.ident)


def eslint_problem(before: EslintResult, after: EslintResult, finding: Finding) -> str | None:
    """Why the change does not pass ESLint: the finding, read from ESLint's output by the
    log's parser, is still reported, or something new is."""
    if after.problem:
        return after.problem
    if not any((m.kind, m.ident) == (finding.kind, finding.ident) for m in before.messages):
        return (
            f"ESLint, run here, does not report `{finding.ident}` (line {finding.line}); the"
            " fix cannot be verified"
        )
    for m in after.messages:
        if (m.kind, m.ident) == (finding.kind, finding.ident):
            return f"ESLint still reports {m.message} (line {m.line})"
    old = Counter(m.key for m in before.messages)
    for m in after.messages:
        if old[m.key] > 0:
            old[m.key] -= 1
        else:
            return f"ESLint reports a new problem: {m.message} ({m.rule}, line {m.line})"
    return None
