"""``poetry.package-not-found``: Poetry cannot find the package the project declares.

Poetry prints no path: the finding is the ``pyproject.toml`` of the step's directory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fixer.diagnose.paths import RepoIndex, clean, resolve_path, step_dirs
from fixer.diagnose.poetry import PoetryParser
from fixer.kinds.base import Kind, listed, names, where
from fixer.model import Finding


class PoetryPackageNotFound(Kind):
    id = "poetry.package-not-found"
    title = "Poetry cannot find the project's package"
    parser = PoetryParser
    recognizes = "Poetry 1.x warning / 2.x error `No file/folder found for package X`"
    change = (
        "`packages = [{ include = ..., from = ... }]` when the package exists beside the"
        " pyproject or under `src/`; else `package-mode = false` when the Poetry in use is 1.8"
        " or later (read from the log or `poetry.lock`); else it reports that the workflow"
        " should install with `--no-root`. The key goes into the `[tool.poetry]` table itself,"
        " wherever its sub-tables sit (`[tool.poetry.group.dev.dependencies]` after"
        " `[build-system]`, as `poetry add` leaves it); a Poetry 2 project with its metadata in"
        " `[project]` and no `[tool.poetry]` header gets one, above the first `[tool.poetry.*]`"
        " sub-table"
    )
    codemods = ("fixer.codemods.toml.poetry_packages:PoetryPackages",)
    facts = frozenset({"poetry_version", "package_candidates"})
    verifier = "poetry-core"
    topic = "build"

    def subject(self, findings: Sequence[Finding]) -> str:
        packages = names(findings, "package")
        what = f"the package {listed(packages)}" if packages else "the project's package"
        return f"tell Poetry about {what}{where(findings)}"

    def likely_place(self, finding: Finding) -> str | None:
        """The ``pyproject.toml`` of the directory the step ``cd``s into."""
        if finding.resolved:
            return None
        base = step_dirs(finding.workdir, finding.command)[0]
        return clean(f"{base}/pyproject.toml") if base else "pyproject.toml"

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        path = resolve_path(finding.path or "pyproject.toml", dirs, index)
        if path is None:
            why = "no pyproject.toml in the step's directory"
            return replace(finding, details={**finding.details, "unresolved": why})
        return replace(finding, path=path, resolved=True)
