"""ruff rules other than F401 that ruff marks fixable (``[*]``) are fixed by the project's
own ruff, with its safe fixes of exactly the failing rules on exactly the named file, and
proven by the CI's ``ruff check`` re-run; the others are reported.

The repositories are our own and their CI logs real output of ruff 0.14.2 (installed with
uv into the session's tool cache), written in GitHub's format.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from fixer.app import FixOptions, FixResult, fix_logs
from tests.support.tools import RUFF, ci_run, tool
from tests.test_fix_safety import git, make_repo

CONFIG = """\
[project]
name = "shop"
version = "0"

[dependency-groups]
lint = ["ruff==0.14.2"]

[tool.ruff]
target-version = "py311"

[tool.ruff.lint]
select = ["E", "F", "UP", "I"]
"""
STOCK = """\
import sys
import os
import typing


def count(items: typing.List[str]) -> typing.Any:
    if items == None:
        return 0
    return len(items) + len(os.sep) + len(sys.argv)
"""
FIXED = """\
import os
import sys
import typing


def count(items: list[str]) -> typing.Any:
    if items == None:
        return 0
    return len(items) + len(os.sep) + len(sys.argv)
"""
FILES = {"pyproject.toml": CONFIG, "shop/__init__.py": "", "shop/stock.py": STOCK}


def _fix(
    root: Path, files: dict[str, str], command: str = "ruff check ."
) -> tuple[Path, FixResult]:
    repo = make_repo(root, files)
    ruff = tool(RUFF)
    argv = [*ruff, *command.split()[1:]]
    logs = ci_run(root, repo, [("Lint", command, argv)])
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_the_safe_fixes_of_the_failing_rules_are_made_and_proven(
    tmp_path: Path, tool_cache: Path
) -> None:
    repo, result = _fix(tmp_path, FILES)
    found = [(f.kind, f.code, f.line, f.fixable) for f in result.diagnosis.findings]
    assert found == [
        ("ruff.rule", "I001", 1, True),
        ("ruff.rule", "UP006", 6, True),
        ("ruff.rule", "E711", 7, False),  # ruff's fix is unsafe: no [*]
    ]
    (outcome,) = [o for o in result.outcomes if o.status == "fixed"]
    assert [f.code for f in outcome.findings] == ["I001", "UP006"]
    assert git(repo, "show", f"{result.commit}:shop/stock.py") == FIXED.rstrip("\n")
    (check,) = [v for v in outcome.verifications if v.tool == "ruff" and v.errors_before]
    assert (check.errors_before, check.errors_after, check.ok) == (3, 1, True)
    assert check.command == (
        "ruff",
        "check",
        "--no-cache",
        "--no-fix",
        "--output-format=concise",
        ".",
    )
    assert "made and checked with ruff 0.14.2 (from pyproject.toml)" in outcome.notes
    assert "E711" not in result.diff


def test_a_project_that_allows_unsafe_fixes_still_gets_only_safe_ones(
    tmp_path: Path, tool_cache: Path
) -> None:
    config = CONFIG.replace(
        'target-version = "py311"', 'target-version = "py311"\nunsafe-fixes = true'
    )
    repo, result = _fix(tmp_path, {**FILES, "pyproject.toml": config})
    e711 = next(f for f in result.diagnosis.findings if f.code == "E711")
    assert e711.fixable  # with unsafe-fixes on, ruff marks it [*] too
    by_code = {f.code: o for o in result.outcomes for f in o.findings}
    assert by_code["I001"].status == by_code["UP006"].status == "fixed"
    assert by_code["E711"].status == "failed"
    assert "still reports E711 in shop/stock.py" in by_code["E711"].reason
    assert git(repo, "show", f"{result.commit}:shop/stock.py") == FIXED.rstrip("\n")


def _ruff_fix(repo: Path, path: str, text: str, codes: str) -> str:
    """What the project's ruff makes of ``text`` with its safe fixes of ``codes``."""
    argv = [*tool(RUFF), "check", "--fix-only", "--no-cache", "--select", codes]
    done = subprocess.run(
        [*argv, "--stdin-filename", path, "-"], cwd=repo, input=text, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


LISTS = "from typing import List\n\n\ndef count(items: List[str]) -> int:\n    return len(items)\n"


def test_an_import_the_fix_leaves_unused_is_removed_in_the_same_change(
    tmp_path: Path, tool_cache: Path
) -> None:
    # UP006 rewrites List[str]; the import of List is then unused: a new F401 that the
    # fix itself left, fixable, so it is removed with it and the CI's check proves both
    repo, result = _fix(tmp_path, {**FILES, "shop/stock.py": LISTS})
    found = [(f.code, f.fixable) for f in result.diagnosis.findings]
    assert found == [("UP035", False), ("UP006", True)]  # the log has no F401
    outcome = next(o for o in result.outcomes if o.finding.code == "UP006")
    assert outcome.status == "fixed", outcome.reason
    assert [(c.path, c.codemod) for c in outcome.changes] == [
        ("shop/stock.py", "rule_fix_output"),
        ("shop/stock.py", "unused_import"),
    ]
    assert (
        "the fix left unused python import (ruff.F401) that `ruff check --no-cache --no-fix"
        " --output-format=concise .` then reported (`shop/stock.py:1:20`): fixed in the same"
        " change (1 finding(s))"
    ) in outcome.notes
    shown = ["git", "show", f"{result.commit}:shop/stock.py"]
    committed = subprocess.run(shown, cwd=repo, capture_output=True, text=True).stdout
    assert committed == _ruff_fix(repo, "shop/stock.py", LISTS, "UP006,F401")
    assert "List" not in committed and "list[str]" in committed
    (check,) = [v for v in outcome.verifications if v.tool == "ruff" and v.errors_before]
    assert (check.errors_before, check.errors_after, check.ok) == (2, 0, True)


def test_a_fix_that_leaves_a_new_finding_no_codemod_can_fix_is_rolled_back(
    tmp_path: Path, tool_cache: Path
) -> None:
    # in an __init__.py the import may be a re-export: fixer's F401 codemod leaves it, so
    # the new finding stays and the fix is not kept
    files = {**FILES, "shop/__init__.py": LISTS}
    _, result = _fix(tmp_path, files)
    outcome = next(o for o in result.outcomes if o.finding.code == "UP006")
    assert outcome.status == "failed"
    assert "reports something new: F401 in shop/__init__.py (`typing.List` imported but unused" in (
        outcome.reason
    )
    assert "shop/__init__.py" not in result.diff


def test_a_step_that_runs_ruff_through_make_is_fixed_and_checked_with_ruff(
    tmp_path: Path, tool_cache: Path
) -> None:
    # the command names no ruff: make's echo and ruff's own lines say whose they are
    makefile = "lint:\n\t$(RUFF) check .\n"
    repo = make_repo(tmp_path, {**FILES, "Makefile": makefile})
    ruff = " ".join(tool(RUFF))
    logs = ci_run(tmp_path, repo, [("Lint", "make lint", ["make", "lint", f"RUFF={ruff}"])])
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    found = [(f.kind, f.code, f.fixable) for f in result.diagnosis.findings]
    assert found == [
        ("ruff.rule", "I001", True),
        ("ruff.rule", "UP006", True),
        ("ruff.rule", "E711", False),
    ]
    (outcome,) = [o for o in result.outcomes if o.status == "fixed"]
    assert git(repo, "show", f"{result.commit}:shop/stock.py") == FIXED.rstrip("\n")
    (check,) = [v for v in outcome.verifications if v.tool == "ruff" and v.errors_before]
    # make lint is not re-run (it is not ruff's command): ruff's check on the named file is
    concise = ("ruff", "check", "--no-cache", "--no-fix", "--output-format=concise")
    assert check.command == (*concise, "shop/stock.py")
    assert (check.errors_before, check.errors_after, check.ok) == (3, 1, True)
