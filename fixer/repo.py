"""List a repository's files (the run's snapshot, :mod:`fixer.snapshot`, lists them once).

The snapshot keeps only the files inside the repository (:func:`inside`): a symlink
whose target lies outside is left out, so nothing found in a log can be resolved (or
later written) outside.
"""

from __future__ import annotations

import os
from pathlib import Path

from fixer.proc import run

MAX_READ = 4 << 20
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".mypy_cache", ".tox"}


def inside(root: Path, rel: str) -> Path | None:
    """``root / rel`` when it really lies inside ``root`` (symlinks followed), else None."""
    base = root.resolve()
    target = (base / rel).resolve()
    return target if target.is_relative_to(base) and target != base else None


def listing(root: Path) -> dict[str, bool | None]:
    """The repository's files, each with whether git records it as a symlink (None for an
    untracked file, or with no git: look on the disk): ``git ls-files`` in a git work
    tree, else a walk."""
    if (root / ".git").exists():
        cmd = ["git", "ls-files", "-z", "--stage", "--cached", "--others", "--exclude-standard"]
        listed = run(cmd, root)
        if listed.returncode == 0:
            found: dict[str, bool | None] = {}
            for entry in listed.stdout.split("\0"):
                meta, tab, path = entry.partition("\t")
                if tab:  # ``mode sha stage<TAB>path``: in the index
                    found[path] = meta.startswith("120000")
                elif entry:  # untracked: the path alone
                    found[entry] = None
            return found
    walked: dict[str, bool | None] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        rel = Path(dirpath).relative_to(root)
        walked.update(((rel / f).as_posix(), None) for f in filenames)
    return walked
