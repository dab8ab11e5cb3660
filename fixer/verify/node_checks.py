"""The CI's own ESLint or tsc command, re-run with the project's version, before and after.

For ``eslint.rule`` (fixed by ESLint itself) and ``tsc.error`` (an unused import removed):

- the tool is the project's (:mod:`fixer.verify.eslint_install`: the user's
  ``node_modules`` when it holds the locked version, else the lock file's set installed
  with ``npm ci --ignore-scripts`` into fixer's cache), linked into the worktree's package
  folder, and runs from that folder with the step's own arguments
  (:func:`fixer.kinds._node.ci_args`: a direct call or the package script the step ran),
  printing the form fixer reads (``--format json``; ``--pretty false``);
- before any change (the precondition), on the untouched tree: it must report every
  finding of the task, else the failure does not reproduce and nothing is changed. For
  ESLint, at least one of them must carry ESLint's own fix (its JSON's ``fix``), else
  ESLint cannot fix it and the report says so;
- after the change: the task's findings are reported no more (as many fewer as were
  fixed: a message is its file, rule or code, and text, wherever its line moved) and
  nothing new in the changed files.

The ESLint fix needs ESLint to be made, so without one it is not made. A tsc check that
cannot run (no TypeScript declared, locked or installable) is reported as not run: the
import's removal is then unverified, never verified.
"""

from __future__ import annotations

import json
import os
import posixpath
import shlex
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from fixer.errors import ToolError
from fixer.forge.tools import cache_root
from fixer.kinds._node import ESLINT_DROPPED, TSC_DROPPED, ci_args, cleaned, scripts_of
from fixer.kinds.tsc_error import PLAIN, about
from fixer.model import Finding
from fixer.proc import run
from fixer.verify.eslint import link_node_modules
from fixer.verify.eslint_install import Eslint, find_node_tool
from fixer.verify.mypy import timeout
from fixer.verify.verdicts import NOT_RUN, TOOL_ERROR, Check, check

if TYPE_CHECKING:
    from fixer.fix.apply import Edit
    from fixer.fix.plan import Task
    from fixer.snapshot import Snapshot

Key = tuple[str, str, str]  # (repo-relative path, rule or code, message or subject)
Reported = Counter[Key]


@dataclass(frozen=True, slots=True)
class Plan:
    tool: Eslint
    argv: tuple[str, ...]
    shown: tuple[str, ...]  # the command as the report shows it
    cwd: str  # repo-relative
    note: str


@dataclass(frozen=True, slots=True)
class Run:
    reported: Reported
    fixable: frozenset[tuple[str, str, int, int]]  # (path, rule, line, column) with a fix


