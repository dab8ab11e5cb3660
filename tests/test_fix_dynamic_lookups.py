"""Run-time name lookups keep only the imports they can read.

A small repository of our own: each module imports ``json`` without using it where
ruff looks, and looks names up at run time in one way. ``exec`` of a string literal
that does not name ``json``, ``eval`` with a namespace of its own, ``locals()`` in a
class body and ``vars().update(...)`` cannot read the module's ``json``: the import
goes, and the fixed modules still import under the real Python. ``exec`` of a literal
that names ``json``, ``eval`` of code from outside, and ``globals()`` read whole may:
the import stays, with the reason. The CI log is real ruff output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from tests.test_fix_safety import ci_log, git, make_repo

GONE = {
    "app/literal.py": "import json\n\nexec(\"SEP = '-'\")\n",
    "app/namespace.py": "import json\n\n\ndef calc(text: str) -> int:\n"
    '    return int(eval(text, {}, {"x": 2}))\n\n\nassert calc("x + 1") == 3\n',
    "app/klass.py": "import json\n\n\nclass Names:\n    a = 1\n"
    '    public = [n for n in locals() if not n.startswith("_")]\n',
    "app/update.py": 'import json\n\nvars().update({"LEVEL": 3})\n',
}
KEPT = {
    "app/reads.py": ('import json\n\nexec("DUMP = json.dumps")\n', "`exec()` (line 3)"),
    "app/outside.py": (
        "import json\n\n\ndef calc(text: str) -> object:\n    return eval(text)\n",
        "`eval()` (line 5)",
    ),
    "app/whole.py": (
        'import json\n\nNAMES = globals()\nDUMP = NAMES["json"].dumps\n',
        "`globals()` (line 3)",
    ),
}
FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
    "app/__init__.py": "",
    **GONE,
    **{path: text for path, (text, _) in KEPT.items()},
}
RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401", "."]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("dynamic-lookups")
    repo = make_repo(root, FILES)
    logs = ci_log(root, repo, RUFF, "Lint", job="lint")
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_lookups_that_cannot_read_the_import_let_it_go(fixed: tuple[Path, FixResult]) -> None:
    repo, result = fixed
    by_path = {o.finding.path: o for o in result.outcomes}
    assert set(by_path) == {*GONE, *KEPT}
    assert result.commit
    for path, text in GONE.items():
        assert by_path[path].status == "fixed", by_path[path].reason
        after = git(repo, "show", f"{result.commit}:{path}")
        assert after == text.removeprefix("import json\n").strip("\n")


def test_lookups_that_may_read_it_keep_it(fixed: tuple[Path, FixResult]) -> None:
    _, result = fixed
    reasons = {o.finding.path: o.reason for o in result.outcomes if o.status == "skipped"}
    assert reasons == {
        path: f"{path}: the module looks its names up at run time: {why} in {path}"
        for path, (_, why) in KEPT.items()
    }


def test_the_fixed_modules_still_run(fixed: tuple[Path, FixResult], tmp_path: Path) -> None:
    repo, result = fixed
    assert result.commit
    checkout = tmp_path / "checkout"
    git(repo, "worktree", "add", "--detach", str(checkout), result.commit)
    try:
        code = "import app.literal, app.namespace, app.klass, app.update as u, app.reads as r\n"
        code += "print(app.literal.SEP, app.klass.Names.public, u.LEVEL, r.DUMP([1]))"
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=checkout, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == "- ['a'] 3 [1]\n"
    finally:
        git(repo, "worktree", "remove", "--force", str(checkout))
