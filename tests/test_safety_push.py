"""``Safety`` decides what is committed and pushed, not only what the report prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from fixer.codemods.python.type_arg import TypeArg
from fixer.model import Safety
from fixer.pr.flow import _prepared
from fixer.pr.target import parse_target
from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log, git, make_repo

GENERIC = 'def build() -> dict:\n    return {"a": 1}\n'


@pytest.mark.parametrize("safety", [Safety.DISPLAY, Safety.REVIEW])
def test_safety_decides_what_is_committed_and_pushed(
    safety: Safety, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(
        tmp_path, {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": "", "app/a.py": GENERIC}
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    monkeypatch.setattr(TypeArg, "safety", safety)
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed" and outcome.changes[0].safety is safety
    assert "dict[str, Any]" in outcome.changes[0].after  # the change is there to be shown
    prepared = _prepared(parse_target("owner/repo#7"), "0" * 40, result, [str(logs)], repo)
    if safety is Safety.DISPLAY:
        assert result.committed == () and result.commit is None and result.diff == ""
        assert git(repo, "branch", "--list", "fixer/*") == ""
        assert prepared.outcome == "report" and prepared.patch == b""
    else:  # a change a person should review is committed, and pushed as a pull request
        assert result.committed == (outcome,) and result.commit is not None
        assert prepared.outcome == "fix" and b"dict[str, Any]" in prepared.patch
