"""The formatter or linter a CI job ran, at the version it ran, installed apart.

A formatter's output changes between versions, so a fix made with "a ruff" proves
nothing: it is made and checked with the project's own version of the tool. That
version is, in this order (the first that names one wins):

1. the log (:mod:`fixer.diagnose.toolversions`: ``Successfully installed ruff-0.14.2``,
   ``ruff 0.14.2``, ``black, 24.10.0``), carried by the finding as ``details.tool_version``;
2. a lock file, from the step's working directory up to the repository root:
   ``uv.lock``, ``poetry.lock``, a requirements file's ``==`` pin (``requirements*.txt``,
   ``requirements/*.txt``), ``package-lock.json`` for JS tools;
3. the ``rev`` of the tool's hook in ``.pre-commit-config.yaml``;
4. an exact pin in ``pyproject.toml`` (``ruff==0.14.2`` in a dependency list, a Poetry
   ``ruff = "0.14.2"``).

No version is no guess: :func:`pinned` returns None and the fix is reported, not made.

The version is installed with uv (a fast, well-kept installer made for this) into a
virtual environment of its own, ``$XDG_CACHE_HOME/fixer/tools/<tool>-<version>`` (else
``~/.cache/fixer/...``), outside the user's environment and the repository. It is built
under a temporary name and renamed into place, so an interrupted or concurrent install
never leaves a half-made entry; a later run reuses it without installing anything. The
tool runs as ``<venv>/bin/python -I -m <tool>``, which does not depend on where the
folder was built, and imports nothing of the project (a top-level ``mypy_extensions.py``
is not black's).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import InvalidRequirement, Requirement

from fixer.errors import ToolError
from fixer.proc import run

Reader = Callable[[str], str | None]  # repo-relative path -> text, None when absent

# the pre-commit hook repositories of each tool (the rev is the tool's version)
HOOKS: Mapping[str, tuple[str, ...]] = {
    "ruff": ("astral-sh/ruff-pre-commit", "charliermarsh/ruff-pre-commit"),
    "black": ("psf/black", "psf/black-pre-commit-mirror"),
    "isort": ("pycqa/isort", "timothycrosley/isort"),
    "prettier": ("pre-commit/mirrors-prettier", "rbubley/mirrors-prettier"),
}
JS_TOOLS = frozenset({"prettier"})
EXACT = re.compile(r"^v?(\d+(?:\.\d+)+(?:(?:a|b|rc|\.post|\.dev)\d+)?)$")
PIN = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;#,]+)"
)
INSTALL_TIMEOUT = 600


@dataclass(frozen=True, slots=True)
class Pinned:
    tool: str
    version: str
    source: str  # where it was read: "the log", "uv.lock", ".pre-commit-config.yaml", ...

    @property
    def shown(self) -> str:
        return f"{self.tool} {self.version} (from {self.source})"


def cache_root() -> Path:
    """fixer's cache folder: ``$XDG_CACHE_HOME/fixer``, else ``~/.cache/fixer``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "fixer"


# -- which version ---------------------------------------------------------------------


def pinned(
    tool: str, details: Mapping[str, str], workdir: str, files: Iterable[str], read: Reader
) -> Pinned | None:
    """The version of ``tool`` the project's CI ran, and where it was read; None when
    nothing names one."""
    logged = details.get("tool_version")
    if logged:
        return Pinned(tool, logged, "the log")
    listed = frozenset(files)
    folders = _folders(workdir)
    for finder in (_locked, _hooked, _pyproject):
        for folder in folders:
            found = finder(tool, folder, listed, read)
            if found is not None:
                version, name = found
                return Pinned(tool, version, posixpath.join(folder, name) if folder else name)
    return None


def _locked(tool: str, folder: str, files: frozenset[str], read: Reader) -> tuple[str, str] | None:
    if tool in JS_TOOLS:
        for lock in ("npm-shrinkwrap.json", "package-lock.json"):  # npm's preference
            text = _read(folder, lock, files, read)
            if text is not None:
                return _npm_locked(tool, text, lock)
        return None
    for lock in ("uv.lock", "poetry.lock"):
        text = _read(folder, lock, files, read)
        if text is None:
            continue
        for package in _toml(text).get("package", []):
            if isinstance(package, dict) and _same(str(package.get("name", "")), tool):
                version = str(package.get("version", ""))
                if EXACT.match(version):
                    return version, lock
    prefix = f"{folder}/" if folder else ""
    for path in sorted(files):
        rest = path[len(prefix) :] if path.startswith(prefix) else None
        if rest is None or not _requirements_file(rest):
            continue
        for line in (read(path) or "").splitlines():
            pin = PIN.match(line)
            if pin and _same(pin.group("name"), tool) and EXACT.match(pin.group("version")):
                return pin.group("version"), rest
    return None


