"""Which real tool proves which fix, and the verdicts.

- ``mypy.type-arg`` / ``mypy.import-untyped``: mypy as the CI step ran it, baseline
  against after (:mod:`fixer.verify.mypy`);
- ``ruff.F401`` / ``flake8.F401``: the file re-parses and ruff no longer reports it,
  nor an undefined name (when ruff is available);
- ``pip.no-matching-distribution``: the index is asked first; then each file parses
  and lost exactly that requirement;
- ``poetry.package-not-found``: poetry-core finds the package (or non-package mode);
- ``eslint.no-unused-vars``: the file re-parses; ESLint, when the repository has it.
"""

from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.diagnose.workflows import WorkflowJob
from fixer.model import Verification
from fixer.verify.eslint import (
    Eslint,
    EslintResult,
    eslint_problem,
    find_eslint,
    link_node_modules,
    run_eslint,
)
from fixer.verify.index import IndexUnavailable, PackageIndex
from fixer.verify.mypy import (
    MypyError,
    MypyResult,
    MypyRun,
    mypy_args,
    new_errors,
    remaining,
    targeted,
)
from fixer.verify.poetry import poetry_problem
from fixer.verify.ruff import ruff_problem

if TYPE_CHECKING:  # kept out of the import: they load libcst (see Checker.prestart)
    from fixer.fix.apply import Edit
    from fixer.fix.plan import Task
    from fixer.model import Finding

MYPY_KINDS = {"mypy.type-arg", "mypy.import-untyped"}
NOT_RUN = "not run: "  # a check that could not run (the fix then rests on the others)


@dataclass(frozen=True, slots=True)
class Check:
    verification: Verification
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.verification.ok

    @property
    def detail(self) -> str:
        return self.verification.detail


def _check(
    tool: str,
    ok: bool,
    detail: str = "",
    cwd: str = "",
    command: tuple[str, ...] = (),
    before: int | None = None,
    after: int = 0,
    note: str = "",
) -> Check:
    return Check(Verification(tool, command, cwd, before, after, ok, detail), note)


@dataclass
class MypyGroup:
    cwd: str
    args: tuple[str, ...]
    baseline: MypyRun | None = None
    result: MypyResult | None = None
    after: MypyRun | None = None  # the run after the change, prepared during the baseline
    targets: dict[str, list[MypyError]] = field(default_factory=dict)  # task id -> errors


