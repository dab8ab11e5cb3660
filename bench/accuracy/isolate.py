"""Which hunk of a fix breaks an import: each hunk applied alone to the base tree.

"Alone" keeps the file's import edits (the hunks above its first ``def`` or ``class``),
so that a hunk is not blamed for the ``Any`` another hunk imports.

An import error's traceback often points past the edit (Python 3.7 reports the last
line of a multi-line ``def``), or into another module (``__init__`` importing the
changed one), so the hunk is found by trying each one alone, with the same interpreter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from bench.accuracy import pythons, repo
from bench.accuracy.linemap import FileDiff, Hunk


def _with_hunks(base: list[bytes], new: list[bytes], hunks: list[Hunk]) -> bytes:
    """``base`` with only ``hunks`` applied (from the last one up, so lines stay put)."""
    lines = list(base)
    for h in sorted(hunks, key=lambda h: h.old_start, reverse=True):
        added = new[h.new_start - 1 : h.new_start - 1 + h.new_len] if h.new_len else []
        start = h.old_start - 1 if h.old_len else h.old_start
        lines[start : start + h.old_len] = added
    return b"".join(lines)


TOP = re.compile(rb"^(def|class|async def|@)\b")


def _header_hunks(base: list[bytes], fd: FileDiff) -> list[Hunk]:
    """The hunks before the module's first ``def``/``class``: its import edits, which a
    hunk that names a newly imported ``Any`` needs."""
    end = next((i + 1 for i, line in enumerate(base) if TOP.match(line)), len(base) + 1)
    return [h for h in fd.hunks if h.old_start < end]


def guilty(
    root: Path,
    base: str,
    commit: str,
    diff: dict[str, FileDiff],
    python: Path,
    modules: Sequence[str],
    source_root: Path,
    deps: Path | None,
) -> list[tuple[str, Hunk, str]]:
    """(path, hunk, error) for each hunk that alone makes one of ``modules`` fail to import."""
    repo.git(root, "checkout", "-q", base)
    found = []
    try:
        for path, fd in diff.items():
            if not path.endswith(".py"):
                continue
            file = root / path
            old = file.read_bytes()
            new = repo.git_bytes(root, "show", f"{commit}:{path}").splitlines(keepends=True)
            base_lines = old.splitlines(keepends=True)
            header = _header_hunks(base_lines, fd)
            for h in fd.hunks:
                alone = [h] + [x for x in header if x != h]
                file.write_bytes(_with_hunks(base_lines, new, alone))
                errors = pythons.import_all(python, modules, source_root, deps)
                file.write_bytes(old)
                bad = [f"{m}: {e['error']}" for m, e in errors.items() if e is not None]
                if bad:
                    found.append((path, h, "; ".join(bad)))
    finally:
        repo.git(root, "checkout", "-q", "-f", commit)
    return found
