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


def tracked_files(root: Path) -> list[str]:
    """The repository's files: ``git ls-files`` in a git work tree, else a walk."""
    if (root / ".git").exists():
        listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
        if listed.returncode == 0:
            return [p for p in listed.stdout.split("\0") if p]
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        rel = Path(dirpath).relative_to(root)
        found += [(rel / f).as_posix() for f in filenames]
    return found
