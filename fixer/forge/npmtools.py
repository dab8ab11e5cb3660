"""A JS formatter the CI ran (prettier), at the version it ran, installed apart with npm.

Where the version was read decides what is installed:

- a lock file (``package-lock.json`` or ``npm-shrinkwrap.json``) that pins the tool:
  exactly the project's locked set, with ``npm ci --ignore-scripts`` of a copy of the
  lock and ``package.json`` (the only two files copied; no project script runs), into
  ``$XDG_CACHE_HOME/fixer/tools/npm-<hash of both>``, so that the plugins the project's
  configuration names load as in CI. Its ``node_modules`` is linked into the worktree's
  package folder (a fresh worktree has none), as for the locked ESLint;
- the log or a pre-commit hook's ``rev``: the tool alone at that version
  (``npm install --ignore-scripts tool@version``) into ``.../tools/<tool>-<version>``.

Both are built under a temporary name and renamed into place, so an interrupted or
concurrent install never leaves a half-made entry; a later run reuses it and installs
nothing. npm is the installer here because it is the one that reads the project's lock
exactly as its CI did (``npm ci``); uv installs the Python tools.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path

from fixer.errors import ToolError
from fixer.proc import run

LOCKS = ("npm-shrinkwrap.json", "package-lock.json")
QUIET = ("--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
NPM_ENV = {"npm_config_update_notifier": "false", "npm_config_progress": "false"}
INSTALL_TIMEOUT = 600


def locked_source(source: str) -> bool:
    """Whether a version read from ``source`` comes from an npm lock file."""
    return posixpath.basename(source) in LOCKS


def ready(tool: str, version: str, source: str, root: Path, cache: Path) -> Path | None:
    """The tool's executable when it is installed already (and linked into ``root``)."""
    home = _home(tool, version, source, root, cache)
    if home is None:
        return None
    binary = home / "node_modules" / ".bin" / tool
    if not ((home / ".complete").is_file() and binary.exists()):
        return None
    if locked_source(source):
        _link(root / posixpath.dirname(source), home / "node_modules")
    return binary


def ensure(tool: str, version: str, source: str, root: Path, cache: Path) -> Path:
    """The tool's executable, installed now if needed; :class:`ToolError` when npm is
    missing or the install fails (a lock out of sync, a version that does not exist)."""
    found = ready(tool, version, source, root, cache)
    if found is not None:
        return found
    home = _home(tool, version, source, root, cache)
    if home is None:
        raise ToolError((tool,), 1, stderr=f"{source} is not a file of the repository")
    for needed in ("node", "npm"):
        if shutil.which(needed) is None:
            raise ToolError((needed,), 127, stderr=f"{needed}: command not found")
    home.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{home.name}-", dir=home.parent))
    try:
        if locked_source(source):
            folder = root / posixpath.dirname(source)
            shutil.copyfile(folder / "package.json", building / "package.json")
            shutil.copyfile(root / source, building / posixpath.basename(source))
            argv = ["npm", "ci", *QUIET]
        else:
            (building / "package.json").write_text('{"private": true}\n')
            argv = ["npm", "install", *QUIET, "--no-package-lock", f"{tool}@{version}"]
        done = run(argv, building, env=NPM_ENV, timeout=INSTALL_TIMEOUT)
        if done.returncode != 0:
            raise ToolError(argv, done.returncode, done.stdout, _npm_error(done.stderr))
        got = _version(building / "node_modules" / tool / "package.json")
        if got != version:
            why = f"the install holds {tool} {got or 'nothing'}, not {version}"
            raise ToolError(argv, 1, stderr=why)
        (building / ".complete").write_text(f"{tool}@{version}\n")
        try:
            building.rename(home)
        except OSError:  # another run put it in place first
            if not (home / ".complete").is_file():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    found = ready(tool, version, source, root, cache)
    if found is None:
        raise ToolError(("npm",), 1, stderr=f"{home} was not made")
    return found


def _home(tool: str, version: str, source: str, root: Path, cache: Path) -> Path | None:
    if not locked_source(source):
        return cache / "tools" / re.sub(r"[^A-Za-z0-9._-]", "_", f"{tool}-{version}")
    lock, manifest = root / source, root / posixpath.dirname(source) / "package.json"
    if not (lock.is_file() and manifest.is_file()):
        return None
    digest = hashlib.sha256(lock.read_bytes() + b"\0" + manifest.read_bytes()).hexdigest()
    return cache / "tools" / f"npm-{digest[:24]}"


def _link(folder: Path, modules: Path) -> None:
    """The installed set as the package folder's ``node_modules`` (when it has none)."""
    target = folder / "node_modules"
    if folder.is_dir() and not target.exists() and not target.is_symlink():
        os.symlink(modules, target)


def _npm_error(stderr: str) -> str:
    """npm's lines of explanation (``npm error ...``; ``npm ERR! ...`` before npm 10)."""
    lines = [re.sub(r"^npm (error|ERR!)\s*", "", line).rstrip() for line in stderr.splitlines()]
    kept = [line for line in lines if line and not line.startswith(("code ", "A complete log"))]
    return "\n".join(kept[:6]) or stderr


def _version(manifest: Path) -> str:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else ""
