"""A repository cannot stand in for fixer's tools: its top-level ``mypy/`` package and
``typing_extensions.py`` are not what fixer's mypy imports (it runs with ``python -P``),
while the checked code is still found by mypy's own import resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from fixer.model import FixResult
from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log, git, make_repo

MYPY_PACKAGE = {
    "mypy/__init__.py": 'raise SystemExit("the repository\'s mypy package was imported")\n',
    "mypy/__main__.py": 'raise SystemExit("the repository\'s mypy was run")\n',
}
TYPING_EXTENSIONS = {
    "typing_extensions.py": 'raise ImportError("the repository\'s typing_extensions")\n',
}


def _fix_with(tmp_path: Path, shadows: dict[str, str]) -> tuple[Path, FixResult]:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG,
            "app/__init__.py": "",
            "app/m.py": "from app.util import one\n\n\ndef build() -> dict:\n    return one()\n",
            "app/util.py": "from typing import Any\n\n\ndef one() -> dict[str, Any]:\n    return {}\n",
        },
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")  # before the shadows came
    for rel, text in shadows.items():
        (repo / rel).parent.mkdir(exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "shadows")
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_a_top_level_mypy_package_is_not_the_mypy_that_runs(tmp_path: Path) -> None:
    repo, result = _fix_with(tmp_path, MYPY_PACKAGE)
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    (mypy,) = [v for v in outcome.verifications if v.tool == "mypy"]
    assert mypy.ran and mypy.ok and (mypy.errors_before, mypy.errors_after) == (1, 0)
    fixed = git(repo, "show", f"{result.commit}:app/m.py")
    assert "def build() -> dict[Any, Any]:" in fixed


def test_the_mypy_that_runs_is_fixers_when_pythonpath_names_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a job (or a shell) with PYTHONPATH=. : the path still comes after fixer's own modules
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "repo"))
    repo, result = _fix_with(tmp_path, MYPY_PACKAGE)
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    fixed = git(repo, "show", f"{result.commit}:app/m.py")
    assert "def build() -> dict[Any, Any]:" in fixed


def test_a_top_level_typing_extensions_is_not_what_mypy_imports(tmp_path: Path) -> None:
    # mypy starts with its own typing_extensions, then refuses the checked project's, as
    # the CI's mypy would: nothing is proven, so nothing is committed
    _, result = _fix_with(tmp_path, TYPING_EXTENSIONS)
    (outcome,) = result.outcomes
    assert outcome.status == "skipped" and result.commit is None
    assert outcome.reason.startswith("mypy could not check the project: "), outcome.reason
    assert 'shadows library module \\"typing_extensions\\"' in outcome.reason
    assert "the repository's typing_extensions" not in outcome.reason


def test_a_repository_module_named_like_a_formatters_dependency_is_not_imported(
    tmp_path: Path, tool_cache: Path
) -> None:
    # black imports mypy_extensions; the CI's black (its console script) never sees the
    # project's top-level modules, and neither may the black fixer runs in the project
    from tests.support.tools import BLACK, ci_run, tool
    from tests.test_fix_formatters import BLACK_60, BLACK_FILES

    repo = make_repo(tmp_path, BLACK_FILES)
    black = tool(BLACK)
    logs = ci_run(tmp_path, repo, [("Black", "black --check .", [*black, "--check", "."])])
    (repo / "mypy_extensions.py").write_text(
        'raise ImportError("the repository\'s mypy_extensions was imported")\n'
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a module of the project")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert git(repo, "show", f"{result.commit}:app/long.py") == BLACK_60.rstrip("\n")
