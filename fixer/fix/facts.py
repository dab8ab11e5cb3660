"""Facts about the repository that codemods need, from the run's snapshot.

- the minimum Python: the lowest one the project's packaging metadata supports
  (:mod:`fixer.fix.floor`), and apart from it mypy's ``python_version`` (what mypy
  checks against, which is no floor);
- the Poetry version: from the log, else ``poetry.lock``'s header;
- where a package Poetry could not find might be;
- which imported names of a module other files use (for F401), and which modules
  import everything from it (``from m import *``: its public names are theirs).

The configuration comes from the :class:`~fixer.snapshot.Snapshot` taken once per run;
only the Python sources that F401 and star imports look into are read here, through the
project index (:mod:`fixer.fix.project_index`), as they are when the codemods run.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from fixer.fix.fixture_uses import imported_fixtures
from fixer.fix.import_uses import reexports, star_importers
from fixer.fix.project_index import project as project_index
from fixer.model import CodemodContext, Finding

if TYPE_CHECKING:
    from fixer.snapshot import Snapshot


def context_for(snapshot: Snapshot, finding: Finding, path: str) -> CodemodContext:
    if finding.kind == "poetry.package-not-found":
        folder = posixpath.dirname(path)
        return CodemodContext(
            poetry_version=poetry_version(finding, snapshot, folder),
            package_candidates=package_candidates(
                snapshot, folder, finding.details.get("package", "")
            ),
        )
    if finding.kind in ("ruff.F401", "flake8.F401"):
        return CodemodContext(keep_imports=keep_imports(snapshot, path))
    if finding.kind == "mypy.type-arg":
        return CodemodContext(
            min_python=snapshot.min_python(path),
            mypy_python=snapshot.mypy_python(path),
            line_length=snapshot.line_length(path),
            star_importers=star_importers(project_index(snapshot), path),
        )
    return CodemodContext()


def keep_imports(snapshot: Snapshot, path: str) -> tuple[tuple[str, str], ...]:
    """The imported names of ``path`` that other files use (re-exports, fixtures)."""
    index = project_index(snapshot)
    kept = {**imported_fixtures(index, path), **reexports(index, path)}
    return tuple(sorted(kept.items()))


def poetry_version(finding: Finding, snapshot: Snapshot, folder: str) -> tuple[int, ...] | None:
    text = finding.details.get("poetry_version")
    if text is None:
        return snapshot.locks.get(folder)
    parts = re.findall(r"\d+", text)[:3]
    return tuple(int(p) for p in parts) or None


def package_candidates(
    snapshot: Snapshot, folder: str, package: str
) -> tuple[tuple[str, str], ...]:
    """Where a package named ``package`` exists near the pyproject, as (include, from)."""
    wanted = re.sub(r"[-_.]+", "_", package).lower()
    found: list[tuple[str, str]] = []
    for base, source in ((folder, "."), (posixpath.join(folder, "src"), "src")):
        for name, is_dir in snapshot.children(base):
            stem = name[:-3] if name.endswith(".py") else name
            if re.sub(r"[-_.]+", "_", stem).lower() != wanted:
                continue
            init = posixpath.join(base, name, "__init__.py")
            if is_dir and init in snapshot.files and init not in snapshot.links:
                found.append((name, source))
            elif not is_dir and name.endswith(".py"):
                found.append((stem, source))
    # the pyproject's own folder being the package (``backend/__init__.py`` beside
    # ``backend/pyproject.toml``) is no candidate: Poetry cannot package a parent folder
    return tuple(found)
