"""Where fixer's worktree is checked out: in memory (``/dev/shm``) when that is possible.

Checking out a commit writes every tracked file. On a disk-backed ``/tmp`` that is a
metadata-heavy burst of small writes: 1,500 files (7 MB) took 1.0-1.4 s on an ext4 volume
of a shared virtual machine, against 0.05-0.1 s in ``/dev/shm`` (see docs/benchmarks.md).
A tmpfs holds them in memory, so it is used only when it is a writable directory that
allows executing files (scripts, virtualenvs and ``node_modules/.bin`` may run from the
worktree) and has room for the commit's files several times over; otherwise the worktree
goes where :mod:`tempfile` puts temporary files. ``FIXER_TMPDIR`` names the folder to use
instead of either.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fixer.forge.gitcmd import run_git

MEMORY = Path("/dev/shm")
HEADROOM = 4  # the files, plus what mypy, ruff and the fix add, several times over
RESERVE = 256 * 1024 * 1024  # left free for everything else that uses the tmpfs


def scratch_parent(source: Path, commit: str) -> str | None:
    """The folder for fixer's temporary worktree of ``commit`` (``None``: tempfile's)."""
    chosen = os.environ.get("FIXER_TMPDIR")
    if chosen:
        return chosen
    if not _usable(MEMORY):
        return None
    size = tree_size(source, commit)
    if size is None or size * HEADROOM + RESERVE > shutil.disk_usage(MEMORY).free:
        return None
    return str(MEMORY)


def _usable(folder: Path) -> bool:
    try:
        flags = os.statvfs(folder).f_flag
    except OSError:
        return False
    writable = not flags & os.ST_RDONLY and os.access(folder, os.W_OK | os.X_OK)
    return writable and not flags & os.ST_NOEXEC and folder.is_dir()


def tree_size(source: Path, commit: str) -> int | None:
    """The bytes of every file of ``commit`` (``git ls-tree -r -l``), or None if unknown."""
    listed = run_git(source, "ls-tree", "-r", "-l", "-z", commit, check=False)
    if listed.returncode != 0:
        return None
    total = 0
    for entry in listed.stdout.split(b"\0"):
        fields = entry.split(None, 4)
        if len(fields) == 5 and fields[3].isdigit():
            total += int(fields[3])
    return total
