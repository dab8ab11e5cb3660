"""Two fixes of one file compose: ruff's ``I001`` (the import block sorted by ruff's own
fix) and ``F401`` (the unused import removed by fixer's codemod) in the same module give
what ``ruff check --fix --select F401,I001`` gives, never an unused import sorted back in.

The repository is our own and its CI log real output of ruff 0.14.2 (installed with uv
into the session's tool cache), written in GitHub's format; ruff marks both findings
fixable (``[*]``), and the import ruff calls unused lies inside the block it sorts. The
expected text is ruff's own fix of both rules, run on the untouched file. Two codemods
that find their change at the log's lines (F401's and mypy's ``type-arg``) compose too.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.verify import checks
from fixer.verify.ruff import Target, ruff_verdict
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
select = ["F", "I"]
"""
# sys is unused, and its line is inside the block I001 sorts
PLAIN = """\
import os
import sys
import json
import re


def dump() -> str:
    return os.sep + json.dumps(re.escape("x"))
"""
PLAIN_DIFF = "".join(
    f"{line}\n"
    for line in (
        "@@ -1,6 +1,5 @@",
        "-import os",
        "-import sys",
        " import json",
        "+import os",
        " import re",
        " ",
        " ",
    )
)
# one name of a from-import is unused, and the names and statements are unsorted
NAMES = """\
from os import sep, path
import sys


def dump() -> str:
    return sep + sys.argv[0]
"""
NAMES_DIFF = "".join(
    f"{line}\n"
    for line in (
        "@@ -1,5 +1,5 @@",
        "-from os import sep, path",
        " import sys",
        "+from os import sep",
        " ",
        " ",
        " def dump() -> str:",
    )
)
PATH = "shop/stock.py"


