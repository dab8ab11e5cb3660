"""One corpus project end to end: repository, real tools, logs, ``fixer fix``, checks."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from bench.accuracy import isolate, pythons, repo, tools
from bench.accuracy.corpus import Project, fetch
from bench.accuracy.judge import Failure, Verdict, initial, judge
from bench.accuracy.linemap import FileDiff, compare, parse_diff
from bench.accuracy.tests_check import setup_plan

NAME = re.compile(r"cannot import name '([^']+)'|fixture '([^']+)' not found")


@dataclass(slots=True)
class Result:
    project: Project
    verdicts: list[Verdict] = field(default_factory=list)
    crash: str = ""  # fixer's stderr when it exited 2 or 3, or timed out
    exit_code: int | None = None
    diff: str = ""
    not_run: list[str] = field(default_factory=list)  # checks that could not run, and why
    ran: list[str] = field(default_factory=list)  # the checks that ran
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(v.status == status for v in self.verdicts)


def run_fixer(
    fixer: Sequence[str], logs: Path, root: Path
) -> tuple[dict[str, Any] | None, int | None, str]:
    cmd = [*fixer, "fix", str(logs), "--repo", str(root), "--json", "--branch", "fixer/realcode"]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=900, env=tools.tool_env()
        )
    except subprocess.TimeoutExpired:
        return None, None, "timed out after 900 s"
    if proc.returncode not in (0, 1):
        return None, proc.returncode, proc.stderr.strip()[-3000:] or f"exit {proc.returncode}"
    try:
        return json.loads(proc.stdout), proc.returncode, ""
    except json.JSONDecodeError:
        return (
            None,
            proc.returncode,
            f"no JSON on stdout: {proc.stdout[-500:]}{proc.stderr[-2000:]}",
        )


def run_project(
    project: Project,
    fixer: Sequence[str],
    cache: Path,
    work: Path,
    say: Callable[[str], None] = lambda _: None,
) -> Result:
    start = time.monotonic()
    result = Result(project)
    root, base = repo.make_repo(project, fetch(project, cache / "sdists"), work / project.name)
    mcache = work / "mypy-cache"
    say("mypy and ruff")
    logs = repo.write_logs(
        work / "logs", tools.mypy_log_run(root, project.target, mcache), tools.ruff_log_run(root)
    )
    before = tools.mypy_errors(root, project.target, mcache) + tools.ruff_errors(root)
    vocabulary = [e for e in before if e.code in ("type-arg", "F401")]
    say(f"{len(vocabulary)} errors in fixer's vocabulary; fixer fix")
    report, result.exit_code, result.crash = run_fixer(fixer, logs, root)
    result.verdicts = initial(vocabulary, report, result.crash)
    commit = (report or {}).get("fix", {}).get("commit")
    if commit:
        say("checking the fix")
        result.diff = repo.git(root, "diff", "-U0", base, commit)
        failures = check_fix(project, root, commit, before, result, cache)
        judge(result.verdicts, failures[0], failures[1], parse_diff(result.diff))
    result.seconds = time.monotonic() - start
    return result


def check_fix(
    project: Project,
    root: Path,
    commit: str,
    before: list[tools.Error],
    result: Result,
    cache: Path,
) -> tuple[list[tools.Error], list[Failure]]:
    """Check out the fix in ``root`` and run every check before and after it."""
    diff = parse_diff(result.diff)
    modules = {m: path for path in diff if (m := pythons.module_name(path, project.source_root))}
    interpreters = pythons.supported(project)
    imports_before = _imports(project, root, modules, interpreters, cache)
    tests_before = _tests(project, root, interpreters, cache)
    repo.git(root, "checkout", "-q", commit)
    mcache = root.parent / "mypy-cache"
    after = tools.mypy_errors(root, project.target, mcache) + tools.ruff_errors(root)
    cmp = compare(before, after, diff)
    result.ran.append(
        f"mypy and ruff on the whole project ({len(before)} errors before, {len(after)} after)"
    )
    failures = [
        Failure("no new error (mypy/ruff)", e.where(), e.path, e.line, _quoted(e.message))
        for e in cmp.new
    ]
    imports_after = _imports(project, root, modules, interpreters, cache)
    failures += _isolated(
        project,
        root,
        commit,
        diff,
        cache,
        interpreters,
        _import_failures(imports_before, imports_after, modules, root, diff),
    )
    versions = ", ".join(imports_after) or "none"
    result.ran.append(f"import of {len(modules)} changed modules under Python {versions}")
    tests_after = _tests(project, root, interpreters, cache)
    if tests_before is None or tests_after is None:
        result.not_run.append(f"pytest --setup-plan {project.tests}: could not run")
    else:
        failures += _test_failures(tests_before, tests_after)
        counts = f"{len(tests_before[0])} errors before, {len(tests_after[0])} after"
        result.ran.append(f"pytest --setup-plan {project.tests} ({counts})")
    return cmp.gone, failures


def _quoted(message: str) -> str | None:
    m = re.search(r'"([^"]+)"|`([^`]+)`', message)
    return (m.group(1) or m.group(2)) if m else None


Imports = dict[str, dict[str, dict[str, object] | None]]


def _imports(
    project: Project, root: Path, modules: dict[str, str], interpreters: list[Path], cache: Path
) -> Imports:
    """Per Python version, each module's import error (None: imported)."""

    def one(py: Path) -> tuple[str, dict[str, dict[str, object] | None]]:
        deps = pythons.deps_dir(project, py, cache)
        found = pythons.import_all(py, sorted(modules), root / project.source_root, deps)
        return py.parent.parent.name, found

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, interpreters))


