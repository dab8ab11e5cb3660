"""Source files fixer must not mangle, through the real fix path (real mypy, real git).

A file with old-Mac ``\\r``-only line endings keeps every byte outside the edit; a file
that holds a NUL byte is not valid text for its language: it is left alone and
reported, and nothing is committed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from fixer.app import FixOptions, fix_logs
from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log, git, make_repo, tree_bytes

SOURCE = (
    "import json\r\rdef build() -> dict:\r    return json.loads('{}')\r\r\r"
    "def count(rows: list[int]) -> int:  # unchanged\r    return len(rows)\r"
)
FIXED = (
    "import json\rfrom typing import Any\r\rdef build() -> dict[Any, Any]:\r"
    "    return json.loads('{}')\r\r\r"
    "def count(rows: list[int]) -> int:  # unchanged\r    return len(rows)\r"
)


def _repo(tmp_path: Path, data: bytes) -> Path:
    repo = make_repo(tmp_path, {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": ""})
    (repo / "app" / "m.py").write_bytes(data)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "source")
    return repo


def test_a_file_with_cr_only_line_endings_keeps_every_byte_outside_the_edit(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path, SOURCE.encode())
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    assert [o.status for o in result.outcomes] == ["fixed"], result.outcomes
    shown = ["git", "cat-file", "blob", f"{result.commit}:app/m.py"]
    committed = subprocess.run(shown, cwd=repo, capture_output=True, check=True).stdout
    assert committed == FIXED.encode(), committed


def test_a_file_with_a_nul_byte_is_left_alone_and_reported(tmp_path: Path) -> None:
    # the log comes from the file without the NUL (mypy cannot read it with one), then a
    # commit puts one in: the fix would be made on a file no tool can check
    repo = _repo(tmp_path, b"def build() -> dict:\n    return {'a': 1}\n")
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    (repo / "app" / "m.py").write_bytes(b"def build() -> dict:\n    return {'a\x00': 1}\n")
    git(repo, "commit", "-q", "-am", "a NUL")
    before = tree_bytes(repo)
    head = git(repo, "rev-parse", "HEAD")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    assert result.commit is None and not result.complete
    reasons = [o.reason for o in result.outcomes]
    assert any("app/m.py: holds a NUL byte" in r for r in reasons), result.outcomes
    assert all(o.status == "skipped" for o in result.outcomes)
    assert tree_bytes(repo) == before and git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "branch", "--list", "fixer/*") == ""
