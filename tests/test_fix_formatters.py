"""Formatter checks are fixed by the project's own version of the formatter, on exactly
the files the log names, and proven by re-running the CI's check.

Each repository is our own; its CI log is produced by really running the pinned tool
(installed with uv into the session's tool cache) and written in GitHub's format. The
version comes from the log (a ``ruff --version`` step) or from the repository (an exact
pin in ``pyproject.toml``); a repository that names none is reported, not guessed at.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.model import Outcome
from tests.support.tools import BLACK, ISORT, RUFF, ci_run, tool
from tests.test_fix_safety import git, make_repo

UNFORMATTED = "import os,sys\nx = {  'a':1 }\ndef f( a ):\n  return a\n"
FORMATTED_100 = 'import os, sys\n\nx = {"a": 1}\n\n\ndef f(a):\n    return a\n'
PYPROJECT = textwrap.dedent(
    """\
    [project]
    name = "app"
    version = "0"

    [dependency-groups]
    dev = ["ruff==0.14.2"]

    [tool.ruff]
    line-length = 100
    """
)
FILES = {
    "pyproject.toml": PYPROJECT,
    "app/__init__.py": "",
    "app/messy.py": UNFORMATTED,
    "app/clean.py": "x = 1\n",
    # another file the formatter would change, named by no log: it stays as it is
    "scripts/other.py": "y = {  'b':2 }\n",
}


def _outcome(result: FixResult, path: str) -> Outcome:
    return next(o for o in result.outcomes if o.finding.path == path)


@pytest.fixture(scope="module")
def ruff_fixed(
    tmp_path_factory: pytest.TempPathFactory, tool_cache: Path
) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("ruff-format")
    repo = make_repo(root, FILES)
    ruff = tool(RUFF)
    logs = ci_run(
        root,
        repo,
        [
            ("Ruff version", "ruff --version", [*ruff, "--version"]),
            ("Format", "ruff format --check app", [*ruff, "format", "--check", "app"]),
        ],
    )
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_the_log_names_the_file_and_the_version(ruff_fixed: tuple[Path, FixResult]) -> None:
    _, result = ruff_fixed
    (finding,) = result.diagnosis.findings
    assert (finding.kind, finding.path, finding.resolved) == ("ruff.format", "app/messy.py", True)
    assert finding.details["tool_version"] == "0.14.2"
    assert finding.fixable


def test_ruff_formats_the_named_file_with_the_projects_configuration(
    ruff_fixed: tuple[Path, FixResult],
) -> None:
    repo, result = ruff_fixed
    outcome = _outcome(result, "app/messy.py")
    assert outcome.status == "fixed", outcome.reason
    assert result.commit
    # line-length = 100 of [tool.ruff] applies: the quotes and spacing are ruff's
    assert git(repo, "show", f"{result.commit}:app/messy.py") == FORMATTED_100.rstrip("\n")
    changed = git(repo, "diff", "--name-only", f"{result.commit}^", result.commit)
    assert changed.splitlines() == ["app/messy.py"]
    (check,) = [v for v in outcome.verifications if v.tool == "ruff" and v.errors_before == 1]
    assert check.ran and check.ok and check.errors_after == 0
    assert check.command == ("ruff", "format", "--no-cache", "--check", "app")
    assert outcome.notes.count("made and checked with ruff 0.14.2 (from the log)") == 1


def test_the_users_checkout_is_untouched(ruff_fixed: tuple[Path, FixResult]) -> None:
    repo, _ = ruff_fixed
    assert (repo / "app" / "messy.py").read_text() == UNFORMATTED
    assert git(repo, "status", "--porcelain") == ""


def test_the_version_comes_from_the_pin_when_the_log_shows_none(
    tmp_path: Path, tool_cache: Path
) -> None:
    repo = make_repo(tmp_path, FILES)
    ruff = tool(RUFF)
    logs = ci_run(
        tmp_path, repo, [("Format", "ruff format --check .", [*ruff, "format", "--check", "."])]
    )
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    by_path = {o.finding.path: o for o in result.outcomes}
    assert set(by_path) == {"app/messy.py", "scripts/other.py"}
    assert all(o.status == "fixed" for o in by_path.values()), [o.reason for o in by_path.values()]
    notes = {n for o in by_path.values() for n in o.notes}
    assert "made and checked with ruff 0.14.2 (from pyproject.toml)" in notes


def test_no_version_is_reported_not_guessed(tmp_path: Path, tool_cache: Path) -> None:
    files = {**FILES, "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n'}
    repo = make_repo(tmp_path, files)
    ruff = tool(RUFF)
    logs = ci_run(
        tmp_path, repo, [("Format", "ruff format --check app", [*ruff, "format", "--check", "app"])]
    )
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert outcome.reason.startswith("no version of ruff is named by the log")
    assert result.commit is None and result.diff == ""


def test_a_version_that_does_not_reproduce_changes_nothing(
    tmp_path: Path, tool_cache: Path
) -> None:
    # the log says ruff 0.14.2 would reformat the file, but the tree is formatted already
    repo = make_repo(tmp_path, {**FILES, "app/messy.py": FORMATTED_100})
    (repo / "app" / "messy.py").write_text(UNFORMATTED)  # what the CI saw, never committed
    ruff = tool(RUFF)
    logs = ci_run(
        tmp_path, repo, [("Format", "ruff format --check app", [*ruff, "format", "--check", "app"])]
    )
    git(repo, "checkout", "--", "app/messy.py")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert "does not report app/messy.py: the failure does not reproduce" in outcome.reason
    assert result.diff == ""


BLACK_FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n\n[tool.black]\nline-length = 60\n',
    "requirements-dev.txt": "black==24.10.0\npytest\n",
    "app/__init__.py": "",
    "app/long.py": (
        "def total(prices, quantities, discount):\n"
        "    return sum(p * q for p, q in zip(prices, quantities)) - discount\n"
    ),
    "app/clean.py": "x = 1\n",
}
BLACK_60 = (
    "def total(prices, quantities, discount):\n"
    "    return (\n"
    "        sum(p * q for p, q in zip(prices, quantities))\n"
    "        - discount\n"
    "    )\n"
)


def test_black_formats_the_named_file_with_the_pinned_version(
    tmp_path: Path, tool_cache: Path
) -> None:
    repo = make_repo(tmp_path, BLACK_FILES)
    black = tool(BLACK)
    logs = ci_run(tmp_path, repo, [("Black", "black --check .", [*black, "--check", "."])])
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (finding,) = result.diagnosis.findings
    assert (finding.kind, finding.path) == ("black.format", "app/long.py")
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert result.commit
    # line-length = 60 of [tool.black] applies
    assert git(repo, "show", f"{result.commit}:app/long.py") == BLACK_60.rstrip("\n")
    assert "made and checked with black 24.10.0 (from requirements-dev.txt)" in outcome.notes
    checks = [v for v in outcome.verifications if v.tool == "black" and v.errors_before == 1]
    assert [(v.ok, v.errors_after, v.command) for v in checks] == [
        (True, 0, ("black", "--check", "."))
    ]


ISORT_FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n\n[tool.isort]\nprofile = "black"\n',
    ".pre-commit-config.yaml": (
        "repos:\n  - repo: https://github.com/PyCQA/isort\n    rev: 5.13.2\n"
        "    hooks:\n      - id: isort\n"
    ),
    "app/__init__.py": "",
    "app/imports.py": (
        "import sys\nimport os\nfrom app import clean\nimport requests\n\n"
        "print(sys, os, clean, requests)\n"
    ),
    "app/clean.py": "x = 1\n",
}
ISORTED = (
    "import os\nimport sys\n\nimport requests\n\nfrom app import clean\n\n"
    "print(sys, os, clean, requests)\n"
)


def isort_failed(tmp_path: Path) -> tuple[Path, Path]:
    """A repository of :data:`ISORT_FILES` and the log of its failed ``isort --check-only``."""
    repo = make_repo(tmp_path, ISORT_FILES)
    isort = tool(ISORT)
    logs = ci_run(
        tmp_path, repo, [("Imports", "isort --check-only .", [*isort, "--check-only", "."])]
    )
    return repo, logs


def test_isort_sorts_the_named_file_with_the_hooks_version(
    tmp_path: Path, tool_cache: Path
) -> None:
    repo, logs = isort_failed(tmp_path)
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (finding,) = result.diagnosis.findings
    assert (finding.kind, finding.path) == ("isort.imports", "app/imports.py")
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert git(repo, "show", f"{result.commit}:app/imports.py") == ISORTED.rstrip("\n")
    assert "made and checked with isort 5.13.2 (from .pre-commit-config.yaml)" in outcome.notes
