"""Git for fixer: a private worktree at HEAD, commits on fixer's own branch, guarded pushes.

fixer never touches the user's working tree, index, HEAD or current branch. It works in
a linked worktree (``git worktree add --detach``) of the HEAD commit, in a fresh temporary
directory; uncommitted and untracked changes in the user's tree are therefore ignored
(:class:`UncommittedChanges` lets the CLI warn about them). All fixer writes to the
user's repository are the worktree's bookkeeping under ``.git/worktrees/`` (removed on
exit), new objects, and the branch ref ``fixer/<short-sha>``.

Git commands run through :mod:`fixer.forge.gitcmd` (no credentials, no hooks); pushes
through :mod:`fixer.forge.push`.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from fixer.errors import BadInput
from fixer.forge.files import check_rel
from fixer.forge.gitcmd import (
    Background,
    branch_ref,
    git_env,
    git_out,
    resolve,
    run_git,
    work_tree,
)
from fixer.forge.push import BRANCH_PREFIX
from fixer.forge.scratch import scratch_parent

if TYPE_CHECKING:  # gitpython is loaded only where a git.Repo is asked for
    import git


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str


BOT = Author("fixer[bot]", "fixer[bot]@users.noreply.github.com")


def check_clone(path: Path | str) -> Path:
    """``path``, when it is the top folder of a clone with a commit; else :class:`BadInput`.

    git itself answers (no gitpython: ``fixer fix`` needs only the folder, and loading
    gitpython costs more than asking git)."""
    where = Path(path)
    if not where.is_dir():
        raise BadInput(f"{where}: no such directory")
    found = run_git(where, "rev-parse", "--is-bare-repository", "--show-toplevel", check=False)
    answers = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    if answers[:1] == ["true"]:  # and --show-toplevel failed: no working tree
        raise BadInput(f"{where}: a bare repository; fixer needs a clone with a working tree")
    top = Path(answers[1]) if found.returncode == 0 and len(answers) == 2 else None
    if top is None or top.resolve() != where.resolve():
        raise BadInput(f"{where}: not the top directory of a git repository")
    if resolve(where, "HEAD") is None:
        raise BadInput(f"{where}: the repository has no commits yet")
    return where


def open_repo(path: Path | str) -> git.Repo:
    """The repository at ``path`` (:func:`check_clone`) opened with gitpython."""
    import git

    return git.Repo(check_clone(path))


class UncommittedChanges:
    """Whether the user's tree differs from HEAD (fixer ignores such changes), asked now
    and answered later: ``git status``, which reads every file of the user's tree, runs
    while the fix gets going. It only reads: :func:`git_env` sets
    ``GIT_OPTIONAL_LOCKS=0``, so the user's index is not even refreshed."""

    def __init__(self, repo: git.Repo | Path) -> None:
        self._status = Background(work_tree(repo), "status", "--porcelain", "-z")

    def found(self) -> bool:
        """Whether there are any (False when git could not tell)."""
        return bool(self._status.output())

    def close(self) -> None:
        self._status.stop()


def default_branch_name(base_sha: str) -> str:
    return f"{BRANCH_PREFIX}{base_sha[:7]}"


# git writes the worktree's files with this many processes (git 2.32 and later; older git
# ignores it): 1,519 files in 0.25-0.5 s with 2 against 0.85-1.0 s with 1 on two loaded
# cores (docs/benchmarks.md)
CHECKOUT_WORKERS = min(os.cpu_count() or 1, 8)

_OPEN: set[Worktree] = set()  # open worktrees, closed by atexit if still open


