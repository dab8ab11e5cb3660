"""Which ESLint proves a JS fix: the user's installed one, or the one the lock file pins.

A worktree is a fresh checkout without ``node_modules``. From the changed file's folder
up to the repository root, the first folder that has ESLint installed, or whose
``package.json`` declares ``eslint`` (``dependencies`` or ``devDependencies``), is the
package whose ESLint and config judge the file:

* its own ``node_modules`` (the user's checkout) is used when it holds the ESLint that
  the lock file pins, or when there is no lock to compare with;
* else, with a lock file (``npm-shrinkwrap.json``, which npm prefers, or
  ``package-lock.json``) that pins ESLint, exactly that locked set is installed once with
  ``npm ci --ignore-scripts`` into ``$XDG_CACHE_HOME/fixer/eslint/<hash>`` (or
  ``~/.cache/fixer/...``), keyed by the hash of the lock and ``package.json``, the only
  two files copied there: none of the project's install scripts runs, and a later run on
  the same lock reuses the folder. It is built under a temporary name and renamed into
  place, so an interrupted or concurrent install never leaves a half-filled cache entry.

When none of this is possible (no package declares ESLint, no lock, node or npm missing,
``npm ci`` failing) the reason is returned instead, and ESLint is reported as not run.

TypeScript's ``tsc`` is found the same way (:func:`find_node_tool` with ``typescript``):
the locked set of a lock is one cache entry, whichever of its tools is asked for.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from fixer.errors import ToolError
from fixer.proc import run

LOCKS = ("npm-shrinkwrap.json", "package-lock.json")  # npm's own order of preference
# the packages fixer runs: (binary, the name a report gives it)
TOOLS = {"eslint": ("eslint", "ESLint"), "typescript": ("tsc", "TypeScript")}
NPM_CI = ("ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")


@dataclass(frozen=True, slots=True)
class Eslint:
    binary: Path  # node_modules/.bin/eslint
    package: str  # repo-relative folder holding package.json ("" for the root)
    node_modules: Path  # linked into the worktree's package folder
    source: str  # where this ESLint comes from, for the report


def find_eslint(user_repo: Path, rel: str, cache: Path) -> Eslint | str:
    """The ESLint that judges ``rel``, or why there is none to run."""
    return find_node_tool(user_repo, rel, cache, "eslint")


def find_node_tool(user_repo: Path, rel: str, cache: Path, name: str) -> Eslint | str:
    """The package ``name`` (``eslint``, ``typescript``) that judges ``rel``, or why there
    is none to run."""
    folder = PurePosixPath(rel).parent
    while True:
        package = "" if str(folder) in (".", "") else folder.as_posix()
        found = _tool_of(user_repo, package, cache, name)
        if found is not None:
            return found
        if not package:
            return f"no package.json up to the repository root declares {name}"
        folder = folder.parent


def _tool_of(user_repo: Path, package: str, cache: Path, name: str) -> Eslint | str | None:
    """This folder's tool, why it cannot run, or None when the folder has no say."""
    binary, label = TOOLS[name]
    here = user_repo / package
    lock = next((here / n for n in LOCKS if (here / n).is_file()), None)
    pinned = _locked_version(lock, name) if lock is not None else None
    own = here / "node_modules"
    installed = _version(own / name / "package.json")
    if (own / ".bin" / binary).is_file() and installed and pinned in (None, installed):
        source = "the repository's node_modules"
        return Eslint(own / ".bin" / binary, package, own, source)
    if not _declares(here / "package.json", name):
        return None
    where = f"{package or '.'}/package.json"
    if lock is None:
        return f"{where} declares {name} but no package-lock.json or npm-shrinkwrap.json pins it"
    if not pinned:
        return f"{lock.name} beside {where} does not pin {name}"
    modules = _installed(here / "package.json", lock, cache, binary, label)
    if isinstance(modules, str):
        return modules
    return Eslint(modules / ".bin" / binary, package, modules, f"{label} {pinned} from {lock.name}")


def _installed(
    manifest: Path, lock: Path, cache: Path, binary: str = "eslint", label: str = "ESLint"
) -> Path | str:
    """The cached ``node_modules`` of this lock, installed now if needed (or why not)."""
    digest = hashlib.sha256(lock.read_bytes() + b"\0" + manifest.read_bytes()).hexdigest()
    final = cache / "eslint" / digest[:24]
    if (final / "node_modules" / ".bin" / binary).is_file():
        return final / "node_modules"
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed, so the locked {label} cannot be installed"
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{final.name}.", suffix=".tmp", dir=final.parent))
    try:
        shutil.copyfile(manifest, work / "package.json")
        shutil.copyfile(lock, work / lock.name)
        problem = _npm_ci(work, binary)
        if problem:
            return problem
        try:
            work.rename(final)
        except OSError:  # another run finished the same install first
            if not (final / "node_modules" / ".bin" / binary).is_file():
                return f"could not move the installed {label} into {final}"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final / "node_modules"


def _npm_ci(folder: Path, binary: str = "eslint") -> str:
    """Run ``npm ci --ignore-scripts`` in ``folder``; the reason it failed, or ""."""
    try:
        result = run(["npm", *NPM_CI], folder, env={"npm_config_update_notifier": "false"})
    except ToolError as exc:
        return f"npm ci of the lock file did not finish ({exc.stderr.strip()[:200]})"
    if result.returncode != 0 or not (folder / "node_modules" / ".bin" / binary).is_file():
        return f"npm ci of the lock file failed (exit {result.returncode}: {_why(result.stderr)})"
    return ""


def _why(stderr: str) -> str:
    """npm's first line of explanation (``npm error ...``, ``npm ERR! ...`` before npm 10)."""
    for line in stderr.splitlines():
        text = re.sub(r"^npm (error|ERR!)\s*", "", line).strip()
        if text and not text.startswith("code "):
            return text[:200]
    return "no error message"


def _declares(manifest: Path, name: str) -> bool:
    data = _json(manifest)
    return any(
        isinstance(data.get(key), dict) and name in data[key]
        for key in ("dependencies", "devDependencies")
    )


def _locked_version(lock: Path, name: str = "eslint") -> str:
    """The version of ``name`` the lock pins ("" when it pins none): lockfile v2/v3 or v1."""
    data = _json(lock)
    packages, dependencies = data.get("packages"), data.get("dependencies")
    entry = packages.get(f"node_modules/{name}") if isinstance(packages, dict) else None
    if entry is None and isinstance(dependencies, dict):
        entry = dependencies.get(name)
    version = entry.get("version") if isinstance(entry, dict) else None
    return version if isinstance(version, str) else ""


def _version(manifest: Path) -> str:
    version = _json(manifest).get("version")
    return version if isinstance(version, str) else ""


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
