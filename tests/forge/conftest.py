"""Real repositories in temporary folders, with this machine's git configuration kept out."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def sh(cwd: Path, *args: str) -> str:
    """Run git as a user would (outside fixer) and return its output."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(autouse=True)
def own_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Ada User\n\temail = ada@example.com\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def user_repo(tmp_path: Path) -> Path:
    """A clone with two commits: Python files, a CRLF file and a binary file."""
    repo = tmp_path / "user"
    repo.mkdir()
    sh(repo, "init", "-q")
    (repo / "pkg").mkdir()
    (repo / "pkg/a.py").write_text("import os\nx = 1\n")
    (repo / "pkg/b.py").write_text("y = 2\n")
    (repo / "win.txt").write_bytes(b"one\r\ntwo\r\n")
    (repo / "logo.bin").write_bytes(bytes(range(256)))
    sh(repo, "add", ".")
    sh(repo, "commit", "-q", "-m", "first")
    (repo / "README.md").write_text("# demo\n")
    sh(repo, "add", "README.md")
    sh(repo, "commit", "-q", "-m", "second")
    return repo
