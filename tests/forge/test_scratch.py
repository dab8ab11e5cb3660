"""Where the worktree is checked out: tmpfs when usable and roomy, else tempfile's folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fixer.forge import scratch
from fixer.forge.git import Worktree, open_repo
from tests.forge.conftest import sh


def tracked_bytes(repo: Path) -> int:
    return sum((repo / name).stat().st_size for name in sh(repo, "ls-files").splitlines())


def test_tree_size_counts_every_file_of_the_commit(user_repo: Path) -> None:
    assert scratch.tree_size(user_repo, "HEAD") == tracked_bytes(user_repo)
    assert scratch.tree_size(user_repo, "no-such-commit") is None


def test_memory_is_used_only_when_usable_and_roomy(
    user_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIXER_TMPDIR", raising=False)
    monkeypatch.setattr(scratch, "MEMORY", tmp_path)
    monkeypatch.setattr(scratch, "RESERVE", 0)
    assert scratch.scratch_parent(user_repo, "HEAD") == str(tmp_path)
    monkeypatch.setattr(scratch, "RESERVE", 1 << 62)  # no room
    assert scratch.scratch_parent(user_repo, "HEAD") is None
    monkeypatch.setattr(scratch, "RESERVE", 0)
    monkeypatch.setattr(scratch, "MEMORY", tmp_path / "absent")
    assert scratch.scratch_parent(user_repo, "HEAD") is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_folder_that_cannot_be_written_is_not_used(
    user_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setattr(scratch, "MEMORY", locked)
    assert scratch.scratch_parent(user_repo, "HEAD") is None


def test_the_worktree_goes_where_fixer_tmpdir_says(
    user_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "scratch"
    chosen.mkdir()
    monkeypatch.setenv("FIXER_TMPDIR", str(chosen))
    with Worktree(open_repo(user_repo)) as wt:
        assert wt.path.parent.parent == chosen
        assert (wt.path / "pkg/a.py").read_text() == "import os\nx = 1\n"
        assert (wt.path / "logo.bin").read_bytes() == bytes(range(256))
    assert list(chosen.iterdir()) == []


def test_the_worktree_is_whole_wherever_it_goes(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        files = sorted(sh(wt.path, "ls-files").splitlines())
        assert files == sorted(sh(user_repo, "ls-files").splitlines())
        assert tracked_bytes(wt.path) == tracked_bytes(user_repo)
        assert sh(wt.path, "status", "--porcelain") == ""
