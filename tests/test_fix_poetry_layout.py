"""`fixer fix` on the layout Poetry itself writes, proven with a real `poetry install`.

``poetry add --group dev`` appends ``[tool.poetry.group.dev.dependencies]`` at the end
of the file, after ``[build-system]``, so ``[tool.poetry]`` comes in two pieces
(``poetry-package-out-of-order``), or there is no ``[tool.poetry]`` header at all when the
metadata is in ``[project]``, as ``poetry new`` writes it since Poetry 2
(``poetry-package-project-table``). Each repository is ``fixtures/logs/<case>/project``
and its log is what Poetry 2.5.1 printed on it (``fixtures/logs/make.py``). Poetry (a dev dependency) runs
on the repository before and after the fix: it fails with the logged error first, and
installs the project from its lock file once the fix is committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from fixer.demo import DEMO_IDENTITY

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"
POETRY = Path(sys.executable).with_name("poetry")
ERROR = "No file/folder found for package backend"
HUNKS = {  # the fix, after the diff's header lines
    "poetry-package-out-of-order": [
        '@@ -4,6 +4,7 @@ version = "0.1.0"',
        ' description = "Dashboard API"',
        ' authors = ["Dev Team <dev@example.com>"]',
        ' readme = "README.md"',
        "+package-mode = false",
        " ",
        " [tool.poetry.dependencies]",
        ' python = "^3.11"',
    ],
    "poetry-package-project-table": [
        "@@ -15,6 +15,9 @@ dependencies = [",
        ' requires = ["poetry-core>=2.0.0,<3.0.0"]',
        ' build-backend = "poetry.core.masonry.api"',
        " ",
        "+[tool.poetry]",
        "+package-mode = false",
        "+",
        " [tool.poetry.group.dev]",
        " optional = true",
        " ",
    ],
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def poetry_install(project: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{POETRY.parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp / "home"),
        "POETRY_CACHE_DIR": str(tmp / "poetry-cache"),
        "POETRY_CONFIG_DIR": str(tmp / "poetry-config"),
        "POETRY_VIRTUALENVS_IN_PROJECT": "true",
        "POETRY_NO_INTERACTION": "1",
    }
    return subprocess.run(
        [str(POETRY), "install"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def make_repo(case: Path, into: Path) -> Path:
    repo = into / "repo"
    shutil.copytree(case / "project", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, *DEMO_IDENTITY, "commit", "-q", "-m", "Backend")
    return repo


@pytest.mark.parametrize("name", sorted(HUNKS))
def test_real_poetry_fails_as_logged_then_installs_the_fix(name: str, tmp_path: Path) -> None:
    case = LOGS / name
    repo = make_repo(case, tmp_path)
    assert POETRY.is_file(), "Poetry is a dev dependency: make setup installs it"
    pyproject = (repo / "backend" / "pyproject.toml").read_text()
    assert pyproject.index("[build-system]") < pyproject.index(
        "[tool.poetry.group.dev.dependencies]"
    )
    broken = poetry_install(repo / "backend", tmp_path)
    assert broken.returncode == 1 and ERROR in broken.stdout + broken.stderr
    assert ERROR in (case / "job.log").read_text(encoding="utf-8")
    shutil.rmtree(repo / "backend" / ".venv")

    result = fix_logs([str(case / "job.log")], FixOptions(repo=repo))

    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert [(v.tool, v.ok) for v in outcome.verifications] == [
        ("parse", True),
        ("poetry-core", True),
    ]
    before = git(repo, "rev-parse", "--short=7", f"{result.base}:backend/pyproject.toml")
    after = git(repo, "rev-parse", "--short=7", f"{result.commit}:backend/pyproject.toml")
    assert result.diff.splitlines()[1:] == [
        f"index {before}..{after} 100644",
        "--- a/backend/pyproject.toml",
        "+++ b/backend/pyproject.toml",
        *HUNKS[name],
    ]
    assert git(repo, "status", "--porcelain") == ""  # the user's checkout is untouched
    fixed = tmp_path / "fixed"
    git(repo, "worktree", "add", "-q", str(fixed), result.commit)
    installed = poetry_install(fixed / "backend", tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Installing dependencies from lock file" in installed.stdout