def _import_failures(
    before: Imports,
    after: Imports,
    modules: dict[str, str],
    root: Path,
    diff: dict[str, FileDiff],
) -> list[Failure]:
    failures = []
    for version, results in after.items():
        for module, err in results.items():
            if err is None or before.get(version, {}).get(module) is not None:
                continue
            path, line = modules[module], None
            frames = [str(w) for w in cast(list[object], err.get("where", []))]
            for frame in frames:
                file, _, num = frame.rpartition(":")
                rel = (
                    Path(file).resolve().relative_to(root.resolve()).as_posix()
                    if file.startswith(str(root))
                    else ""
                )
                if rel in diff:
                    path, line = rel, int(num)
            output = f"python {version}: import {module}: {err['error']} at {', '.join(frames)}"
            failures.append(Failure(f"imports under Python {version}", output, path, line))
    return failures


def _isolated(
    project: Project,
    root: Path,
    commit: str,
    diff: dict[str, FileDiff],
    cache: Path,
    interpreters: list[Path],
    failures: list[Failure],
) -> list[Failure]:
    """Import failures pinned to the hunk that causes each, when one alone does."""
    if not failures:
        return []
    base = repo.git(root, "rev-parse", f"{commit}~1")
    pinned: list[Failure] = []
    for py in interpreters:
        version = py.parent.parent.name
        mine = [f for f in failures if f.check.endswith(version)]
        modules = sorted({m for f in mine for m in [f.output.split("import ", 1)[1].split(":")[0]]})
        if not modules:
            continue
        deps = pythons.deps_dir(project, py, cache)
        found = isolate.guilty(
            root, base, commit, diff, py, modules, root / project.source_root, deps
        )
        pinned += [
            Failure(
                f"imports under Python {version}",
                f"python {version}, this hunk alone (with the import edits): {_first(err)}",
                path,
                None,
                None,
                h,
            )
            for path, h, err in found
        ]
        if not found:
            pinned += mine
    return pinned


def _first(errors: str) -> str:
    parts = errors.split("; ")
    return parts[0] + (f" (and {len(parts) - 1} more modules)" if len(parts) > 1 else "")


def _tests(
    project: Project, root: Path, interpreters: list[Path], cache: Path
) -> tuple[set[str], str] | None:
    if project.tests is None:
        return None
    me = next((py for py in interpreters if py.parent.parent.name.startswith("3.11")), None)
    deps = pythons.deps_dir(project, me, cache, tests=True) if me else None
    path = [root / project.source_root] + ([deps] if deps else [])
    return setup_plan(root, project.tests, path)


def _test_failures(before: tuple[set[str], str], after: tuple[set[str], str]) -> list[Failure]:
    failures = []
    for test_id in sorted(after[0] - before[0]):
        lines = [ln for ln in after[1].splitlines() if ln.startswith("E ") or test_id in ln]
        text = "\n".join(lines[:12])
        m = NAME.search(text)
        name = (m.group(1) or m.group(2)) if m else None
        path = test_id.split("::")[0]
        failures.append(
            Failure("tests collect (pytest --setup-plan)", f"{test_id}\n{text}", path, None, name)
        )
    return failures
