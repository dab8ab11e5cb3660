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
A kind names the facts its codemods read (:attr:`fixer.kinds.base.Kind.facts`, fields of
:class:`~fixer.model.CodemodContext`); :data:`FACTS` says how each is read.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fixer.errors import ToolError
from fixer.fix.fixture_uses import imported_fixtures
from fixer.fix.import_uses import reexports, star_importers
from fixer.fix.project_index import project as project_index
from fixer.forge.eslint_fix import Target, eslint_fix
from fixer.forge.tools import pinned, ready, tool_env
from fixer.kinds import kind_of
from fixer.kinds._node import ci_args, option_value, scripts_of
from fixer.kinds._tool import ToolKind
from fixer.kinds._tsconfig import import_runs
from fixer.model import CodemodContext, Finding
from fixer.proc import run

if TYPE_CHECKING:
    from fixer.snapshot import Snapshot


# how each fact is read: (snapshot, finding, path of the file to change) -> its value
FACTS: dict[str, Callable[[Snapshot, Finding, str], Any]] = {
    "min_python": lambda s, f, path: s.min_python(path),
    "mypy_python": lambda s, f, path: s.mypy_python(path),
    "line_length": lambda s, f, path: s.line_length(path),
    "star_importers": lambda s, f, path: star_importers(project_index(s), path),
    "keep_imports": lambda s, f, path: keep_imports(s, path),
    "poetry_version": lambda s, f, path: poetry_version(f, s, posixpath.dirname(path)),
    "package_candidates": lambda s, f, path: package_candidates(
        s, posixpath.dirname(path), f.details.get("package", "")
    ),
    "reformat": lambda s, f, path: reformatter(s, f, path),
    "eslint_fix": lambda s, f, path: eslint_fixer(s, path),
    "import_runs": lambda s, f, path: import_runs(path, _with_node_modules(s)),
    "relock": lambda s, f, path: relocker(s, f, path),
}


def _with_node_modules(snapshot: Snapshot) -> Callable[[str], str | None]:
    """The repository's files, and beside them what its ``node_modules`` folders hold (the
    project's packages, linked into the worktree by the tool checks)."""

    def read(rel: str) -> str | None:
        text = snapshot.index.read(rel)
        parts = rel.split("/")
        if text is not None or "node_modules" not in parts or ".." in parts:
            return text
        try:
            return (snapshot.root / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    return read


def context_for(snapshot: Snapshot, finding: Finding, path: str) -> CodemodContext:
    """The facts the finding's kind names, read for ``path``."""
    wanted = sorted(kind_of(finding.kind).facts)
    return CodemodContext(**{name: FACTS[name](snapshot, finding, path) for name in wanted})


def reformatter(
    snapshot: Snapshot, finding: Finding, path: str
) -> Callable[[str, Sequence[Finding]], str] | None:
    """The failing tool at the project's version, run on a text as ``path`` from the
    step's working directory (None when no version is known or it is not installed: the
    kind's precondition installs it, and says why when it cannot)."""
    kind = kind_of(finding.kind)
    if not isinstance(kind, ToolKind):
        return None
    workdir = finding.workdir or ""
    pin = pinned(kind.tool, finding.details, workdir, snapshot.files, snapshot.index.read)
    tool = ready(pin, snapshot.root) if pin is not None else None
    if tool is None:
        return None
    name = posixpath.relpath(path, workdir or ".")
    cwd = snapshot.root / workdir

    def reformat(text: str, findings: Sequence[Finding]) -> str:
        argv = [*tool, *kind.fix_args(findings, name)]
        done = run(argv, cwd, input=text, timeout=300, env=tool_env())
        if done.returncode != 0:
            raise ToolError(argv, done.returncode, done.stdout, done.stderr)
        return done.stdout

    return reformat


def relocker(
    snapshot: Snapshot, finding: Finding, path: str
) -> Callable[[str, Sequence[Finding]], str] | None:
    """The tool that wrote the lock at ``path``, at the CI's version, writing it again:
    npm for a lock ``npm ci`` refused (:func:`npm_relocker`), else uv or Poetry
    (:mod:`fixer.forge.relock`, loaded only for a stale lock)."""
    if finding.kind == "npm.lock-out-of-sync":
        return npm_relocker(snapshot, finding, path)
    from fixer.forge import relock

    return relock.relocker(snapshot.root, snapshot.index, finding, path)


def eslint_fixer(snapshot: Snapshot, path: str) -> Callable[[str, Sequence[Finding]], str] | None:
    """The project's ESLint fixing the findings' rules in a text as ``path`` (None when no
    ESLint is linked into the worktree: the kind's precondition links the project's, and
    says why when it cannot)."""
    folder = posixpath.dirname(path)
    while not (snapshot.root / folder / "node_modules" / "eslint" / "package.json").is_file():
        if not folder:
            return None
        folder = posixpath.dirname(folder)
    package = snapshot.root / folder
    manifest = package / "package.json"
    scripts = scripts_of(manifest.read_text(encoding="utf-8") if manifest.is_file() else "")

    def fix(text: str, findings: Sequence[Finding]) -> str:
        args = ci_args(findings[0].command if findings else None, "eslint", scripts) or []
        targets = [Target(f.code or "", f.line or 0, f.column) for f in findings]
        config = option_value(args, "-c", "--config")
        return eslint_fix(package, package, snapshot.root / path, text, targets, config)

    return fix


def npm_relocker(
    snapshot: Snapshot, finding: Finding, path: str
) -> Callable[[str, Sequence[Finding]], str] | None:
    """npm at the CI's version (the log's, else this machine's) rewriting the lock at
    ``path`` in its folder of the worktree (None when that npm is not installed: the
    kind's precondition installs it, and says why when it cannot)."""
    from fixer.forge.npmlock import npm_for, relock
    from fixer.forge.tools import cache_root

    root = snapshot.root
    npm = npm_for(finding.details.get("npm_version"), root, cache_root(), install=False)
    if npm is None:
        return None

    def update(text: str, findings: Sequence[Finding]) -> str:
        return relock(root, posixpath.dirname(path), path, npm, text)

    return update


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