def _requirements_file(rest: str) -> bool:
    """``requirements*.txt`` (``dev-requirements.in`` too) in the folder, or any ``.txt``
    or ``.in`` in its ``requirements/`` folder."""
    folder, _, name = rest.rpartition("/")
    if not name.endswith((".txt", ".in")):
        return False
    return folder == "requirements" or (not folder and "requirement" in name.lower())


def _npm_locked(tool: str, text: str, name: str) -> tuple[str, str] | None:
    """The version lock file ``name`` pins: lockfile v2/v3 ``packages``, else v1's
    ``dependencies``."""
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    packages = data.get("packages") if isinstance(data, dict) else None
    entry = packages.get(f"node_modules/{tool}") if isinstance(packages, dict) else None
    dependencies = data.get("dependencies") if isinstance(data, dict) else None
    if entry is None and isinstance(dependencies, dict):
        entry = dependencies.get(tool)
    version = entry.get("version") if isinstance(entry, dict) else None
    return (version, name) if isinstance(version, str) and EXACT.match(version) else None


def _hooked(tool: str, folder: str, files: frozenset[str], read: Reader) -> tuple[str, str] | None:
    name = ".pre-commit-config.yaml"
    text = _read(folder, name, files, read)
    if text is None:
        return None
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    repos = config.get("repos") if isinstance(config, dict) else None
    for repo in repos if isinstance(repos, list) else []:
        if not isinstance(repo, dict):
            continue
        url = str(repo.get("repo", "")).lower().removesuffix(".git").rstrip("/")
        if any(url.endswith("/" + hook) for hook in HOOKS.get(tool, ())):
            rev = EXACT.match(str(repo.get("rev", "")))
            if rev:
                return rev.group(1), name
    return None


def _pyproject(
    tool: str, folder: str, files: frozenset[str], read: Reader
) -> tuple[str, str] | None:
    text = _read(folder, "pyproject.toml", files, read)
    if text is None:
        return None
    data = _toml(text)
    project = data.get("project", {})
    specs: list[Any] = list(project.get("dependencies", []))
    for group in (project.get("optional-dependencies") or {}).values():
        specs += group if isinstance(group, list) else []
    for group in (data.get("dependency-groups") or {}).values():
        specs += group if isinstance(group, list) else []
    for spec in specs:
        if not isinstance(spec, str):
            continue
        try:
            requirement = Requirement(spec)
        except InvalidRequirement:
            continue
        exact = [s for s in requirement.specifier if s.operator in ("==", "===")]
        if _same(requirement.name, tool) and len(exact) == 1 and EXACT.match(exact[0].version):
            return exact[0].version, "pyproject.toml"
    poetry = data.get("tool", {}).get("poetry", {})
    tables = [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]
    tables += [g.get("dependencies", {}) for g in (poetry.get("group") or {}).values()]
    for table in tables:
        for name, value in table.items() if isinstance(table, dict) else ():
            if not _same(name, tool):
                continue
            constraint = value.get("version") if isinstance(value, dict) else value
            bare = EXACT.match(str(constraint or "").removeprefix("==").strip())
            if bare and not str(constraint).startswith("v"):
                return bare.group(1), "pyproject.toml"
    return None


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def _read(folder: str, name: str, files: frozenset[str], read: Reader) -> str | None:
    path = posixpath.join(folder, name) if folder else name
    return read(path) if path in files else None


def _same(a: str, b: str) -> bool:
    return re.sub(r"[-_.]+", "-", a).lower() == re.sub(r"[-_.]+", "-", b).lower()


def _folders(path: str) -> list[str]:
    """``path`` (a folder) and every folder above it up to the root (``""``)."""
    folder = path.strip("/").removeprefix("./") if path not in ("", ".") else ""
    found = []
    while folder not in ("", "."):
        found.append(folder)
        folder = posixpath.dirname(folder)
    return [*found, ""]


