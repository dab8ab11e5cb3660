"""``fixer fix`` on a project that supports Python 3.7 while mypy checks against 3.12.

The floor comes from ``setup.cfg``'s ``python_requires``, not from mypy's
``python_version``; the fix uses typing's names where the module evaluates them on
import, and the fixed module imports on the old interpreters installed here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from tests.test_fix_safety import ci_log, make_repo

OLD = [Path(f"/root/.pyenv/versions/{v}/bin/python") for v in ("3.7.16", "3.8.18")]
PYPROJECT = '[tool.mypy]\nstrict = true\npython_version = "3.12"\n'
SETUP_CFG = "[metadata]\nname = app\n\n[options]\npython_requires = >=3.7\n"
MODULE = """\
from typing import Any


class Registry(dict):
    pass


def load(rows: list, extra: Any = None) -> dict:
    return {"rows": rows, "extra": extra}
"""


def test_the_fix_holds_on_the_declared_floor(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {"pyproject.toml": PYPROJECT, "setup.cfg": SETUP_CFG, "app/__init__.py": "",
         "app/records.py": MODULE},
    )  # fmt: skip
    logs = ci_log(tmp_path, repo, [sys.executable, "-m", "mypy", "app"], "Type check")
    result = fix_logs([str(logs)], FixOptions(repo=repo, dry_run=True))
    assert [o.status for o in result.outcomes] == ["fixed"] * len(result.outcomes)
    assert "+from typing import Any, Dict, List\n" in result.diff
    assert "+class Registry(Dict[Any, Any]):" in result.diff
    assert "+def load(rows: List[Any], extra: Any = None) -> Dict[str, Any]:" in result.diff
    subprocess.run(["git", "apply"], cwd=repo, input=result.diff, text=True, check=True)
    pythons = [p for p in OLD if p.exists()]
    if not pythons:
        pytest.skip("no Python 3.7 or 3.8 here")
    for python in pythons:
        done = subprocess.run(
            [str(python), "-c", "import app.records"], cwd=repo, capture_output=True, text=True
        )
        assert done.returncode == 0, (python, done.stderr)
