"""`fixer fix` proves a JS fix with the ESLint the repository's lock file pins.

The repository is ``fixtures/logs/eslint-locked/project`` (ESLint 9 in
``package-lock.json``, an ``eslint.config.js``, no ``node_modules``) and the log is what
``npm ci`` and ``npm run lint`` printed on it (``fixtures/logs/make.py``). fixer installs
the locked set with ``npm ci --ignore-scripts`` into its cache (``XDG_CACHE_HOME`` points
into a temporary folder here) and runs that ESLint before and after each change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.demo import DEMO_IDENTITY
from fixer.model import Verification
from fixer.verify.verdicts import NOT_RUN

CASE = Path(__file__).resolve().parent.parent / "fixtures" / "logs" / "eslint-locked"
LOG = str(CASE / "job.log")

pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="needs node and npm")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(scope="module")
def npm_calls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log of every npm command fixer runs: an ``npm`` first on PATH that calls npm."""
    folder = tmp_path_factory.mktemp("npm-spy")
    wrapper = folder / "npm"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {folder}/calls\nexec {shutil.which("npm")} "$@"\n')
    wrapper.chmod(0o755)
    return folder


@pytest.fixture(autouse=True)
def xdg(cache: Path, npm_calls: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("PATH", f"{npm_calls}{os.pathsep}{os.environ['PATH']}")
    yield


def calls(npm_calls: Path) -> list[str]:
    log = npm_calls / "calls"
    return log.read_text().splitlines() if log.exists() else []


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def make_repo(into: Path, *, without: str = "") -> Path:
    repo = into / "frontend"
    shutil.copytree(CASE / "project", repo)
    if without:
        (repo / without).unlink()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, *DEMO_IDENTITY, "commit", "-q", "-m", "Frontend")
    return repo


def eslint_of(result: FixResult, path: str) -> Verification:
    """The ESLint check of the outcome for ``path`` (the last, when it was tried twice)."""
    (outcome,) = [o for o in result.outcomes if o.finding.path == path]
    checks = [v for v in outcome.verifications if v.tool == "eslint"]
    assert checks and all(v == checks[0] for v in checks), checks
    return checks[-1]


def installs(cache: Path) -> list[tuple[str, int, int]]:
    """Each cached install: its folder, inode and the mtime of what npm ci wrote last."""
    root = cache / "fixer" / "eslint"
    marker = Path("node_modules") / ".package-lock.json"
    return [
        (p.name, p.stat().st_ino, (p / marker).stat().st_mtime_ns) for p in sorted(root.iterdir())
    ]


def test_locked_eslint_from_the_cache_verifies_or_rolls_back(
    tmp_path: Path, cache: Path, npm_calls: Path
) -> None:
    repo = make_repo(tmp_path / "first")
    result = fix_logs([LOG], FixOptions(repo=repo))

    label = eslint_of(result, "src/label.js")
    assert label.ok and label.detail == "", label.detail
    assert (label.errors_before, label.errors_after) == (1, 0)
    (fixed,) = [o for o in result.outcomes if o.status == "fixed"]
    assert fixed.finding.path == "src/label.js"
    assert "-import { formatDate, formatTime } from './dates.js'" in result.diff
    assert "+import { formatDate } from './dates.js'" in result.diff
    assert "title.js" not in result.diff and "node_modules" not in result.diff
    # title.js would keep `import './summary.js'`, and sort-imports wants it first: undone
    title = eslint_of(result, "src/title.js")
    assert not title.ok and title.detail == (
        "ESLint reports a new problem: Expected 'none' syntax before 'single' syntax."
        " (sort-imports, line 2)"
    )
    assert git(repo, "status", "--porcelain") == ""  # no node_modules left in the checkout

    assert calls(npm_calls) == ["ci --ignore-scripts --no-audit --no-fund --loglevel=error"]
    (first,) = installs(cache)  # one install, no temporary folder left beside it
    cached = cache / "fixer" / "eslint" / first[0]
    assert sorted(p.name for p in cached.iterdir()) == ["node_modules", "package-lock.json",
                                                         "package.json"]  # fmt: skip

    again = fix_logs([LOG], FixOptions(repo=make_repo(tmp_path / "second"), dry_run=True))
    assert eslint_of(again, "src/label.js").ok
    assert len(calls(npm_calls)) == 1, "the second run installed ESLint again"
    assert installs(cache) == [first]


def test_without_a_lock_eslint_is_reported_not_run(tmp_path: Path, cache: Path) -> None:
    before = sorted(cache.rglob("*.tmp"))
    repo = make_repo(tmp_path, without="package-lock.json")
    result = fix_logs([LOG], FixOptions(repo=repo, dry_run=True))
    for path in ("src/label.js", "src/title.js"):
        check = eslint_of(result, path)
        assert check.detail.startswith(NOT_RUN), check.detail
        assert "no package-lock.json or npm-shrinkwrap.json pins it" in check.detail
        assert check.command == () and check.errors_before is None
    assert sorted(cache.rglob("*.tmp")) == before