class Checker:
    def __init__(
        self,
        root: Path,
        user_repo: Path,
        index: PackageIndex | None,
        python: str | None = None,
        workflows: Sequence[WorkflowJob] = (),
    ) -> None:
        self.root, self.user_repo, self.index, self.python = root, user_repo, index, python
        self.workflows = tuple(workflows)
        self._tmp = tempfile.TemporaryDirectory(prefix="fixer-cache-")
        self.cache = Path(self._tmp.name)
        self.groups: dict[tuple[str, tuple[str, ...]], MypyGroup] = {}
        self.eslint: dict[str, tuple[Eslint, EslintResult]] = {}

    def close(self) -> None:
        for group in self.groups.values():
            if group.baseline is not None and group.result is None:
                group.baseline.stop()
            if group.after is not None:
                group.after.stop()
        self._tmp.cleanup()

    # -- before any change -------------------------------------------------------------

    def precondition(self, task: Task) -> tuple[str | None, list[Check]]:
        """(why the task must not run, or None; the checks made to decide it)."""
        if task.kind != "pip.no-matching-distribution":
            return None, []
        if self.index is None:
            return "no package index to confirm that the requirement cannot be satisfied", []
        checks: list[Check] = []
        for finding in task.findings:
            requirement = finding.details.get("requirement", finding.details.get("name", ""))
            name = finding.details.get("name", "")
            command = ("GET", f"{self.index.url}{name}/")
            try:
                try:
                    verdict = self.index.satisfiable(requirement)
                except ValueError:  # Poetry's "name (^1.2)" is no PEP 508: any release?
                    verdict = self.index.satisfiable(name)
            except IndexUnavailable as exc:
                return f"could not confirm with the package index: {exc}", checks
            except ValueError as exc:
                return f"cannot check {requirement!r} against the index: {exc}", checks
            ok = not verdict.matching
            checks.append(
                _check("index", ok, verdict.reason, "", command, note="" if ok else verdict.reason)
            )
            if not ok:
                return f"the index says {verdict.reason}; the failure lies elsewhere", checks
        return None, checks

    def group_for(self, task: Task) -> MypyGroup:
        finding = task.findings[0]
        args = mypy_args(finding.command)
        cwd = task.workdir
        if args is None:  # the CI did not call mypy directly: check the changed files
            args = [posixpath.relpath(p, cwd or ".") for p in task.files]
        return self._group(cwd, tuple(args))

    def _group(self, cwd: str, args: tuple[str, ...]) -> MypyGroup:
        if (cwd, args) not in self.groups:
            self.groups[(cwd, args)] = MypyGroup(cwd, args)
        return self.groups[(cwd, args)]

    def _run(self, group: MypyGroup) -> MypyRun:
        return MypyRun(self.root, group.cwd, group.args, self.cache, self.python)

    def _start(self, group: MypyGroup) -> None:
        if group.baseline is None:
            group.baseline = self._run(group).start()

    def prestart(self, findings: Iterable[Finding]) -> None:
        """Start mypy's baselines for the CI commands of the findings now, before the
        codemods are even loaded: a cold baseline is the longest step of a fix, and it
        needs only the untouched worktree. :meth:`start_baselines` adopts them (and stops
        one that no task turns out to need)."""
        for finding in findings:
            if finding.fixable and finding.kind in MYPY_KINDS:
                args = mypy_args(finding.command)
                if args is not None:  # else the files to check depend on the plan
                    self._start(self._group(finding.workdir or "", tuple(args)))

    def start_baselines(self, tasks: Sequence[Task]) -> None:
        needed: set[tuple[str, tuple[str, ...]]] = set()
        for task in tasks:
            if task.kind in MYPY_KINDS:
                group = self.group_for(task)
                self._start(group)
                needed.add((group.cwd, group.args))
            elif task.kind == "eslint.no-unused-vars":
                self._eslint_baseline(task)
        for key in [k for k in self.groups if k not in needed]:  # prestarted, not needed
            unused = self.groups.pop(key)
            if unused.baseline is not None:
                unused.baseline.stop()

    def _eslint_baseline(self, task: Task) -> None:
        for path in task.files:
            eslint = find_eslint(self.user_repo, path)
            if eslint is not None:
                link_node_modules(self.user_repo, self.root, eslint)
                self.eslint[path] = (eslint, run_eslint(eslint, self.root, path))

    def finish_baselines(self, tasks: Sequence[Task]) -> dict[Task, str]:
        """Wait for the baselines; tasks whose error mypy does not reproduce are dropped."""
        dropped: dict[Task, str] = {}
        for task in tasks:
            if task.kind in MYPY_KINDS:
                group = self.group_for(task)
                if group.after is None:
                    group.after = self._run(group).prepare()
        for group in self.groups.values():
            if group.baseline is not None and group.result is None:
                group.result = group.baseline.wait()
        for task in tasks:
            if task.kind not in MYPY_KINDS:
                continue
            group = self.group_for(task)
            assert group.result is not None
            if group.result.problem:
                dropped[task] = f"mypy could not check the project: {group.result.problem}"
                continue
            errors = []
            for f in task.findings:
                error = targeted(group.result, f.path or "", f.line or 0, f.code or "")
                if error is None:
                    dropped[task] = (
                        f"`{group.result.command}` here does not report "
                        f"{f.location} ({f.code}); the fix cannot be verified"
                    )
                    break
                errors.append(error)
            else:
                group.targets[task.id] = errors
        return dropped

    def mypy(self, cwd: str, args: Sequence[str]) -> MypyResult:
        """One mypy run now, sharing the incremental cache."""
        return MypyRun(self.root, cwd, args, self.cache, self.python).wait()

    # -- after the change ----------------------------------------------------------------

    def verify(self, tasks: Sequence[Task], edits: Mapping[str, Edit]) -> dict[str, list[Check]]:
        from fixer.verify.structure import parse_problem

        results: dict[str, list[Check]] = {t.id: [] for t in tasks}
        for task in tasks:
            edit = edits[task.id]
            for path, text in edit.texts.items():
                problem = parse_problem(path, text)
                results[task.id].append(_check("parse", problem is None, problem or ""))
            results[task.id] += self._specific(task, edit)
        self._verify_mypy([t for t in tasks if t.kind in MYPY_KINDS], results)
        return results

    def _specific(self, task: Task, edit: Edit) -> list[Check]:
        if task.kind == "pip.no-matching-distribution":
            from fixer.verify.structure import removal_problem

            out = []
            for path, text in edit.texts.items():
                for finding in task.findings:
                    name = finding.details.get("name", "")
                    problem = removal_problem(path, edit.before[path], text, name)
                    out.append(_check("pyproject", problem is None, problem or "", path))
            return out
        if task.kind == "poetry.package-not-found":
            path = task.files[0]
            problem = poetry_problem((self.root / path).parent)
            # before the change, poetry-core raised the error the log shows: one error
            return [
                _check(
                    "poetry-core",
                    problem is None,
                    problem or "",
                    posixpath.dirname(path),
                    ("poetry-core", "package discovery"),
                    before=1,
                    after=int(problem is not None),
                )
            ]
        if task.kind == "eslint.no-unused-vars":
            return [self._eslint_check(task, path) for path in edit.texts]
        if task.kind in ("ruff.F401", "flake8.F401"):
            return [self._ruff_check(task, path) for path in edit.texts]
        return []

    def _eslint_check(self, task: Task, path: str) -> Check:
        seen = self.eslint.get(path)
        if seen is None:
            return _check(
                "eslint",
                True,
                note="no ESLint installed in the repository; verified by re-parsing only",
            )
        eslint, before = seen
        after = run_eslint(eslint, self.root, path)
        names = [f.details.get("name", "") for f in task.findings]
        problems = [eslint_problem(before, after, n) for n in names]
        problem = next((p for p in problems if p), None)
        return _check(
            "eslint",
            problem is None,
            problem or "",
            eslint.package,
            ("eslint", path),
            before=len(before.messages),
            after=len(after.messages),
        )

    def _ruff_check(self, task: Task, path: str) -> Check:
        names = [f.details.get("name", "") for f in task.findings]
        problem, command = ruff_problem(self.root, path, names)
        if command is None:
            return _check("ruff", True, NOT_RUN + "ruff is not installed")
        return _check("ruff", problem is None, problem or "", "", command)

    def _verify_mypy(self, tasks: Sequence[Task], results: dict[str, list[Check]]) -> None:
        by_group: dict[tuple[str, tuple[str, ...]], list[Task]] = {}
        for task in tasks:
            group = self.group_for(task)
            by_group.setdefault((group.cwd, group.args), []).append(task)
        for key, members in by_group.items():
            group = self.groups[key]
            assert group.result is not None
            run, group.after = group.after or self._run(group), None
            after = run.wait()
            fresh = new_errors(group.result, after)
            for task in members:
                left = remaining(after, group.targets.get(task.id, []), group.result)
                detail = ""
                if after.problem:
                    detail = f"mypy failed: {after.problem}"
                elif left:
                    detail = f"mypy still reports {left[0].path}:{left[0].line}: {left[0].message}"
                elif fresh:
                    e = fresh[0]
                    detail = f"mypy reports a new error: {e.path}:{e.line}: {e.message} [{e.code}]"
                results[task.id].append(
                    _check(
                        "mypy",
                        not detail,
                        detail,
                        group.cwd,
                        tuple(after.command.split()),
                        before=group.result.count(),
                        after=after.count(),
                    )
                )