# -- installed apart ---------------------------------------------------------------------


def find_uv() -> str | None:
    """uv: the one installed beside fixer's Python (a dependency), else one on PATH."""
    beside = Path(sys.executable).parent / "uv"
    if beside.is_file():
        return str(beside)
    return shutil.which("uv")


def installed(pin: Pinned, cache: Path | None = None) -> Path | None:
    """The Python of the environment that holds ``pin`` when it is installed already."""
    python = _home(pin, cache) / "bin" / "python"
    return python if python.exists() and (_home(pin, cache) / ".complete").is_file() else None


def install(pin: Pinned, cache: Path | None = None) -> Path:
    """The Python of the environment holding exactly ``pin``, installed once with uv.

    Raises :class:`ToolError` when uv is missing or the install fails (the version does
    not exist, the index is out of reach)."""
    ready = installed(pin, cache)
    if ready is not None:
        return ready
    if pin.tool in JS_TOOLS:
        raise ToolError((pin.tool,), 127, stderr=f"{pin.tool} is installed with npm, not uv")
    uv = find_uv()
    if uv is None:
        raise ToolError(("uv",), 127, stderr="uv: command not found (pip install uv)")
    home = _home(pin, cache)
    home.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{home.name}-", dir=home.parent))
    try:
        env = {"UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": ""}
        venv = [uv, "venv", "--quiet", "--python", sys.executable, str(building / "env")]
        run(venv, home.parent, env=env, timeout=INSTALL_TIMEOUT, check=True)
        python = building / "env" / "bin" / "python"
        add = [uv, "pip", "install", "--quiet", "--python", str(python)]
        run(
            [*add, f"{pin.tool}=={pin.version}"],
            home.parent,
            env=env,
            timeout=INSTALL_TIMEOUT,
            check=True,
        )
        (building / "env" / ".complete").write_text(f"{pin.tool}=={pin.version}\n")
        try:
            (building / "env").rename(home)
        except OSError:  # another run put it in place first
            if installed(pin, cache) is None:
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    done = installed(pin, cache)
    if done is None:
        raise ToolError((uv, "pip", "install"), 1, stderr=f"{home} was not made")
    return done


def ready(pin: Pinned, root: Path, cache: Path | None = None) -> list[str] | None:
    """The command of ``pin`` when it is installed already (None when not): the Python
    tools' ``python -m tool``, the JS tools' executable (:mod:`fixer.forge.npmtools`;
    ``root`` is the worktree, whose lock file a locked install is made from)."""
    if pin.tool in JS_TOOLS:
        from fixer.forge import npmtools

        found = npmtools.ready(pin.tool, pin.version, pin.source, root, cache or cache_root())
        return [str(found)] if found is not None else None
    python = installed(pin, cache)
    return command(python, pin.tool) if python is not None else None


def provide(pin: Pinned, root: Path, cache: Path | None = None) -> list[str]:
    """The command of ``pin``, installed now when needed (uv for the Python tools, npm for
    the JS ones); :class:`ToolError` when it cannot be."""
    if pin.tool in JS_TOOLS:
        from fixer.forge import npmtools

        found = npmtools.ensure(pin.tool, pin.version, pin.source, root, cache or cache_root())
        return [str(found)]
    return command(install(pin, cache), pin.tool)


def installer(pin: Pinned) -> str:
    """What installs ``pin``, for the report."""
    return "npm" if pin.tool in JS_TOOLS else "uv"


def _home(pin: Pinned, cache: Path | None) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", f"{pin.tool}-{pin.version}")
    return (cache or cache_root()) / "tools" / safe


def tool_env() -> dict[str, str]:
    """The environment the tools run with: their own caches kept in fixer's, out of the
    user's home and the repository."""
    return {
        "BLACK_CACHE_DIR": str(cache_root() / "black-cache"),
        # prettier 3.6+ colours its output under GITHUB_ACTIONS; NO_COLOR stops it
        "NO_COLOR": "1",
    }


def command(python: Path, tool: str) -> list[str]:
    """How to call the tool installed in the environment of ``python``: isolated
    (``-I``), so that neither the working directory (the project) nor ``PYTHONPATH`` comes
    before the tool's own modules, as none does for the tool's console script in CI."""
    return [str(python), "-I", "-m", tool]