class NodeChecks:
    name: ClassVar[str]  # the check's tool, as the report names it
    package: ClassVar[str]  # the npm package
    binary: ClassVar[str]
    dropped: ClassVar[tuple[frozenset[str], frozenset[str]]]
    output: ClassVar[tuple[str, ...]]  # the options that print the form read here
    can_fix_unverified: ClassVar[bool] = False  # the fix can be made without the tool

    def __init__(self, snapshot: Snapshot, user_repo: Path) -> None:
        self.snapshot, self.root, self.user_repo = snapshot, snapshot.root, user_repo
        self._plans: dict[str, Plan | str] = {}  # task id -> plan, or why none
        self._before: dict[tuple[tuple[str, ...], str], Run | str] = {}
        self._after: dict[tuple[tuple[str, ...], str], Run | str] = {}

    def reset(self) -> None:
        self._after.clear()

    def precondition(self, task: Task) -> tuple[str | None, list[Check]]:
        tool = find_node_tool(self.user_repo, task.files[0], cache_root(), self.package)
        if isinstance(tool, str):
            self._plans[_root(task)] = tool
            if self.can_fix_unverified:
                return None, [check(self.name, True, NOT_RUN + tool)]
            return f"{self.name} cannot run, so it cannot make its fix: {tool}", []
        link_node_modules(self.root, tool)
        plan = self._plan(tool, task)
        self._plans[_root(task)] = plan
        before = self._run(plan, self._before)
        if isinstance(before, str):
            reason = f"{self.name} did not run the CI's check: {before}"
            return reason, [self._check(plan, False, f"{TOOL_ERROR}{before}", None, None)]
        for finding in task.findings:
            key = self.key(finding)
            if not before.reported[key]:
                reason = (
                    f"{tool.source}, running the CI's check on the untouched tree, does not"
                    f" report {_shown(key)}: the failure does not reproduce, so nothing is"
                    " changed"
                )
                return reason, [self._check(plan, False, reason, None, None)]
        problem = self.unfixable(task, before)
        if problem:
            return problem, [self._check(plan, True, "", None, None)]
        return None, [self._check(plan, True, "", None, None)]

    def unfixable(self, task: Task, before: Run) -> str:
        """Why the tool cannot fix any of the task's findings ("" when it can)."""
        return ""

    def verify(self, task: Task, edit: Edit) -> list[Check]:
        plan = self._plans.get(_root(task), "the check before the change did not run")
        if isinstance(plan, str):
            return [check(self.name, True, NOT_RUN + plan)]
        named = {f.path for f in task.findings}
        strays = sorted(p for p in edit.texts if p not in named)
        if strays:
            why = f"the change edits {strays[0]}, a file the log does not name"
            return [self._check(plan, False, why, None, None)]
        before = self._before[(plan.argv, plan.cwd)]
        assert not isinstance(before, str)
        after = self._run(plan, self._after)
        if isinstance(after, str):
            return [self._check(plan, False, f"{TOOL_ERROR}{after}", before, None)]
        problem = self._compare(task, set(edit.texts), before.reported, after.reported)
        return [self._check(plan, problem is None, problem or "", before, after)]

    # -- what each tool does its own way ---------------------------------------------------

    def key(self, finding: Finding) -> Key:
        raise NotImplementedError

    def read(self, stdout: str, cwd: str) -> Run | None:
        """What the check printed (None when it printed no report)."""
        raise NotImplementedError

    def default_args(self, files: Sequence[str]) -> list[str]:
        raise NotImplementedError

    # -- helpers -----------------------------------------------------------------------------

    def _plan(self, tool: Eslint, task: Task) -> Plan:
        finding = task.findings[0]
        cwd = tool.package
        manifest = self.root / cwd / "package.json"
        text = manifest.read_text(encoding="utf-8") if manifest.is_file() else ""
        args = ci_args(finding.command, self.binary, scripts_of(text))
        note = f"made and checked with {tool.source}"
        if args is None:
            names = [posixpath.relpath(p, cwd or ".") for p in task.files]
            args = self.default_args([n if not n.startswith("-") else f"./{n}" for n in names])
            note += (
                f"; the CI step's command does not run {self.binary} itself, so the check ran"
                " on the named files"
            )
        else:
            args = [*cleaned(args, self.dropped), *self.output]
        shown = (self.binary, *args)
        return Plan(tool, (str(tool.binary), *args), shown, cwd, note)

    def _run(self, plan: Plan, memo: dict[tuple[tuple[str, ...], str], Run | str]) -> Run | str:
        key = (plan.argv, plan.cwd)
        if key not in memo:
            memo[key] = self._execute(plan)
        return memo[key]

    def _execute(self, plan: Plan) -> Run | str:
        try:
            done = run(plan.argv, self.root / plan.cwd, timeout=timeout(300))
        except ToolError as exc:
            return str(exc)
        seen = self.read(done.stdout, plan.cwd) if done.returncode in (0, 1, 2) else None
        if seen is None:
            said = [ln for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
            tail = said[0].strip() if said else ""
            return f"{shlex.join(plan.shown)} exited with {done.returncode}: {tail}"[:300]
        return seen

    def _repo_path(self, printed: str, cwd: str) -> str:
        root = os.path.realpath(self.root)
        path = printed.replace("\\", "/")
        if posixpath.isabs(path):
            real = os.path.realpath(path)
            return (
                os.path.relpath(real, root).replace(os.sep, "/") if real.startswith(root) else path
            )
        return posixpath.normpath(posixpath.join(cwd or ".", path))

    def _compare(
        self, task: Task, files: set[str], before: Reported, after: Reported
    ) -> str | None:
        fixed = Counter(self.key(f) for f in task.findings)
        for key, times in fixed.items():
            if after[key] > max(0, before[key] - times):
                return f"{self.name}, re-running the CI's check, still reports {_shown(key)}"
        for key, times in after.items():
            if key[0] in files and times > before[key]:
                return (
                    f"{self.name}, re-running the CI's check, reports something new: {_shown(key)}"
                )
        return None

    def _check(
        self, plan: Plan, ok: bool, detail: str, before: Run | None, after: Run | None
    ) -> Check:
        return check(
            self.name,
            ok,
            detail,
            plan.cwd,
            plan.shown,
            before=sum(before.reported.values()) if before is not None else None,
            after=sum(after.reported.values()) if after is not None else 0,
            note=plan.note,
        )


class EslintRuleChecks(NodeChecks):
    name = "eslint"
    package = "eslint"
    binary = "eslint"
    dropped = ESLINT_DROPPED
    output = ("--format", "json")

    def key(self, finding: Finding) -> Key:
        return (finding.path or "", finding.code or "", finding.message.rstrip("."))

    def default_args(self, files: Sequence[str]) -> list[str]:
        return [*self.output, *files]

    def read(self, stdout: str, cwd: str) -> Run | None:
        try:
            report = json.loads(stdout)
        except json.JSONDecodeError:
            return None
        if not isinstance(report, list):
            return None
        reported: Reported = Counter()
        fixable: set[tuple[str, str, int, int]] = set()
        for entry in report:
            path = self._repo_path(str(entry.get("filePath", "")), cwd)
            for message in entry.get("messages", []):
                rule = str(message.get("ruleId") or "")
                reported[(path, rule, str(message.get("message", "")).rstrip("."))] += 1
                if message.get("fix"):
                    fixable.add((path, rule, _int(message, "line"), _int(message, "column")))
        return Run(reported, frozenset(fixable))

    def unfixable(self, task: Task, before: Run) -> str:
        places = [(f.path or "", f.code or "", f.line or 0, f.column or 0) for f in task.findings]
        if any(place in before.fixable for place in places):
            return ""
        rules = ", ".join(sorted({f.code or "" for f in task.findings}))
        return (
            f"{self._plans_source(task)} offers no fix for {rules} at the places the log names;"
            " the change is a person's"
        )

    def _plans_source(self, task: Task) -> str:
        plan = self._plans.get(_root(task))
        return plan.tool.source if isinstance(plan, Plan) else "ESLint"


class TscChecks(NodeChecks):
    name = "tsc"
    package = "typescript"
    binary = "tsc"
    dropped = TSC_DROPPED
    output = ("--pretty", "false")
    can_fix_unverified = True  # the import's removal is the codemod's, not tsc's

    def key(self, finding: Finding) -> Key:
        code = finding.code or ""
        return (finding.path or "", code, about(code, finding.message))

    def default_args(self, files: Sequence[str]) -> list[str]:
        return ["--noEmit", *self.output]  # the project's tsconfig.json, as `tsc` reads it

    def read(self, stdout: str, cwd: str) -> Run | None:
        reported: Reported = Counter()
        for line in stdout.splitlines():
            match = PLAIN.match(line.rstrip())
            if match is None:
                continue
            path = self._repo_path(match["path"], cwd)
            code = match["code"]
            reported[(path, code, about(code, match["msg"].strip()))] += 1
        return Run(reported, frozenset())


def _root(task: Task) -> str:
    return task.id.split(".", 1)[0]


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    return value if isinstance(value, int) else 0


def _shown(key: Key) -> str:
    path, code, message = key
    return f"{code} in {path} ({message})" if code else f"{path} ({message})"
