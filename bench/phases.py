"""Run ``fixer`` with a timeline of its phases printed on stderr, for ``bench/run.py fix``.

    FIXER_BENCH_T0=<time.time() at launch> python bench/phases.py fix LOGS --repo DIR

wraps a few of fixer's functions (reading the logs, the worktree, each mypy run, the
codemods, the commit) with timers as their modules are imported, then runs the command
line as ``python -m fixer`` would. Times are seconds since the launch
(``FIXER_BENCH_T0``), so interpreter start-up
and imports show too. fixer itself is not changed; a function that is not where this
expects it is simply not timed.
"""

from __future__ import annotations

import functools
import importlib
import importlib.abc
import os
import sys
import time
from collections.abc import Callable
from typing import Any

T0 = float(os.environ.get("FIXER_BENCH_T0", time.time()))
EVENTS: list[tuple[float, float, str]] = []  # start, end, what


def now() -> float:
    return time.time() - T0


def timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name, None)
    if original is None:
        return

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = now()
        try:
            return original(*args, **kwargs)
        finally:
            EVENTS.append((start, now(), label))

    setattr(owner, name, wrapper)


def patch_mypy(mypy: Any) -> None:
    """Each mypy process: when it started, when fixer had its result."""
    run = mypy.MypyRun
    start, wait = run.start, run.wait
    started: dict[int, float] = {}

    def start_wrapper(self: Any) -> Any:
        started[id(self)] = now()
        return start(self)

    def wait_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self._proc is None:
            started[id(self)] = now()
        waited = now()
        result = wait(self, *args, **kwargs)
        begin = started.get(id(self), waited)
        blocked = now() - waited
        EVENTS.append((begin, now(), f"mypy process ({blocked:.2f} s of it waited for)"))
        return result

    run.start, run.wait = start_wrapper, wait_wrapper


def patch_mypy_process(process: Any) -> None:
    timed(process.WarmMypy, "__init__", "start an interpreter loading mypy, for the baseline")


def patch_app(app: Any) -> None:
    timed(app, "diagnose_logs", "diagnose: read the logs (imports included)")
    timed(app, "diagnose_scans", "diagnose: map the findings to the snapshot")
    timed(app, "fix_diagnosis", "fix, verify, commit (imports included)")
    scan = getattr(app, "scan_logs", None)
    if scan is not None:  # a generator: timed from the call to its last job

        @functools.wraps(scan)
        def scan_logs(*args: Any, **kwargs: Any) -> Any:
            start = now()
            yield from scan(*args, **kwargs)
            EVENTS.append((start, now(), "read the logs (imports included)"))

        app.scan_logs = scan_logs


def patch_git(forge: Any) -> None:
    timed(forge, "check_clone", "check the repository")
    timed(forge.Worktree, "__enter__", "git worktree add (until started)")
    timed(forge.Worktree, "ready", "wait for the checkout to end")
    timed(forge.Worktree, "__exit__", "git worktree remove")
    timed(forge, "diff", "git diff")
    timed(forge, "commit", "git commit on the fix branch")


def patch_checks(checks: Any) -> None:
    timed(checks.Checker, "prestart", "start the mypy baseline early")
    timed(checks.Checker, "start_baselines", "start the mypy baseline")
    timed(checks.Checker, "finish_baselines", "wait for the mypy baseline")
    timed(checks.Checker, "verify", "verify (incremental mypy)")


def patch_engine(engine: Any) -> None:
    timed(engine, "compute", "a codemod")


def patch_tools(tools: Any) -> None:
    timed(tools, "install", "find or install the project's tool (uv)")


def patch_tool_checks(checks: Any) -> None:
    timed(checks.ToolChecks, "precondition", "the CI's check on the untouched tree")
    timed(checks.ToolChecks, "verify", "the CI's check after the change")


# patched when fixer imports them, so that imports happen when they would anyway
PATCHES: dict[str, Callable[[Any], None]] = {
    "fixer.app": patch_app,
    "fixer.forge.git": patch_git,
    "fixer.verify.checks": patch_checks,
    "fixer.fix.engine": patch_engine,
    "fixer.verify.mypy": patch_mypy,
    "fixer.verify.mypy_process": patch_mypy_process,
    "fixer.forge.tools": patch_tools,
    "fixer.verify.tool_checks": patch_tool_checks,
}


class Patcher(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in PATCHES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        start = now()
        exec_module = spec.loader.exec_module

        def patched(module: Any) -> None:
            exec_module(module)
            EVENTS.append((start, now(), f"import {name}"))
            PATCHES[name](module)

        spec.loader.exec_module = patched
        return spec


def install() -> None:
    EVENTS.append((0.0, now(), "interpreter start-up"))
    sys.meta_path.insert(0, Patcher())


def report(code: int) -> None:
    EVENTS.append((0.0, now(), f"total (exit {code})"))
    for start, end, label in sorted(EVENTS, key=lambda e: (e[0], -e[1])):
        print(f"phase {start:7.3f} {end:7.3f} {end - start:7.3f}  {label}", file=sys.stderr)


def main() -> None:
    install()
    cli: Callable[[], int] = importlib.import_module("fixer.cli").main
    sys.argv[0] = "fixer"
    code = cli()  # as the program runs it: the arguments from sys.argv
    sys.stdout.flush()
    report(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
