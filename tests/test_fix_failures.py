"""A finding that cannot be fixed ends on its own; the run goes on for the others.

Each repository is built here and its log produced by running the real mypy on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.cli import main
from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log, git, make_repo, tree_bytes


def test_a_finding_mypy_no_longer_reports_is_skipped_without_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG,
            "app/__init__.py": "",
            "app/records.py": 'def build() -> dict:\n    return {"a": 1}\n',
        },
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    # the commit fixer works from no longer has the error the log shows
    (repo / "pyproject.toml").write_text(MYPY_CONFIG + "disallow_any_generics = false\n")
    git(repo, "commit", "-qam", "relax")
    before = tree_bytes(repo)
    code = main(["fix", str(logs), "--repo", str(repo), "--json"])
    assert code == 1
    (outcome,) = json.loads(capsys.readouterr().out)["outcomes"]
    assert outcome["status"] == "skipped"
    assert "does not report app/records.py:1 (type-arg)" in outcome["reason"]
    assert tree_bytes(repo) == before
    assert git(repo, "branch", "--list", "fixer/*") == ""