def _ruff_fix(repo: Path, text: str, codes: str) -> str:
    """What the project's ruff makes of ``text`` with its safe fixes of ``codes``."""
    argv = [*tool(RUFF), "check", "--fix-only", "--no-cache", "--select", codes]
    done = subprocess.run(
        [*argv, "--stdin-filename", PATH, "-"], cwd=repo, input=text, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _fix(root: Path, source: str, form: str) -> tuple[Path, FixResult]:
    repo = make_repo(root, {"pyproject.toml": CONFIG, "shop/__init__.py": "", PATH: source})
    command = ["check", "."] if form == "full" else ["check", f"--output-format={form}", "."]
    shown = " ".join(["ruff", *command])
    logs = ci_run(root, repo, [("Lint", shown, [*tool(RUFF), *command])])
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


@pytest.mark.parametrize(
    ("source", "diff", "form"),
    [(PLAIN, PLAIN_DIFF, "full"), (PLAIN, PLAIN_DIFF, "concise"), (NAMES, NAMES_DIFF, "full")],
    ids=["import-in-the-sorted-block", "concise", "one-name-of-a-from-import"],
)
def test_an_unused_import_in_the_block_ruff_sorts_is_removed_and_the_block_sorted(
    tmp_path: Path, tool_cache: Path, source: str, diff: str, form: str
) -> None:
    repo, result = _fix(tmp_path, source, form)
    found = sorted((f.kind, f.code, f.fixable) for f in result.diagnosis.findings)
    assert found == [("ruff.F401", "F401", True), ("ruff.rule", "I001", True)]
    status = {f.code: o.status for o in result.outcomes for f in o.findings}
    assert status == {"F401": "fixed", "I001": "fixed"}
    committed = git(repo, "show", f"{result.commit}:{PATH}") + "\n"
    assert committed == _ruff_fix(repo, source, "F401,I001")
    assert committed != _ruff_fix(repo, source, "I001")  # the unused import is not kept
    assert result.diff.split(f"+++ b/{PATH}\n", 1)[1] == diff
    # ruff, as the CI ran it, now reports nothing: both findings are proven gone
    check = subprocess.run([*tool(RUFF), "check", "--no-cache", "."], cwd=repo)
    assert check.returncode == 1  # the worktree is the user's: untouched
    git(repo, "checkout", "-q", result.commit or "")
    assert subprocess.run([*tool(RUFF), "check", "--no-cache", "."], cwd=repo).returncode == 0


def test_the_sort_left_nothing_to_do_once_the_import_is_gone(
    tmp_path: Path, tool_cache: Path
) -> None:
    # json, sys, os: unsorted only because of sys, which is unused
    source = "import json\nimport sys\nimport os\n\nprint(json, os)\n"
    repo, result = _fix(tmp_path, source, "full")
    by_code = {f.code: o for o in result.outcomes for f in o.findings}
    assert by_code["F401"].status == "fixed"
    assert by_code["I001"].status == "unchanged"
    assert "once the other fixes of the file were made" in by_code["I001"].reason
    committed = git(repo, "show", f"{result.commit}:{PATH}") + "\n"
    assert (
        committed
        == _ruff_fix(repo, source, "F401,I001")
        == "import json\nimport os\n\nprint(json, os)\n"
    )


def test_ruffs_check_refuses_an_unused_import_that_was_sorted_back_in(
    tmp_path: Path, tool_cache: Path
) -> None:
    # the text two edits computed on the same file and merged gave: I001's sort, with
    # the import F401's removal took out still there, on another line
    repo = make_repo(tmp_path, {"pyproject.toml": CONFIG, "shop/__init__.py": "", PATH: PLAIN})
    moved = _ruff_fix(repo, PLAIN, "I001")
    assert "import sys\n" in moved and moved.index("import sys") > PLAIN.index("import sys")
    target = Target(2, 8, "sys", "F401")
    verdict = ruff_verdict(repo, "", PATH, (PLAIN, moved), [target], "ruff check .")
    assert verdict is not None and verdict.problem is not None
    assert "F401 `sys` imported but unused" in verdict.problem
    removed = _ruff_fix(repo, PLAIN, "F401,I001")
    verdict = ruff_verdict(repo, "", PATH, (PLAIN, removed), [target], "ruff check .")
    assert verdict is not None and verdict.problem is None


def test_an_edit_written_over_another_is_caught_by_the_check_of_the_file_as_written(
    tmp_path: Path, tool_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the guard against stale edits off, the F401 fix and the I001 fix, both
    computed on the untouched file, are written one over the other: the check of F401
    reads the file as written and refuses it, and the fixes, retried one at a time, each
    on the result of the one before, still give ruff's own fix of both rules."""
    from fixer.fix import engine

    monkeypatch.setattr(engine, "conflict", lambda edit, read: None)
    verify = checks.Checker.verify
    seen: list[str] = []

    def spy(self: checks.Checker, tasks: object, edits: object) -> object:
        results = verify(self, tasks, edits)  # type: ignore[arg-type]
        seen.extend(c.detail for r in results.values() for c in r if not c.ok)
        return results

    monkeypatch.setattr(checks.Checker, "verify", spy)
    repo, result = _fix(tmp_path, PLAIN, "full")
    assert any("F401 `sys` imported but unused" in detail for detail in seen), seen
    status = {f.code: o.status for o in result.outcomes for f in o.findings}
    assert status == {"F401": "fixed", "I001": "fixed"}
    committed = git(repo, "show", f"{result.commit}:{PATH}") + "\n"
    assert committed == _ruff_fix(repo, PLAIN, "F401,I001")


@pytest.mark.parametrize("first", ["lint", "types"])
def test_two_codemods_on_one_file_each_find_their_line_after_the_other(
    tmp_path: Path, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mypy's bare ``dict`` and ruff's unused ``os`` in one module: whichever fix comes
    first, the other finds its line where the first moved it (the removed import moves
    ``dict`` up a line; the added ``Any`` import moves nothing above it)."""
    from fixer.codemods.python.type_arg import TypeArg
    from tests.support.ghlog import Job, write_run
    from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log

    transform = TypeArg.transform
    lines: list[tuple[int | None, str]] = []  # the line the codemod was given, and its text

    def spy(self: TypeArg, text: str, findings: Any, ctx: Any) -> str:
        lines.extend((f.line, text.splitlines()[(f.line or 1) - 1]) for f in findings)
        return transform(self, text, findings, ctx)

    monkeypatch.setattr(TypeArg, "transform", spy)
    text = 'import os\nimport json\n\n\ndef build() -> dict:\n    return {"a": json.dumps(1)}\n'
    files = {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": "", "app/m.py": text}
    repo = make_repo(tmp_path, files)
    types = ci_log(tmp_path, repo, MYPY, "Type check")
    lint = Job("lint")
    lint.setup()
    shown = "app/m.py:1:8: F401 [*] `os` imported but unused"
    lint.run("Lint", "ruff check app", [shown], exit_code=1)
    lint.complete()
    write_run(tmp_path / "lint", [lint])
    logs = [str(tmp_path / "lint"), str(types)]
    result = fix_logs(logs if first == "lint" else logs[::-1], FixOptions(repo=repo))
    # after the removal, ``dict`` is on line 4 of the text the codemod is given
    assert lines[-1] == ((4 if first == "lint" else 5), "def build() -> dict:")
    assert {o.finding.kind: o.status for o in result.outcomes} == {
        "ruff.F401": "fixed",
        "mypy.type-arg": "fixed",
    }
    assert git(repo, "show", f"{result.commit}:app/m.py") + "\n" == (
        "import json\nfrom typing import Any\n\n\n"
        'def build() -> dict[str, Any]:\n    return {"a": json.dumps(1)}\n'
    )
