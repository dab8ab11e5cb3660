"""The pinned formatters the tests run, installed once per test session.

fixer installs the project's version of a tool with uv into its cache
(:mod:`fixer.forge.tools`); the tests point that cache at a folder of the session
(``XDG_CACHE_HOME``), so a fresh machine downloads each pinned version once per session
and the user's own cache is never touched. uv's own cache stays where it is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from fixer.forge.tools import Pinned, command, install
from tests.support.ghlog import Job, write_run

RUFF = Pinned("ruff", "0.14.2", "tests")
BLACK = Pinned("black", "24.10.0", "tests")
ISORT = Pinned("isort", "5.13.2", "tests")
LOG_CASES = Path(__file__).resolve().parents[2] / "fixtures" / "logs"


@pytest.fixture(scope="session")
def tool_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("xdg-cache")
    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "UV_CACHE_DIR")}
    uv_cache = subprocess.run(
        [str(Path(sys.executable).parent / "uv"), "cache", "dir"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if uv_cache:
        os.environ["UV_CACHE_DIR"] = uv_cache
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:
        yield cache / "fixer"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def tool(pin: Pinned) -> list[str]:
    """The command of ``pin``, installed in the session's cache."""
    return command(install(pin), pin.tool)


def ci_run(
    root: Path, repo: Path, steps: Sequence[tuple[str, str, list[str]]], job: str = "lint"
) -> Path:
    """Run each (step name, command shown, command run) for real in ``repo``; the run's
    logs, in GitHub's format, in ``root / "logs"``. The job stops at the first failing
    step, as the runner's does."""
    run = Job(job)
    run.setup()
    run.checkout()
    for name, shown, argv in steps:
        done = subprocess.run(argv, cwd=repo, capture_output=True, text=True)
        output = (done.stdout + done.stderr).splitlines()
        run.run(name, shown, output, exit_code=done.returncode)
        if done.returncode:
            break
    run.complete()
    logs = root / "logs"
    write_run(logs, [run])
    return logs


def fixture_project(case: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The files of ``fixtures/logs/<case>/project`` by path (``extra`` added or replaced)."""
    project = LOG_CASES / case / "project"
    files = {
        p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(project.rglob("*"))
        if p.is_file()
    }
    return {**files, **(extra or {})}
