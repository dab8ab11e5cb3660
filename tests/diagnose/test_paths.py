"""Mapping printed paths to repository files, from workflows, `cd`, and suffixes."""

from __future__ import annotations

import pytest

from fixer.diagnose.paths import RepoIndex, clean, resolve, resolve_path, step_dirs
from fixer.diagnose.workflows import parse_workflow
from fixer.model import Finding

FILES = frozenset(
    {
        "backend/pyproject.toml",
        "backend/tunix_rt_backend/services/datasets_export.py",
        "backend/tunix_rt_backend/app.py",
        "frontend/src/components/ReadyBadge.test.jsx",
        "tools/app.py",
        "setup.py",
    }
)
INDEX = RepoIndex(FILES)

WORKFLOW = """
name: CI
on: [push]
defaults:
  run:
    working-directory: backend
jobs:
  backend:
    strategy:
      matrix:
        python-version: ["3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
      - name: Type check
        run: mypy tunix_rt_backend
  e2e:
    name: End to end ${{ matrix.browser }}
    defaults:
      run:
        working-directory: frontend
    steps:
      - name: Install backend dependencies
        run: cd ../backend && python -m pip install -e ".[dev]"
      - run: npm run lint
        working-directory: frontend/src
"""


@pytest.mark.parametrize(
    ("raw", "dirs", "expected"),
    [
        pytest.param(
            "tunix_rt_backend/services/datasets_export.py",
            ["backend", ""],
            "backend/tunix_rt_backend/services/datasets_export.py",
            id="workdir",
        ),
        pytest.param(
            "services/datasets_export.py",
            [""],
            "backend/tunix_rt_backend/services/datasets_export.py",
            id="unique-suffix",
        ),
        pytest.param("app.py", [""], None, id="ambiguous-suffix"),
        pytest.param("app.py", ["tools", ""], "tools/app.py", id="workdir-disambiguates"),
        pytest.param(
            "/home/runner/work/kyros/kyros/frontend/src/components/ReadyBadge.test.jsx",
            [""],
            "frontend/src/components/ReadyBadge.test.jsx",
            id="runner-absolute",
        ),
        pytest.param(
            "/tmp/build/x/frontend/src/components/ReadyBadge.test.jsx",
            [""],
            "frontend/src/components/ReadyBadge.test.jsx",
            id="foreign-absolute",
        ),
        pytest.param("../../etc/passwd", ["backend", ""], None, id="escapes-repo"),
        pytest.param("/etc/passwd", [""], None, id="absolute-outside"),
        pytest.param("../setup.py", ["backend", ""], "setup.py", id="dotdot-inside"),
        pytest.param("missing.py", ["backend", ""], None, id="missing"),
    ],
)
def test_resolve_path(raw: str, dirs: list[str], expected: str | None) -> None:
    assert resolve_path(raw, dirs, INDEX) == expected


@pytest.mark.parametrize("raw", ["../x", "/etc/x", "a/../../x", "C:/x"])
def test_clean_refuses_paths_outside(raw: str) -> None:
    assert clean(raw) is None


def test_step_dirs_follow_cd_from_the_working_directory() -> None:
    assert step_dirs("frontend", 'cd ../backend && python -m pip install -e ".[dev]"') == [
        "backend",
        "frontend",
        "",
    ]


def test_unresolved_finding_is_marked_and_not_fixable() -> None:
    finding = Finding("ruff.F401", "ruff", "x", path="app.py", raw_path="app.py", fixable=True)
    got = resolve(finding, [""], INDEX)
    assert (got.resolved, got.fixable, got.path) == (False, False, "app.py")
    assert got.details["unresolved"] == "path not found in the repository"


def test_workflow_jobs_match_matrix_names_and_expressions() -> None:
    backend, e2e = parse_workflow(".github/workflows/ci.yml", WORKFLOW)
    assert backend.matches("backend (3.11)")
    assert not backend.matches("backend-lint")
    assert e2e.matches("End to end chromium")
    assert backend.workdir_for("Type check", "mypy tunix_rt_backend") == "backend"
    assert e2e.workdir_for("Run npm run lint", "npm run lint") == "frontend/src"
    assert e2e.workdir_for("Install backend dependencies", None) == "frontend"


def test_invalid_workflow_yields_no_jobs() -> None:
    assert parse_workflow("w.yml", "jobs: [unclosed") == ()


@pytest.mark.parametrize(
    ("path", "declares"),
    [
        ("backend/pyproject.toml", True),
        ("requirements.txt", True),
        ("dev-requirements.txt", True),
        ("requirements/test.txt", True),
        ("requirements/dev.in", True),
        ("MANIFEST.in", False),
        ("docs/notes.txt", False),
        ("package.json", False),
    ],
)
def test_one_rule_says_which_files_declare_requirements(path: str, declares: bool) -> None:
    from fixer.codemods.requirements.remove_requirement_line import RemoveRequirementLine
    from fixer.requirements import declares_requirements

    assert declares_requirements(path) == declares
    if not path.endswith("pyproject.toml"):
        assert RemoveRequirementLine().applies_to(path) == declares
