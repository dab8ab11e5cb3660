"""`fixer fix` end to end from ruff's github and json output: a real repository, the real
ruff run on it, its output written as the runner stores it, and the committed diff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from tests.support.ghlog import Job, runner_commands, write_run
from tests.test_fix_safety import git, make_repo

FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n\n[tool.ruff.lint]\nselect = ["F"]\n',
    "app/__init__.py": "",
    "app/paths.py": (
        "import os\n"
        "import sys\n"
        "from typing import Any, List\n"
        "\n"
        "\n"
        "def argv0() -> str:\n"
        "    return sys.argv[0]\n"
    ),
}
DIFF = "".join(
    f"{line}\n"
    for line in (
        "diff --git a/app/paths.py b/app/paths.py",
        "index 2e1a48f..71fe7e1 100644",
        "--- a/app/paths.py",
        "+++ b/app/paths.py",
        "@@ -1,6 +1,4 @@",
        "-import os",
        " import sys",
        "-from typing import Any, List",
        " ",
        " ",
        " def argv0() -> str:",
    )
)


def lint_log(root: Path, repo: Path, fmt: str, *, raw: bool = False) -> Path:
    """Run ruff with ``--output-format fmt`` in the repository, as a CI step prints it."""
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", fmt, "."]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    # the runner's workspace, as ruff prints it in absolute paths there
    output = done.stdout.replace(str(repo), "/home/runner/work/app/app").splitlines()
    if raw:
        output = ["::stop-commands::lint-output", *output]
    job = Job("lint")
    job.setup()
    job.checkout()
    shown = "ruff check --output-format " + fmt + " ."
    job.run("Lint", shown, runner_commands(output), exit_code=1)
    job.complete()
    logs = root / "logs"
    write_run(logs, [job])
    return logs


@pytest.mark.parametrize(
    ("fmt", "raw"),
    [("github", False), ("github", True), ("json", False)],
    ids=["github", "github-raw", "json"],
)
def test_fixed_from_another_output_format(tmp_path: Path, fmt: str, raw: bool) -> None:
    repo = make_repo(tmp_path, FILES)
    logs = lint_log(tmp_path, repo, fmt, raw=raw)
    text = next(logs.glob("*.txt")).read_text(encoding="utf-8-sig")
    assert ("::error title=" in text) == raw
    assert ("##[error]app/paths.py:1:8: F401" in text) == (fmt == "github" and not raw)
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    fixed = [f for o in result.outcomes for f in o.findings]
    assert sorted(f.details["name"] for f in fixed) == ["os", "typing.Any", "typing.List"]
    assert [(f.path, f.line, f.column) for f in fixed if f.details["name"] == "typing.List"] == [
        ("app/paths.py", 3, 25)
    ]
    assert all(o.status == "fixed" for o in result.outcomes), [o.reason for o in result.outcomes]
    assert result.commit is not None
    assert git(repo, "diff", result.base, result.commit) + "\n" == DIFF
    assert git(repo, "status", "--porcelain") == ""
