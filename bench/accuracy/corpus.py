"""The pinned corpus: real, partly typed packages fetched from the package index as sdists.

Chosen for real ``[type-arg]`` errors under ``--disallow-any-generics`` and real F401
errors under ``ruff check --select F401``, their own mypy configuration, few or no
third-party dependencies (so their modules import under every Python they support), and
a Python floor below the one mypy checks for. ``floor`` is what the project declares
(``python_requires``, ``requires-python``, Poetry's ``python``), read by hand from the
sdist, so that the import check does not depend on fixer's own reading of it.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    version: str
    sha256: str
    target: str  # what the CI step gives mypy, relative to the project root
    floor: str  # the lowest Python the project declares
    why: str
    source_root: str = "."  # the directory that goes on sys.path to import the package
    deps: tuple[str, ...] = ()  # needed to import the package (and collect its tests)
    tests: str | None = None  # the test directory shipped in the sdist
    test_deps: tuple[str, ...] = ()  # what its tests import (installed without their deps)

    @property
    def sdist(self) -> str:
        return f"{self.name}-{self.version}.tar.gz"


CORPUS: tuple[Project, ...] = (
    Project(
        "invoke",
        "2.2.0",
        "ee6cbb101af1a859c7fe84f2a264c059020b0cb7fe3535f9424300ab568f6bd5",
        "invoke",
        "3.6",
        "many bare Dict/List/Callable; python_requires>=3.6; own mypy config",
        tests="tests",
        test_deps=(
            "pytest-relaxed==2.0.2",
            "decorator==5.1.1",
            "icecream==2.1.3",
            "colorama",
            "executing",
            "asttokens",
            "pygments",
            "six",
        ),
    ),
    Project(
        "pyparsing",
        "3.1.1",
        "ede28a1a32462f5a9705e07aea48001a08f7cf81a021585011deba701581a0db",
        "pyparsing",
        "3.6",
        "bare generics and unused imports in a large untyped-to-typed module set;"
        " requires-python>=3.6.8",
        tests="tests",
    ),
    Project(
        "executing",
        "1.2.0",
        "19da64c18d2d851112f09c287f8d3dbbdf725ab0e569077efb6cdcbd3497c107",
        "executing",
        "3.5",
        "py2-era typing comments, many F401 in tests; classifiers down to 3.5",
        tests="tests",
    ),
    Project(
        "mistune",
        "3.0.1",
        "e912116c13aa0944f9dc530db38eb88f6a77087ab128f49f84a48f4c05ea163c",
        "src/mistune",
        "3.7",
        "annotated with bare dict/list everywhere; requires-python>=3.7",
        source_root="src",
        tests="tests",
    ),
    Project(
        "pathspec",
        "0.11.2",
        "e0d8d0ac2f12da61956eb2306b69f9469b42f4deb0f3cb6ed47b9cce9996ced3",
        "pathspec",
        "3.7",
        "typing.Dict/List style, an unused import; python_requires>=3.7",
        tests="tests",
    ),
    Project(
        "semver",
        "3.0.1",
        "9ec78c5447883c67b97f98c3b6212796708191d22e4ad30f4570f840171cbce1",
        "src/semver",
        "3.7",
        "small, typed, tests import the changed names; python_requires>=3.7",
        source_root="src",
        tests="tests",
    ),
    Project(
        "voluptuous",
        "0.13.1",
        "e8d31c20601d6773cb14d4c0f42aee29c6821bbd1018039aac7ac5605b489723",
        "voluptuous",
        "3.6",
        "unused imports next to re-exports (from voluptuous.x import *); classifiers 3.6+",
        tests="voluptuous/tests",
    ),
    Project(
        "marshmallow",
        "3.20.1",
        "5d2371bbe42000f2b3fb5eaa065224df7d8f8597bc19a1bbfa5bfe7fba8da889",
        "src/marshmallow",
        "3.8",
        "typed with bare dict/list/typing.Dict in signatures, class"
        " attributes evaluated at import; python_requires>=3.8; own mypy config",
        source_root="src",
        deps=("packaging>=17.0",),
        tests="tests",
        test_deps=("simplejson", "pytz"),
    ),
    Project(
        "tomlkit",
        "0.12.1",
        "38e1ff8edb991273ec9f6181244a6a391ac30e9f5098e7535640ea6be97a7c86",
        "tomlkit",
        "3.7",
        "dict/list subclasses (class bases evaluated at import); Poetry python = >=3.7",
        tests="tests",
    ),
    Project(
        "h11",
        "0.14.0",
        "8f19fbbe99e72420ff35c00b27a34cb9937e902a8b810e2c88300c6f0a3b699d",
        "h11",
        "3.7",
        "strict mypy config, unused imports in its tests; python_requires>=3.7",
        deps=("typing_extensions",),
        tests="h11/tests",
    ),
    Project(
        "isort",
        "5.12.0",
        "8bef7dde241278824a6d83f44a544709b065191b95b6e50894bdc722fcba0504",
        "isort",
        "3.8",
        "strict mypy config, unused imports in modules other modules import"
        " from; python_requires>=3.8",
        tests="tests",
    ),
    Project(
        "itsdangerous",
        "2.1.2",
        "5dbbc68b317e5e42f327f9021763545dc3fc3bfe22e6deb96aaf1fc38874156a",
        "src/itsdangerous",
        "3.7",
        "Pallets style t.Dict, own mypy config with python_version 3.7; python_requires>=3.7",
        source_root="src",
        tests="tests",
    ),
)


def by_name(name: str) -> Project:
    for project in CORPUS:
        if project.name == name:
            return project
    raise SystemExit(f"no project {name!r} in the corpus: {', '.join(p.name for p in CORPUS)}")


def fetch(project: Project, cache: Path) -> Path:
    """The project's sdist from the package index (``pip download``), checked by sha256."""
    fetch_all([project], cache)
    path = cache / project.sdist
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != project.sha256:
        raise SystemExit(f"{path}: sha256 {digest}, expected {project.sha256}")
    return path


def fetch_all(projects: list[Project], cache: Path) -> None:
    """Download the sdists not yet in ``cache``, in one ``pip download``."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted = [f"{p.name}=={p.version}" for p in projects if not (cache / p.sdist).exists()]
    if wanted:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        subprocess.run(
            [*pip, "--no-binary", ":all:", *wanted, "-d", str(cache)],
            check=True,
            capture_output=True,
            timeout=900,
        )
