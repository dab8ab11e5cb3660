"""Paths that start with ``-`` are paths, never options, with the real tools.

The repository, the log folder and a file in the repository all start with ``-``: the log
is ruff's real output on that file, fixer is given ``--repo=-...`` and the logs after
``--``, and the fix is verified by the real ruff (the file handed to it as one argument,
``--stdin-filename=-bad.py``) and committed by the real git (paths after ``--``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fixer.cli import main
from tests.test_fix_safety import ci_log, git, make_repo

RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401", "."]
FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
    "-bad.py": "import os\nimport sys\n\nprint(sys.argv)\n",
}


def test_a_repository_a_log_and_a_file_that_start_with_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made = make_repo(tmp_path / "made", FILES)
    ci_log(tmp_path / "made", made, RUFF, "Lint", job="lint").rename(tmp_path / "-logs")
    repo = made.rename(tmp_path / "-repo")
    monkeypatch.chdir(tmp_path)
    code = main(["fix", "--repo=-repo", "--", "-logs"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "-bad.py:1:8 ruff.F401" in out and "fixed, verified" in out
    assert "--stdin-filename=-bad.py (1 before, 0 after): passed" in out
    branch = next(line.split()[-1] for line in out.splitlines() if line.startswith("committed"))
    assert git(repo, "show", f"{branch}:-bad.py") == "import sys\n\nprint(sys.argv)"
