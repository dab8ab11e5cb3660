"""Read a repository for diagnosis: its tracked files and its workflow files.

Only files inside the repository are listed: a symlink whose target lies outside
is left out, so nothing found in a log can be resolved (or later written) outside.
"""

from __future__ import annotations

import os
from pathlib import Path

from fixer.diagnose.paths import RepoIndex
from fixer.diagnose.workflows import WorkflowJob, parse_workflow
from fixer.errors import BadInput
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


def load_index(root: Path) -> RepoIndex:
    if not root.is_dir():
        raise BadInput(f"{root}: not a directory")
    files = frozenset(p for p in tracked_files(root) if inside(root, p) is not None)

    def read(rel: str) -> str | None:
        if rel not in files:
            return None
        path = inside(root, rel)
        if path is None or not path.is_file() or path.stat().st_size > MAX_READ:
            return None
        return path.read_bytes().decode("utf-8", "replace")

    texts = []
    jobs: list[WorkflowJob] = []
    for rel in sorted(files):
        if rel.startswith(".github/workflows/") and rel.endswith((".yml", ".yaml")):
            text = read(rel)
            if text is not None:
                texts.append((rel, text))
                jobs += parse_workflow(rel, text)
    return RepoIndex(files, tuple(jobs), read, tuple(texts))
