"""What ``pre-commit.hook`` reads from pre-commit's output beyond the log corpus's cases
(``pre-commit-hooks``, ``pre-commit-no-diff``): the other fixers' lines, ``--verbose``,
prettier's list, a hook that only fails."""

from __future__ import annotations

from fixer.model import Finding
from tests.support.diag import findings

COMMAND = "pre-commit run --all-files --show-diff-on-failure"


def _hooks(found: list[Finding]) -> list[tuple[str | None, str | None]]:
    return [(f.code, f.raw_path) for f in found if f.kind == "pre-commit.hook"]


def test_the_files_each_fixer_names() -> None:
    lines = [
        "pyupgrade................................................................Failed",
        "- hook id: pyupgrade",
        "- exit code: 1",
        "- files were modified by this hook",
        "",
        "Rewriting src/a.py",
        "",
        "fix requirements.txt.....................................................Failed",
        "- hook id: requirements-txt-fixer",
        "- exit code: 1",
        "- files were modified by this hook",
        "",
        "Sorting requirements.txt",
        "",
        "mixed line ending........................................................Failed",
        "- hook id: mixed-line-ending",
        "- exit code: 1",
        "- files were modified by this hook",
        "",
        "docs/a.md: fixed mixed line endings",
        "",
        "prettier.................................................................Failed",
        "- hook id: prettier",
        "- files were modified by this hook",
        "web/a.js 31ms",
        "web/b.css 4ms (unchanged)",
        "check yaml...........................................(no files to check)Skipped",
    ]
    assert _hooks(findings(lines, COMMAND)) == [
        ("pyupgrade", "src/a.py"),
        ("requirements-txt-fixer", "requirements.txt"),
        ("mixed-line-ending", "docs/a.md"),
        ("prettier", "web/a.js"),
    ]


def test_verbose_output_and_a_hook_that_only_fails() -> None:
    lines = [
        "black....................................................................Passed",
        "- hook id: black",
        "- duration: 0.21s",
        "trim trailing whitespace.................................................Failed",
        "- hook id: trailing-whitespace",
        "- duration: 0.03s",
        "- exit code: 1",
        "- files were modified by this hook",
        "",
        "Fixing src/b.py",
        "",
        "mypy.....................................................................Failed",
        "- hook id: mypy",
        "- duration: 1.2s",
        "- exit code: 1",
        "",
        "Fixing nothing: src/c.py:1: error: Name 'x' is not defined  [name-defined]",
    ]
    found = [f for f in findings(lines, COMMAND) if f.kind == "pre-commit.hook"]
    assert _hooks(found) == [("trailing-whitespace", "src/b.py")]
    assert found[0].details["hook_name"] == "trim trailing whitespace"
    assert found[0].details["exit_code"] == "1"


def test_a_hook_naming_no_file_takes_the_diffs_files_no_other_hook_names() -> None:
    lines = [
        "ruff.....................................................................Failed",
        "- hook id: ruff",
        "- exit code: 1",
        "- files were modified by this hook",
        "",
        "Found 2 errors (2 fixed, 0 remaining).",
        "",
        "isort....................................................................Failed",
        "- hook id: isort",
        "- files were modified by this hook",
        "",
        "Fixing /home/runner/work/app/app/src/a.py",
        "",
        "pre-commit hook(s) made changes.",
        "All changes made by hooks:",
        "diff --git a/src/a.py b/src/a.py",
        "index 1..2 100644",
        "diff --git a/src/b.py b/src/b.py",
    ]
    found = [f for f in findings(lines, COMMAND) if f.kind == "pre-commit.hook"]
    assert _hooks(found) == [
        ("isort", "/home/runner/work/app/app/src/a.py"),
        ("ruff", "src/b.py"),
    ]
    assert found[1].details["files_from"] == "diff"
    assert "files_from" not in found[0].details


def test_diff_lines_without_pre_commits_heading_are_no_files() -> None:
    lines = [
        "ruff format..............................................................Failed",
        "- hook id: ruff-format",
        "- files were modified by this hook",
        "",
        "1 file reformatted",
        "",
        "diff --git a/src/a.py b/src/a.py",  # a later command's diff, not pre-commit's
    ]
    found = [f for f in findings(lines, COMMAND) if f.kind == "pre-commit.hook"]
    assert _hooks(found) == [("ruff-format", None)]
    assert not found[0].fixable
