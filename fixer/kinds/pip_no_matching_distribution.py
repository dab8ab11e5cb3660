"""``pip.no-matching-distribution``: a requirement that no release satisfies.

pip, uv and Poetry name the requirement, not where it is declared: the finding is the
first ``pyproject.toml`` or requirements file of the repository that declares it (the
step's directory first). Its fix is one task over every such file under the step's
directory, run only after the package index confirms that no release satisfies the
requirement. Removing a ``types-X`` stub lets the job's later steps run: mypy may then
want stubs for X (:meth:`PipNoMatchingDistribution.exposes`), and X's untyped imports
are fixed with the removal.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace

from fixer.diagnose.paths import RepoIndex, clean, step_dirs
from fixer.diagnose.pip import PipParser
from fixer.kinds.base import Exposure, Kind, listed, names
from fixer.model import Finding
from fixer.requirements import declared_line, declares_requirements


class PipNoMatchingDistribution(Kind):
    id = "pip.no-matching-distribution"
    title = "A requirement that no release satisfies"
    parser = PipParser
    recognizes = "pip, uv and Poetry: a requirement no release satisfies"
    change = (
        "after the package index confirms that no release satisfies it, the requirement is"
        " removed from `pyproject.toml` (PEP 621, PEP 735 groups, Poetry tables) and"
        " `requirements*.txt` / `*.in`; for a removed `types-X` stub the report says whether X"
        " ships `py.typed`, and if mypy then wants stubs for X its imports get"
        " `# type: ignore[import-untyped]`"
    )
    codemods = (
        "fixer.codemods.toml.remove_requirement:RemoveTomlRequirement",
        "fixer.codemods.requirements.remove_requirement_line:RemoveRequirementLine",
    )
    verifier = "pyproject"
    precondition = "index"  # the index must confirm that no release satisfies it
    scope = "project"

    def subject(self, findings: Sequence[Finding]) -> str:
        found = names(findings, "name")
        if not 0 < len(found) <= 2:
            return f"remove {len(findings)} unavailable requirements"
        return f"remove the unavailable {listed(found)} requirement{'s' if len(found) > 1 else ''}"

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """The first file that declares the requirement, the step's directories first."""
        name = finding.details.get("name", "")
        candidates = sorted(f for f in index.files if declares_requirements(f))
        ordered = sorted(
            candidates,
            key=lambda f: (
                next((i for i, d in enumerate(dirs) if posixpath.dirname(f) == d), len(dirs)),
                f.count("/"),
                f,
            ),
        )
        places: list[tuple[str, int]] = []
        for path in ordered:
            text = index.read(path)
            line = declared_line(text, name) if text is not None else None
            if line is not None:
                places.append((path, line))
        if not places:
            why = "no pyproject.toml or requirements file of the repository declares it"
            return replace(finding, details={**finding.details, "unresolved": why})
        path, line = places[0]
        details = dict(finding.details)
        if len(places) > 1:
            details["declared_in"] = ", ".join(p for p, _ in places)
        return replace(finding, path=path, line=line, resolved=True, details=details)

    def likely_place(self, finding: Finding) -> str | None:
        """The file the install step reads: ``-r FILE``, else the ``pyproject.toml`` of
        the directory it ``cd``s into (``cd backend && pip install -e .[dev]``)."""
        if finding.resolved:
            return None
        return manifest_of(finding.command or "", finding.workdir)

    def exposes(self, finding: Finding) -> Exposure | None:
        """A removed ``types-X``: does X ship types, and what does mypy say about X now."""
        module = stub_module(finding.details.get("name", ""))
        return None if module is None else Exposure("mypy", module, typed=True)

    def targets(self, finding: Finding, files: Sequence[str]) -> tuple[str, ...]:
        """The declaring file first, then every pyproject and requirements file under the
        step's directory (a codemod leaves a file that does not declare it unchanged)."""
        base = finding.workdir or ""
        found = list(super().targets(finding, files))
        for path in sorted(files):
            if declares_requirements(path) and _under(path, base) and path not in found:
                found.append(path)
        return tuple(found)


def stub_module(requirement_name: str) -> str | None:
    """``types-prometheus-client`` -> ``prometheus_client``; None when not a stub package."""
    if not requirement_name.startswith("types-"):
        return None
    return requirement_name[len("types-") :].replace("-", "_").replace(".", "_")


def _under(path: str, base: str) -> bool:
    return (
        not base
        or path == base
        or path.startswith(base.rstrip("/") + "/")
        or (posixpath.dirname(path) == "")
    )


_REQUIREMENT_FILE = re.compile(r"""(?:^|\s)(?:-r|--requirement)(?:\s+|=)["']?([^\s"';&|]+)""")
_PROJECT = re.compile(
    r"""\b(?:pip3?\s+install|uv\s+pip\s+install|pip\s+wheel)\b[^\n;&|]*?\s["']?\.(?:\[|["'\s]|$)"""
    r"|\b(?:poetry\s+(?:install|lock|check)|uv\s+(?:sync|lock)|pdm\s+install)\b",
    re.MULTILINE,
)


def manifest_of(command: str, workdir: str | None = None) -> str | None:
    """The requirements file or ``pyproject.toml`` an install command reads, under the
    directory its ``cd`` goes to (``cd ../backend`` from an unknown directory is taken
    as ``backend``: such steps run one level below the repository's root)."""
    found = _REQUIREMENT_FILE.search(command)
    name = found.group(1) if found else ("pyproject.toml" if _PROJECT.search(command) else None)
    if name is None:
        return None
    dirs = [d for d in step_dirs(workdir, command) if d]
    if not dirs and workdir is None:
        ups = [m.strip("'\"") for m in re.findall(r"(?:^|&&|;)\s*cd\s+(\.\./[^\s;&|]+)", command)]
        dirs = [d for d in (clean(u.removeprefix("../")) for u in ups) if d]
    return clean(posixpath.join(dirs[0], name)) if dirs else name