class Worktree:
    """A detached worktree of ``repo``'s HEAD in a fresh ``fixer-*`` temporary directory
    (in memory when there is room: :mod:`fixer.forge.scratch`).

    Leaving the ``with`` block (normally, by an exception or by KeyboardInterrupt) runs
    ``git worktree remove --force``, falls back to deleting the files and ``git worktree
    prune`` if git refuses, and deletes the temporary directory. As a backstop, an
    :mod:`atexit` hook closes any worktree still open, and SIGTERM, when the program has
    not set its own handler, is turned into ``SystemExit(143)`` so that the same cleanup
    runs. Only SIGKILL leaves a ``fixer-*`` directory behind (``git worktree prune``
    forgets it once the directory is deleted).
    """

    def __init__(self, repo: git.Repo | Path, *, background: bool = False) -> None:
        self.source = work_tree(repo)
        self.background = background  # the checkout goes on after __enter__: see ready()
        self._adding: Background | None = None
        base = resolve(self.source, "HEAD")
        if base is None:
            raise BadInput(f"{self.source}: the repository has no commits yet")
        self.base_sha = base
        self._tmp: Path | None = None
        self._repo: git.Repo | None = None
        self._opening: threading.Thread | None = None  # background: see __enter__
        self._failed: BaseException | None = None  # what the opening thread raised

    @property
    def path(self) -> Path:
        if self._tmp is None:
            raise RuntimeError("the worktree is not open")
        return self._tmp / "wt"

    @property
    def repo(self) -> git.Repo:
        """The worktree as a gitpython repository (opened when first asked for)."""
        if self._tmp is None:
            raise RuntimeError("the worktree is not open")
        if self._repo is None:
            import git

            self._repo = git.Repo(self.path)
        return self._repo

    def __enter__(self) -> Worktree:
        """Check the worktree out; in the background, where its folder is chosen (which
        lists the commit's files for their size) and the checkout starts in a thread, so
        that the caller goes on at once: :meth:`ready` waits for both."""
        if self._tmp is not None or self._opening is not None:
            raise RuntimeError("the worktree is already open")
        _install_cleanup()
        _OPEN.add(self)
        if self.background:
            self._opening = threading.Thread(target=self._open, name="fixer-worktree")
            self._opening.start()
            return self
        try:
            self._open()
        except BaseException:
            self.close()
            raise
        return self

    def _open(self) -> None:
        try:
            parent = scratch_parent(self.source, self.base_sha)
            self._tmp = Path(tempfile.mkdtemp(prefix="fixer-", dir=parent))
            workers = f"checkout.workers={CHECKOUT_WORKERS}"
            add = ("worktree", "add", "--quiet", "--detach", str(self.path), self.base_sha)
            if self.background:
                self._adding = Background(self.source, "-c", workers, *add)
            else:
                run_git(self.source, "-c", workers, *add)
        except BaseException as exc:
            if not self.background:
                raise
            self._failed = exc  # raised by ready()

    def _opened(self) -> None:
        """Wait for the opening thread; raise what it raised."""
        opening, self._opening = self._opening, None
        if opening is not None:
            opening.join()
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

    def ready(self) -> Path:
        """The worktree's path, once its checkout (in the background, when asked for) is
        complete; a failed checkout raises :class:`~fixer.errors.ToolError` as
        :func:`run_git` would."""
        self._opened()
        adding, self._adding = self._adding, None
        if adding is not None:
            adding.finish()
        return self.path

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the worktree and its temporary directory; safe to call twice."""
        if self._opening is not None:  # closed while its folder is still being chosen
            self._opening.join()
            self._opening = None
        self._failed = None
        if self._tmp is None:
            _OPEN.discard(self)
            return
        if self._repo is not None:
            self._repo.close()
            self._repo = None
        if self._adding is not None:  # closed while still checking out
            self._adding.stop()
            self._adding = None
        try:
            gone = run_git(
                self.source, "worktree", "remove", "--force", "--force", str(self.path), check=False
            )
            if gone.returncode != 0:
                shutil.rmtree(self.path, ignore_errors=True)
                # a checkout stopped early leaves git's "initializing" lock, which prune keeps
                run_git(self.source, "worktree", "unlock", str(self.path), check=False)
                run_git(self.source, "worktree", "prune", check=False)
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
            _OPEN.discard(self)


def _close_all() -> None:
    for worktree in list(_OPEN):
        worktree.close()


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@functools.cache
def _install_cleanup() -> None:
    atexit.register(_close_all)
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


def commit(
    worktree: Worktree,
    paths: Sequence[str],
    message: str,
    author: Author = BOT,
    branch: str | None = None,
    *,
    tip: str | None = "",  # the branch's commit now, when known (None: no such branch)
    staged: bool = False,  # the paths are staged already (stage())
) -> str:
    """Commit exactly ``paths`` in the worktree and point ``branch`` at the commit.

    The author is also the committer. ``branch`` (default ``fixer/<short base sha>``) is
    created, or moved when it already holds only commits by ``author`` on top of the
    worktree's base, which is what an earlier fixer run on the same base leaves. Any other
    existing branch of that name, or one checked out anywhere, is refused, never
    overwritten. The branch is only a ref: no working tree checks it out.
    """
    name = branch or default_branch_name(worktree.base_sha)
    ref = branch_ref(name)
    wt = worktree.path
    old = resolve(wt, ref) if tip == "" else tip
    if old is not None:
        _check_own_branch(wt, name, old, worktree.base_sha, author)
    if not staged:
        stage(worktree, paths, name)
    who = {"NAME": author.name, "EMAIL": author.email}
    ident = {f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in who.items()}
    args = ("commit", "--quiet", "--no-verify", "--cleanup=whitespace", "--file=-")
    run_git(wt, *args, env=git_env(extra=ident), stdin=message.encode())
    new = git_out(wt, "rev-parse", "--verify", "HEAD")
    run_git(wt, "update-ref", "-m", "fixer: commit", ref, new, old or "")
    return new


def stage(worktree: Worktree, paths: Sequence[str], branch: str | None = None) -> list[str]:
    """Stage exactly ``paths`` in the worktree's index, for :func:`commit` (the names,
    sorted). Refused (:class:`BadInput`, the index as it was) when that stages nothing, or
    more than the paths (a folder)."""
    name = branch or default_branch_name(worktree.base_sha)
    rels = sorted({check_rel(p) for p in paths})
    if not rels:
        raise BadInput("nothing to commit: no paths given")
    wt = worktree.path
    run_git(wt, "add", "--", *rels, env=git_env(extra={"GIT_LITERAL_PATHSPECS": "1"}))
    staged = run_git(wt, "diff", "--cached", "--name-only", "--no-renames", "-z").stdout
    files = {p for p in staged.decode("utf-8", "surrogateescape").split("\0") if p}
    if not files or not files <= set(rels):
        run_git(wt, "reset", "--quiet")
        what = "the paths are unchanged" if not files else f"would add {sorted(files - set(rels))}"
        raise BadInput(f"nothing to commit on {name}: {what}")
    return rels


def staged_diff(worktree: Worktree, *, colored: bool = False) -> str:
    """The staged files (:func:`stage`) against the base commit, as :func:`diff` shows
    the same files before they are staged."""
    color = "--color=always" if colored else "--no-color"
    opts = ("--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")
    out = run_git(worktree.path, "diff", "--cached", color, *opts, worktree.base_sha).stdout
    return out.decode("utf-8", "replace")


def diff(worktree: Worktree, *, colored: bool = False, paths: Sequence[str] = ()) -> str:
    """The worktree's files against the base commit (new untracked files included).

    ``paths`` limits it. Line endings are kept; binary files show as "Binary files
    differ"; bytes that are not UTF-8 show as U+FFFD (this text is for reading: the
    commit is the artefact).
    """
    wt = worktree.path
    rels = [check_rel(p) for p in paths]
    tmp = Path(tempfile.mkdtemp(prefix="fixer-index-"))
    try:  # a copy of the worktree's index, so that marking new files touches nothing
        shutil.copyfile(
            git_out(wt, "rev-parse", "--path-format=absolute", "--git-path", "index"), tmp / "i"
        )
        env = git_env(extra={"GIT_INDEX_FILE": str(tmp / "i"), "GIT_LITERAL_PATHSPECS": "1"})
        new = run_git(wt, "ls-files", "-z", "--others", "--exclude-standard", "--", *rels, env=env)
        untracked = [p for p in new.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
        if untracked:
            run_git(wt, "add", "--intent-to-add", "--", *untracked, env=env)
        color = "--color=always" if colored else "--no-color"
        opts = ("--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")
        out = run_git(wt, "diff", color, *opts, worktree.base_sha, "--", *rels, env=env).stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out.decode("utf-8", "replace")


def _check_own_branch(wt: Path, name: str, tip: str, base: str, author: Author) -> None:
    """Refuse unless ``tip`` is checked out nowhere and is ``author``'s commits on ``base``."""
    listed = git_out(wt, "worktree", "list", "--porcelain")
    if f"branch refs/heads/{name}" in listed.splitlines():
        raise BadInput(f"branch {name} is checked out in a working tree; fixer will not move it")
    on_base = run_git(wt, "merge-base", "--is-ancestor", base, tip, check=False).returncode == 0
    fmt = "--format=%an%x00%ae"
    log = git_out(wt, "log", "--no-show-signature", "--no-use-mailmap", fmt, f"{base}..{tip}")
    if not on_base or set(log.splitlines()) != {f"{author.name}\0{author.email}"}:
        raise BadInput(
            f"branch {name} already exists and is not fixer's work on {base[:7]};"
            " delete it or choose another branch name"
        )
