"""``fixer fix`` on bare generics in type comments, verified by the real mypy of the CI.

A small project of our own that supports Python 3.7 (``python_requires``) and annotates
with type comments: the CI log is real ``mypy --strict`` output. The comments are
rewritten with typing's names (mypy checking for 3.7 refuses ``list[...]`` there), the
module with postponed annotations gets the builtins' and the ``Any`` import its code
needs; a comment that alone would need a new import is refused, and its neighbours are
fixed. mypy then reports nothing but that one, ruff no new unused import, and the fixed
modules import on the old interpreters installed here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from tests.test_fix_safety import ci_log, git, make_repo

OLD = [Path(f"/root/.pyenv/versions/{v}/bin/python") for v in ("3.7.16", "3.8.18")]
RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401", "--quiet", "."]
FILES = {
    "pyproject.toml": '[tool.mypy]\nstrict = true\npython_version = "3.12"\n',
    "setup.cfg": "[metadata]\nname = app\n\n[options]\npython_requires = >=3.7\n",
    "app/__init__.py": "",
    "app/store.py": """\
        import typing
        from typing import Any, Dict, List


        def build(rows, size=0):
            # type: (list, int) -> Dict
            return {"rows": rows, "size": size}


        TABLE = {}  # type: dict
        CHECKS = [
            len,
            str,
        ]  # type: List[typing.Callable]  # noqa: E501
        """,
    "app/later.py": """\
        from __future__ import annotations


        def load(path: str) -> dict:
            seen = []  # type: list
            return {"path": path, "seen": seen}
        """,
    "app/alone.py": """\
        from typing import List

        NAMES = []  # type: List[str]
        TABLE = {}  # type: dict
        """,
}


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("type-comments")
    repo = make_repo(root, FILES)
    logs = ci_log(root, repo, [sys.executable, "-m", "mypy", "app"], "Type check")
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_the_comments_are_fixed_and_verified(fixed: tuple[Path, FixResult]) -> None:
    repo, result = fixed
    statuses = {
        (f.path, f.line, f.details["generic"]): o.status
        for o in result.outcomes
        for f in o.findings
    }
    assert statuses == {
        ("app/store.py", 5, "list"): "fixed",
        ("app/store.py", 5, "Dict"): "fixed",
        ("app/store.py", 10, "dict"): "fixed",
        ("app/store.py", 11, "typing.Callable"): "fixed",
        ("app/later.py", 4, "dict"): "fixed",
        ("app/later.py", 5, "list"): "fixed",
        ("app/alone.py", 4, "dict"): "skipped",
    }
    proofs = [v for o in result.outcomes if o.status == "fixed" for v in o.verifications]
    assert {v.tool for v in proofs} == {"parse", "mypy"}
    assert all(v.ran and v.ok for v in proofs)
    assert {v.errors_after for v in proofs if v.tool == "mypy"} == {1}  # app/alone.py's
    (alone,) = [o for o in result.outcomes if o.status == "skipped"]
    assert "would be imported for type comments alone" in alone.reason
    assert result.commit
    show = git(repo, "show", result.commit, "--format=", "--unified=0")
    for line in (
        "+    # type: (List[Any], int) -> Dict[Any, Any]",
        "+TABLE = {}  # type: Dict[Any, Any]",
        "+]  # type: List[typing.Callable[..., Any]]  # noqa: E501",
        "+from typing import Any",
        "+def load(path: str) -> dict[str, Any]:",
        "+    seen = []  # type: list[Any]",
    ):
        assert line in show.splitlines(), line
    assert "app/alone.py" not in show


def test_mypy_and_ruff_on_the_fixed_commit(fixed: tuple[Path, FixResult], tmp_path: Path) -> None:
    repo, result = fixed
    assert result.commit
    checkout = tmp_path / "checkout"
    git(repo, "worktree", "add", "--detach", str(checkout), result.commit)
    try:
        mypy = subprocess.run(
            [sys.executable, "-m", "mypy", "--no-incremental", "app"],
            cwd=checkout, capture_output=True, text=True, check=False,
        )  # fmt: skip
        errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
        assert errors == [
            'app/alone.py:4: error: Missing type arguments for generic type "dict"  [type-arg]'
        ]
        before = subprocess.run(RUFF, cwd=repo, capture_output=True, text=True).stdout
        after = subprocess.run(RUFF, cwd=checkout, capture_output=True, text=True).stdout
        assert after == before  # the same unused imports; none new
        for python in [p for p in OLD if p.exists()]:
            done = subprocess.run(
                [str(python), "-c", "import app.store, app.later"],
                cwd=checkout, capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert done.returncode == 0, (python, done.stderr)
    finally:
        git(repo, "worktree", "remove", "--force", str(checkout))
