"""The real tools that prove the fixes, and the verdicts.

Each kind names its verifier (:attr:`fixer.kinds.base.Kind.verifier`); every changed file
must re-parse first:

- ``mypy`` (``mypy.type-arg``, ``mypy.import-untyped``): mypy as the CI step ran it,
  baseline against after (:mod:`fixer.verify.mypy_checks`);
- ``ruff`` (``ruff.F401``, ``flake8.F401``): ruff as the CI step ran it, on the commit's
  text and on the file as written (with the other fixes of the file), reports it no more
  and nothing new (:mod:`fixer.verify.ruff`; for flake8, ruff's
  pyflakes rules stand in, and the check says so);
- ``pyproject`` (``pip.no-matching-distribution``): each file lost exactly that
  requirement; its precondition ``index``: the package index confirms first that no
  release satisfies it;
- ``poetry-core`` (``poetry.package-not-found``): poetry-core finds the package (or
  non-package mode);
- ``tool`` (``ruff.format``, ``black.format``, ``isort.imports``, ``ruff.rule``): the CI's
  check re-run with the project's version of the tool (:mod:`fixer.verify.tool_checks`);
  its precondition ``tool`` installs that version and reproduces the failure first;
- ``eslint`` (``eslint.no-unused-vars``): ESLint, the user's or the one the lock file pins
  (:mod:`fixer.verify.eslint_install`); else reported as not run, with why;
- ``lock`` (``uv.lock-outdated``, ``poetry.lock-outdated``): the tool's read-only check of
  the lock, at the CI's version, before (it reports the lock stale) and after (it passes)
  (:mod:`fixer.verify.lock_checks`);
- ``eslint-rule`` (``eslint.rule``) and ``tsc`` (``tsc.error``): the CI's ESLint or tsc
  command re-run with the project's version (:mod:`fixer.verify.node_checks`); their
  preconditions ``eslint`` and ``tsc`` reproduce the failure on the untouched tree first;
- ``npm-lock`` (``npm.lock-out-of-sync``): ``npm ci --dry-run --ignore-scripts`` with the
  CI's npm fails with the sync error before and passes after (:mod:`fixer.verify.npm_lock`).

A tool that crashed or timed out (mypy, ruff, ESLint) proves nothing either way: its
check is a tool error (:data:`~fixer.verify.verdicts.TOOL_ERROR`), the finding ends as
``tool-error`` and its change is not kept.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.diagnose.workflows import WorkflowJob
from fixer.forge.files import read_text
from fixer.kinds import kind_of
from fixer.verify.eslint import EslintResult, eslint_problem, link_node_modules, run_eslint
from fixer.verify.eslint_install import Eslint, find_eslint
from fixer.verify.mypy import MypyResult
from fixer.verify.mypy_checks import MypyChecks
from fixer.verify.node_checks import EslintRuleChecks, TscChecks
from fixer.verify.poetry import poetry_problem
from fixer.verify.ruff import Target, ruff_verdict
from fixer.verify.verdicts import NOT_RUN, Check
from fixer.verify.verdicts import check as _check

if TYPE_CHECKING:  # kept out of the import: they load libcst (see MypyChecks.prestart)
    from fixer.fix.apply import Edit
    from fixer.fix.plan import Task
    from fixer.forge.index import PackageIndex
    from fixer.model import Finding
    from fixer.snapshot import Snapshot
    from fixer.verify.lock_checks import LockChecks
    from fixer.verify.npm_lock import NpmLockChecks
    from fixer.verify.tool_checks import ToolChecks


def not_run(kind: str, checks: Iterable[Check]) -> list[Check]:
    """The checks of the tool that proves a fix of ``kind`` that could not run: while there
    is one, the fix is not verified."""
    prover = kind_of(kind).prover
    return [c for c in checks if not c.ran and c.verification.tool == prover]


class Checker:
    def __init__(
        self,
        snapshot: Snapshot,
        user_repo: Path,
        index_url: str | None = None,  # else $FIXER_INDEX_URL, $PIP_INDEX_URL or PyPI
        python: str | None = None,
        mypy_checks: MypyChecks | None = None,  # started early (MypyChecks.early)
    ) -> None:
        self.snapshot, self.root = snapshot, snapshot.root
        self.user_repo, self.index_url, self.python = user_repo, index_url, python
        self._index: PackageIndex | None = None
        self.workflows: tuple[WorkflowJob, ...] = snapshot.workflows
        self.mypy_checks = mypy_checks or MypyChecks.early(snapshot, python, ())
        self.eslint: dict[str, tuple[Eslint, EslintResult] | str] = {}  # str: why not run
        # the steps that kinds name (Kind.precondition, Kind.verifier); mypy's are apart
        self._tool_checks: ToolChecks | None = None
        self._lock_checks: LockChecks | None = None
        self._npm_lock: NpmLockChecks | None = None
        self.eslint_rules = EslintRuleChecks(snapshot, user_repo)
        self.tsc = TscChecks(snapshot, user_repo)
        self.preconditions: dict[str, Callable[[Task], tuple[str | None, list[Check]]]] = {
            "index": self._index_confirms,
            "tool": lambda t: self.tool_checks.precondition(t),
            "eslint": self.eslint_rules.precondition,
            "tsc": self.tsc.precondition,
            "lock": lambda t: self.lock_checks.precondition(t),
            "npm-lock": lambda t: self.npm_lock.precondition(t),
        }
        self.verifiers: dict[str, Callable[[Task, Edit], list[Check]]] = {
            "pyproject": self._removal_checks,
            "poetry-core": self._poetry_checks,
            "eslint": lambda t, e: [self._eslint_check(t, path) for path in e.texts],
            "ruff": lambda t, e: [self._ruff_check(t, e, path) for path in e.texts],
            "tool": lambda t, e: self.tool_checks.verify(t, e),
            "eslint-rule": self.eslint_rules.verify,
            "tsc": self.tsc.verify,
            "lock": lambda t, e: self.lock_checks.verify(t, e),
            "npm-lock": lambda t, e: self.npm_lock.verify(t, e),
        }

    @property
    def tool_checks(self) -> ToolChecks:
        """The formatters' and linters' checks, made when a task first needs them: their
        tool installer (and its packaging modules) loads only in a run that does."""
        if self._tool_checks is None:
            from fixer.verify.tool_checks import ToolChecks

            self._tool_checks = ToolChecks(self.snapshot)
        return self._tool_checks

    @property
    def lock_checks(self) -> LockChecks:
        """The lock files' checks, made when a task first needs them."""
        if self._lock_checks is None:
            from fixer.verify.lock_checks import LockChecks

            self._lock_checks = LockChecks(self.snapshot)
        return self._lock_checks

    @property
    def npm_lock(self) -> NpmLockChecks:
        """The npm lock checks, made when a task first needs them."""
        if self._npm_lock is None:
            from fixer.verify.npm_lock import NpmLockChecks

            self._npm_lock = NpmLockChecks(self.snapshot)
        return self._npm_lock

    def close(self) -> None:
        self.mypy_checks.close()

    # -- before any change -------------------------------------------------------------

    def precondition(self, task: Task) -> tuple[str | None, list[Check]]:
        """(why the task must not run, or None; the checks made to decide it)."""
        step = task.plugin.precondition
        return (None, []) if step is None else self.preconditions[step](task)

    @property
    def index(self) -> PackageIndex:
        """The package index client, made when first asked for: its HTTP and packaging
        modules load only in a run that asks the index."""
        if self._index is None:
            from fixer.forge.index import PackageIndex, index_url_from_env

            self._index = PackageIndex(self.index_url or index_url_from_env())
        return self._index

    def _index_confirms(self, task: Task) -> tuple[str | None, list[Check]]:
        """The package index says that no release satisfies each requirement."""
        from fixer.forge.index import IndexUnavailable

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

    def prestart(self, findings: Iterable[Finding]) -> None:
        self.mypy_checks.prestart(findings)

    def start_baselines(self, tasks: Sequence[Task]) -> None:
        self.mypy_checks.start(tasks)
        for task in tasks:
            if task.plugin.verifier == "eslint":
                self._eslint_baseline(task)

    def _eslint_baseline(self, task: Task) -> None:
        for path in task.files:
            from fixer.forge.tools import cache_root

            eslint = find_eslint(self.user_repo, path, cache_root())
            if isinstance(eslint, str):
                self.eslint[path] = eslint
                continue
            link_node_modules(self.root, eslint)
            self.eslint[path] = (eslint, run_eslint(eslint, self.root, path))

    def finish_baselines(self, tasks: Sequence[Task]) -> dict[str, str]:
        return self.mypy_checks.finish(tasks)

    def mypy(self, cwd: str, args: Sequence[str]) -> MypyResult:
        """One mypy run now, sharing the incremental cache."""
        return self.mypy_checks.run_now(cwd, args)

    # -- after the change ----------------------------------------------------------------

    def verify(self, tasks: Sequence[Task], edits: Mapping[str, Edit]) -> dict[str, list[Check]]:
        from fixer.verify.structure import parse_problem

        results: dict[str, list[Check]] = {t.id: [] for t in tasks}
        if self._tool_checks is not None:
            self._tool_checks.reset()
        self.eslint_rules.reset()
        self.tsc.reset()
        self.mypy_checks.release(tasks)  # mypy checks while the checks below run
        for task in tasks:
            edit = edits[task.id]
            for path, text in edit.texts.items():
                problem = parse_problem(path, text)
                results[task.id].append(_check("parse", problem is None, problem or ""))
            results[task.id] += self._specific(task, edit)
        self.mypy_checks.verify(tasks, results, edits)
        return results

    def _specific(self, task: Task, edit: Edit) -> list[Check]:
        """The checks of the task's verifier (mypy's run for all tasks at once, apart)."""
        verifier = self.verifiers.get(task.plugin.verifier)
        return verifier(task, edit) if verifier else []

    def _removal_checks(self, task: Task, edit: Edit) -> list[Check]:
        from fixer.verify.structure import removal_problem

        out = []
        for path, text in edit.texts.items():
            for finding in task.findings:
                name = finding.details.get("name", "")
                problem = removal_problem(path, edit.before[path], text, name)
                out.append(_check("pyproject", problem is None, problem or "", path))
        return out

    def _poetry_checks(self, task: Task, edit: Edit) -> list[Check]:
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

    def _eslint_check(self, task: Task, path: str) -> Check:
        seen = self.eslint.get(path, "ESLint was not looked for")
        if isinstance(seen, str):  # no ESLint to run: the fix is not verified
            return _check("eslint", True, NOT_RUN + seen)
        eslint, before = seen
        if before.problem:  # it broke on the untouched file: a tool error, nothing proven
            detail = f"{before.problem} (on the untouched file)"
            return _check("eslint", False, detail, eslint.package, ("eslint", path))
        after = run_eslint(eslint, self.root, path)
        problems = [eslint_problem(before, after, f) for f in task.findings]
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

    def _ruff_check(self, task: Task, edit: Edit, path: str) -> Check:
        finding = task.findings[0]
        targets = [
            Target(f.line or 0, f.column, f.details.get("name", "").split(" as ")[0], f.code)
            for f in task.findings
        ]
        # the file as it is written, against the commit's text: what another fix of the
        # file made is judged with it (an import it moved back in is still reported)
        verdict = ruff_verdict(
            self.root,
            task.workdir,
            path,
            (edit.start(path), read_text(self.root, path).text),
            targets,
            finding.command,
            flake8=finding.tool == "flake8",
        )
        if verdict is None:
            return _check("ruff", True, NOT_RUN + "ruff is not installed")
        problem = verdict.problem
        return _check(
            "ruff",
            problem is None,
            problem or "",
            task.workdir,
            verdict.command,
            before=verdict.before,
            after=verdict.after,
            note=verdict.note,
        )
