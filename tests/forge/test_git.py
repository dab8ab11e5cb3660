"""The worktree, commits and diffs, on real repositories."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from fixer.errors import BadInput
from fixer.forge.git import (
    BOT,
    Author,
    UncommittedChanges,
    Worktree,
    commit,
    default_branch_name,
    diff,
    open_repo,
)
from fixer.forge.gitcmd import git_env
from tests.forge.conftest import sh


def user_state(repo: Path) -> dict[str, object]:
    """Everything of the user's that fixer must leave alone, byte for byte."""
    files = {
        str(p.relative_to(repo)): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }
    return {
        "index": (repo / ".git/index").read_bytes(),
        "HEAD": (repo / ".git/HEAD").read_bytes(),
        "status": sh(repo, "--no-optional-locks", "status", "--porcelain=v2", "--branch"),
        "files": files,
    }


def worktree_list(repo: Path) -> list[str]:
    lines = sh(repo, "worktree", "list", "--porcelain").splitlines()
    return [line.removeprefix("worktree ") for line in lines if line.startswith("worktree ")]


# -- open_repo -------------------------------------------------------------------------------


def test_open_repo_accepts_a_clone(user_repo: Path) -> None:
    assert open_repo(user_repo).head.commit.message == "second\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such directory"),
        (lambda p: p.mkdir(), "not the top directory of a git repository"),
        (lambda p: sh(p.parent, "init", "-q", "--bare", p.name), "a bare repository"),
        (lambda p: sh(p.parent, "init", "-q", p.name), "no commits yet"),
    ],
    ids=["missing", "plain-directory", "bare", "unborn-head"],
)
def test_open_repo_refuses_on_one_line(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    where = tmp_path / "dir"
    make(where)
    with pytest.raises(BadInput) as caught:
        open_repo(where)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_open_repo_refuses_a_subdirectory(user_repo: Path) -> None:
    with pytest.raises(BadInput, match="not the top directory"):
        open_repo(user_repo / "pkg")


# -- the worktree ------------------------------------------------------------------------------


def test_user_tree_index_head_and_branch_are_untouched(
    user_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (user_repo / "pkg/a.py").write_text("import os\nx = 'dirty'\n")
    (user_repo / "pkg/b.py").write_text("y = 'staged'\n")
    sh(user_repo, "add", "pkg/b.py")
    (user_repo / "notes.txt").write_text("untracked\n")
    before = user_state(user_repo)
    # variables that would point a careless git at the user's index
    monkeypatch.setenv("GIT_INDEX_FILE", str(user_repo / ".git/index"))
    monkeypatch.setenv("GIT_DIR", str(user_repo / ".git"))
    repo = open_repo(user_repo)
    assert UncommittedChanges(repo).found()
    with Worktree(repo) as wt:
        assert (wt.path / "pkg/b.py").read_text() == "y = 2\n"  # HEAD, not the user's edits
        assert not (wt.path / "notes.txt").exists()
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        sha = commit(wt, ["pkg/a.py"], "fix: drop unused import")
        assert "-import os" in diff(wt)
    monkeypatch.delenv("GIT_INDEX_FILE")
    monkeypatch.delenv("GIT_DIR")
    assert user_state(user_repo) == before
    assert sh(user_repo, "rev-parse", "fixer/" + sha_of(user_repo, "HEAD")[:7]).strip() == sha


def sha_of(repo: Path, rev: str) -> str:
    return sh(repo, "rev-parse", rev).strip()


def test_worktree_is_at_head_and_detached(user_repo: Path) -> None:
    assert not UncommittedChanges(open_repo(user_repo)).found()
    with Worktree(open_repo(user_repo)) as wt:
        assert wt.base_sha == sha_of(user_repo, "HEAD")
        assert wt.path.name == "wt" and wt.path.parent.name.startswith("fixer-")
        assert wt.repo.head.is_detached
        assert wt.repo.head.commit.hexsha == wt.base_sha
        assert worktree_list(user_repo) == [str(user_repo), str(wt.path)]


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_worktree_is_removed_when_the_block_raises(
    user_repo: Path, error: type[BaseException]
) -> None:
    with pytest.raises(error), Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("broken\n")
        tmp = wt.path.parent
        raise error("boom")
    assert not tmp.exists()
    assert worktree_list(user_repo) == [str(user_repo)]
    assert not (user_repo / ".git/worktrees").exists() or not any(
        (user_repo / ".git/worktrees").iterdir()
    )


def test_background_worktree_is_at_head_once_ready(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo), background=True) as wt:
        path = wt.ready()
        assert path == wt.path and path.parent.name.startswith("fixer-")
        assert (path / "pkg/a.py").read_bytes() == (user_repo / "pkg/a.py").read_bytes()
        assert sh(path, "rev-parse", "HEAD").strip() == sha_of(user_repo, "HEAD")
        assert worktree_list(user_repo) == [str(user_repo), str(path)]
    assert not path.parent.exists()
    assert worktree_list(user_repo) == [str(user_repo)]


def test_background_worktree_left_before_ready_leaves_nothing(
    user_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("FIXER_TMPDIR", str(scratch))
    with pytest.raises(KeyboardInterrupt), Worktree(open_repo(user_repo), background=True):
        raise KeyboardInterrupt  # while its folder is chosen or git checks it out
    assert list(scratch.iterdir()) == []
    assert worktree_list(user_repo) == [str(user_repo)]


def test_background_worktree_that_cannot_open_raises_at_ready(
    user_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIXER_TMPDIR", str(tmp_path / "missing"))
    with (
        pytest.raises(FileNotFoundError),
        Worktree(open_repo(user_repo), background=True) as wt,
    ):
        wt.ready()
    assert not (tmp_path / "missing").exists()
    assert worktree_list(user_repo) == [str(user_repo)]


def test_worktree_is_removed_on_sigterm(user_repo: Path, tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from fixer.forge.git import Worktree, open_repo\n"
        "with Worktree(open_repo(sys.argv[1])) as wt:\n"
        "    print(wt.path, flush=True)\n"
        "    time.sleep(60)\n"
    )
    root = Path(__file__).parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(user_repo)],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.stdout is not None
    path = Path(proc.stdout.readline().strip())
    assert path.is_dir()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    assert not path.parent.exists()
    assert worktree_list(user_repo) == [str(user_repo)]


# -- commits -----------------------------------------------------------------------------------


def test_commit_holds_exactly_the_given_paths(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        (wt.path / "pkg/b.py").write_text("y = 3\n")
        (wt.path / "pkg/new.py").write_text("z = 1\n")
        sha = commit(wt, ["pkg/a.py", "pkg/new.py"], "fix: two files")
        assert "pkg/b.py" in sh(wt.path, "status", "--porcelain")  # still only in the tree
    shown = sh(user_repo, "show", "--name-status", "--format=%P", sha).split()
    assert shown == [sha_of(user_repo, "HEAD"), "M", "pkg/a.py", "A", "pkg/new.py"]
    assert sh(user_repo, "show", f"{sha}:pkg/a.py") == "x = 1\n"


def test_commit_author_and_committer(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        bot = commit(wt, ["pkg/a.py"], "fix(imports): remove os\n\nBody line.\n# kept\n")
        (wt.path / "pkg/b.py").write_text("y = 3\n")
        bo = Author("Bo", "bo@example.com")
        other = commit(wt, ["pkg/b.py"], "fix: b", author=bo, branch="fixer/bo")
    fmt = "--format=%an <%ae>|%cn <%ce>|%B"
    assert sh(user_repo, "show", "-s", fmt, bot) == (
        f"{BOT.name} <{BOT.email}>|{BOT.name} <{BOT.email}>|"
        "fix(imports): remove os\n\nBody line.\n# kept\n\n"
    )
    assert sh(user_repo, "show", "-s", "--format=%an <%ae>|%cn <%ce>", other).strip() == (
        "Bo <bo@example.com>|Bo <bo@example.com>"
    )


def test_commit_runs_no_hook(user_repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "hook-ran"
    for hook in (
        "pre-commit",
        "commit-msg",
        "post-commit",
        "post-checkout",
        "reference-transaction",
    ):
        path = user_repo / ".git/hooks" / hook
        path.write_text(f"#!/bin/sh\necho {hook} >> {marker}\n")
        path.chmod(0o755)
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        commit(wt, ["pkg/a.py"], "fix: no hooks")
    assert not marker.exists()
    sh(user_repo, "commit", "-q", "--allow-empty", "-m", "the hooks do work")
    assert marker.exists()


def test_commit_with_nothing_changed_is_refused(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        with pytest.raises(BadInput, match="nothing to commit"):
            commit(wt, ["pkg/a.py"], "fix: nothing")
        with pytest.raises(BadInput, match="nothing to commit"):
            commit(wt, [], "fix: nothing")
    assert "fixer/" not in sh(user_repo, "branch", "--list")


def test_commit_refuses_a_directory_that_would_add_more(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        (wt.path / "pkg/b.py").write_text("y = 3\n")
        with pytest.raises(BadInput, match="would add"):
            commit(wt, ["pkg/a.py", "pkg"], "fix: too much")
        assert sh(wt.path, "diff", "--cached", "--name-only") == ""


def test_commit_refuses_a_path_outside(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt, pytest.raises(BadInput):
        commit(wt, ["../user/pkg/a.py"], "fix: outside")


def test_rerun_on_the_same_base_moves_fixers_own_branch(user_repo: Path) -> None:
    shas = []
    for text in ("x = 1\n", "x = 2\n"):
        with Worktree(open_repo(user_repo)) as wt:
            (wt.path / "pkg/a.py").write_text(text)
            shas.append(commit(wt, ["pkg/a.py"], "fix: a"))
    branch = default_branch_name(sha_of(user_repo, "HEAD"))
    assert sha_of(user_repo, branch) == shas[1]
    assert sh(user_repo, "branch", "--show-current").strip() == "main"


def test_a_users_branch_of_the_same_name_is_never_clobbered(user_repo: Path) -> None:
    head = sha_of(user_repo, "HEAD")
    branch = default_branch_name(head)
    sh(user_repo, "branch", branch)  # the user's own branch, at HEAD
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        with pytest.raises(BadInput, match="already exists and is not fixer's work"):
            commit(wt, ["pkg/a.py"], "fix: a")
        sh(wt.path, "reset", "-q")
        sh(wt.path, "commit", "-q", "--allow-empty", "-m", "user work")  # the user's own commit
        sh(wt.path, "update-ref", f"refs/heads/{branch}", "HEAD")
        with pytest.raises(BadInput, match="already exists"):
            commit(wt, ["pkg/a.py"], "fix: a")
    assert sh(user_repo, "log", "-1", "--format=%s", branch).strip() == "user work"


def test_fixers_branch_on_another_base_is_not_moved(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        old = commit(wt, ["pkg/a.py"], "fix: a", branch="fixer/shared")
    sh(user_repo, "commit", "-q", "--allow-empty", "-m", "third")
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 2\n")
        with pytest.raises(BadInput, match="not fixer's work on"):
            commit(wt, ["pkg/a.py"], "fix: a", branch="fixer/shared")
    assert sha_of(user_repo, "fixer/shared") == old


def test_a_checked_out_branch_is_not_moved(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        first = commit(wt, ["pkg/a.py"], "fix: a", branch="fixer/mine")
    sh(user_repo, "worktree", "add", "-q", str(user_repo.parent / "other"), "fixer/mine")
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 2\n")
        with pytest.raises(BadInput, match="checked out"):
            commit(wt, ["pkg/a.py"], "fix: a", branch="fixer/mine")
    assert sha_of(user_repo, "fixer/mine") == first


def test_invalid_branch_name_is_refused(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        with pytest.raises(BadInput, match="not a valid branch name"):
            commit(wt, ["pkg/a.py"], "fix: a", branch="fixer/..bad")


def test_default_branch_name() -> None:
    assert default_branch_name("0123456789abcdef" * 2 + "01234567") == "fixer/0123456"


# -- diffs -------------------------------------------------------------------------------------


def test_diff_keeps_crlf_shows_new_files_and_binaries(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "win.txt").write_bytes(b"one\r\n2\r\n")
        (wt.path / "pkg/new.py").write_text("z = 1\n")
        (wt.path / "logo.bin").write_bytes(bytes(range(255, -1, -1)))
        text = diff(wt)
        assert "-two\r\n+2\r\n" in text
        assert "diff --git a/pkg/new.py b/pkg/new.py\nnew file mode 100644" in text
        assert "+z = 1\n" in text
        assert "Binary files a/logo.bin and b/logo.bin differ" in text
        assert "\x1b[" not in text
        assert "\x1b[" in diff(wt, colored=True)
        assert "win.txt" not in diff(wt, paths=["pkg/new.py"])
        assert sh(wt.path, "status", "--porcelain", "pkg/new.py") == "?? pkg/new.py\n"


def test_diff_against_base_includes_committed_changes(user_repo: Path) -> None:
    with Worktree(open_repo(user_repo)) as wt:
        (wt.path / "pkg/a.py").write_text("x = 1\n")
        commit(wt, ["pkg/a.py"], "fix: a")
        assert "-import os\n" in diff(wt)


def test_git_env_drops_credentials_and_repository_pointers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_x")
    monkeypatch.setenv("GIT_DIR", "/elsewhere")
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.hookspath'='hooks'")
    env = git_env()
    assert not {"GITHUB_TOKEN", "GIT_DIR", "GIT_CONFIG_PARAMETERS"} & env.keys()
    pairs = {env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"] for i in range(9)}
    assert pairs["core.hooksPath"] == "/dev/null"
