"""A lock file written again by the tool that wrote it, in the scratch worktree.

:class:`~fixer.kinds._lock.LockKind` says which tool and which commands; this module
establishes the version (:func:`lock_pin`), runs the tool installed apart at that
version (:mod:`fixer.forge.tools`) from the lock's folder, with the project's own
configuration (its package index among it) and fixer's caches, and keeps nothing on disk:

- the package index is the project's: its own configuration, else (uv) the one registry
  its lock records, which the CI gave uv through its environment;
- :func:`check` runs the tool's read-only check of the lock (``uv lock --check``);
- :func:`relocker` returns the function the codemod calls: it runs ``uv lock`` (``poetry
  lock``) in the worktree, reads the lock it wrote, and puts the lock back, so that the
  fix layer writes the change as every other; when the tool changed any other file of
  the worktree (``git status`` before and after, contents compared), those changes are
  undone too and the fix is refused (:class:`~fixer.errors.Unfixable`): only the lock
  may change.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.errors import ToolError, Unfixable
from fixer.forge.files import restore
from fixer.forge.files import snapshot as snapshot_files
from fixer.forge.gitcmd import run_git
from fixer.forge.tools import Pinned, cache_root, pinned, ready, tool_env
from fixer.kinds import kind_of
from fixer.kinds._lock import LockKind
from fixer.proc import Result, run

if TYPE_CHECKING:
    from fixer.diagnose.paths import RepoIndex
    from fixer.model import Finding

TIMEOUT = 600


def lock_kind(finding: Finding) -> LockKind:
    kind = kind_of(finding.kind)
    if not isinstance(kind, LockKind):
        raise TypeError(f"{finding.kind} is no lock kind")
    return kind


def lock_pin(kind: LockKind, finding: Finding, index: RepoIndex) -> Pinned | None:
    """The version of the tool the CI ran (the log first), and where it was read; None
    when nothing names one."""
    folder = posixpath.dirname(finding.path or "")
    pin = pinned(kind.tool, finding.details, folder, index.files, index.read)
    if pin is not None:
        return pin
    while True:
        found = kind.repo_version(folder, index)
        if found is not None:
            version, name = found
            return Pinned(kind.tool, version, posixpath.join(folder, name) if folder else name)
        if not folder:
            return None
        folder = posixpath.dirname(folder)


def lock_env(tool: str) -> dict[str, str]:
    """The tool's environment: its caches in fixer's, no prompt, no virtual environment
    of the user's."""
    env = {**tool_env(), "VIRTUAL_ENV": ""}
    if tool == "poetry":
        env.update(
            POETRY_CACHE_DIR=str(cache_root() / "poetry-cache"),
            POETRY_VIRTUALENVS_PATH=str(cache_root() / "poetry-venvs"),
            POETRY_VIRTUALENVS_IN_PROJECT="false",
            POETRY_NO_INTERACTION="1",
        )
    return env


def check(
    kind: LockKind, pin: Pinned, tool: Sequence[str], root: Path, index: RepoIndex, lock: str
) -> Result:
    """The tool's read-only check of the lock at ``lock``; :class:`Unfixable` when it
    changed a file (its changes undone)."""
    env = kind.index_env(posixpath.dirname(lock), index, pin.version)
    return guarded(kind, [*tool, *kind.check_args(pin.version)], root, lock, env)[0]


def relocker(
    root: Path, index: RepoIndex, finding: Finding, path: str
) -> Callable[[str, Sequence[Finding]], str] | None:
    """The tool at the CI's version writing the lock at ``path`` again (None when no
    version is known or it is not installed: the kind's precondition installs it, and
    says why when it cannot)."""
    kind = lock_kind(finding)
    pin = lock_pin(kind, finding, index)
    tool = ready(pin, root) if pin is not None else None
    if pin is None or tool is None:
        return None
    version = pin.version
    env = kind.index_env(posixpath.dirname(path), index, version)

    def relock(text: str, findings: Sequence[Finding]) -> str:
        done, written = guarded(kind, [*tool, *kind.lock_args(version)], root, path, env)
        if done.returncode != 0:
            command = (kind.tool, *kind.lock_args(version))
            raise ToolError(command, done.returncode, done.stdout, done.stderr)
        if written is None:
            raise Unfixable(f"{kind.tool} wrote no {posixpath.basename(path)}")
        return written

    return relock


def guarded(
    kind: LockKind,
    argv: Sequence[str],
    root: Path,
    lock: str,
    env: dict[str, str] | None = None,
) -> tuple[Result, str | None]:
    """``argv`` run from the folder of ``lock``, and the lock's text after it; the lock is
    put back as it was. When it changed any other file of the worktree, those changes
    are undone too and :class:`Unfixable` says which: only the lock may change."""
    file = root / lock
    saved = file.read_bytes() if file.is_file() else None
    before = changed(root)
    kept = snapshot_files(root, [p for p in before if p != lock])
    try:
        environment = {**lock_env(kind.tool), **(env or {})}
        done = run(argv, root / posixpath.dirname(lock), env=environment, timeout=TIMEOUT)
        written = file.read_bytes().decode("utf-8", "replace") if file.is_file() else None
        after = changed(root)
    finally:
        restore(root, {lock: saved})
    strays = sorted(p for p in {*before, *after} if p != lock and before.get(p) != after.get(p))
    if strays:
        undo(root, strays, before)
        restore(root, {p: kept[p] for p in strays if p in kept})
        more = f" and {len(strays) - 3} more" if len(strays) > 3 else ""
        raise Unfixable(
            f"running {kind.tool} on {lock} changed {', '.join(strays[:3])}{more} as well;"
            " only the lock may change, so every change it made was rolled back"
        )
    return done, written


def changed(root: Path) -> dict[str, str | None]:
    """Every file of the worktree that differs from its commit or is new (ignored files
    aside), with a digest of its bytes (None: deleted)."""
    done = run_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    found: dict[str, str | None] = {}
    entries = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    skip = False
    for entry in entries:
        if skip:
            skip = False
            continue
        if len(entry) < 4:
            continue
        status, rel = entry[:2], entry[3:]
        skip = "R" in status or "C" in status  # the next entry is the rename's source
        file = root / rel
        found[rel] = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else None
    return found


def undo(root: Path, paths: Sequence[str], before: dict[str, str | None]) -> None:
    """Put back the files the tool changed: as the commit has them, or gone when new."""
    listed = run_git(root, "ls-files", "-z", "--", *paths).stdout
    tracked = set(listed.decode("utf-8", "surrogateescape").split("\0"))
    back = [p for p in paths if p in tracked and p not in before]
    if back:
        run_git(root, "checkout", "--", *back)
    restore(root, {p: None for p in paths if p not in tracked and p not in before})
    for rel in paths:  # the folders a new file made, when empty now
        parent = (root / rel).parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
