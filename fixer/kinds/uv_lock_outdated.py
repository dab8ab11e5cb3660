"""``uv.lock-outdated``: uv refused a ``uv.lock`` that no longer matches the project.

``uv sync --locked``, ``uv run --locked``, ``uv lock --locked`` and ``uv lock --check``
print, in every uv from 0.4 to 0.13 (uv names the file ``uv.lock`` whatever the folder):

- uv 0.6 and later: ``error: The lockfile at `uv.lock` needs to be updated, but
  `--locked` was provided.`` (``--check`` for ``uv lock --check``), then, after a blank
  line, ``hint: To update the lockfile, run `uv lock`.``;
  (wrapped at the terminal's width when there is one);
- uv 0.4 and 0.5: the same sentence and ``To update the lockfile, run `uv lock`.`` on one
  line, always naming ``--locked`` (exit code 2).

uv's version is read from the job's log: setup-uv's ``Successfully installed uv version
0.5.20``, pip's ``Successfully installed uv-0.13.9``, uv's own `` + uv==0.13.9``, pipx's
``installed package uv 0.13.9``, and ``uv --version`` (``uv 0.13.9 (x86_64-...)``).
The parser is hand-written: it reads one fixed sentence, which no library parses from a log.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.diagnose.paths import RepoIndex
from fixer.kinds._lock import VERSION, LockKind, stamp_versions, toml, version_tuple
from fixer.model import Finding

STALE = re.compile(
    r"The lockfile at `(?P<path>[^`]+)` needs to be updated, but `(?P<flag>--[a-z-]+)` was"
    r" provided"
)
UV_VERSIONS = (
    re.compile(r"Successfully installed uv version " + VERSION),  # astral-sh/setup-uv
    re.compile(r"Successfully installed .*?(?<![\w.-])uv-" + VERSION + r"(?![\w.-])"),  # pip
    re.compile(r"^\s*\+ uv==" + VERSION + r"\s*$"),  # uv pip install
    re.compile(r"installed package uv " + VERSION + r"\b"),  # pipx
    re.compile(r"^uv " + VERSION + r"(?: \([^)]*\))?\s*$"),  # uv --version
)
PYPI = ("https://pypi.org/simple", "https://pypi.org/simple/")
# the settings by which a project names its own index (pyproject's [tool.uv], uv.toml)
INDEX_SETTINGS = ("index", "index-url", "extra-index-url", "find-links", "no-index")
REQUIRED = re.compile(r"^\s*==\s*" + VERSION + r"\s*$")


def uv_version(text: str) -> str | None:
    """The uv version a log line names, if any."""
    for pattern in UV_VERSIONS:
        match = pattern.search(text)
        if match:
            return match.group("version")
    return None


class UvLockParser(Parser):
    emits = frozenset({"uv.lock-outdated"})
    rank = 22
    triggers = (
        b"needs to be updated, but `--",
        b"Successfully installed ",
        b"+ uv==",
        b"installed package uv ",
        b"uv 0.",
        b"uv 1.",
    )

    def __init__(self) -> None:
        self._versions: list[tuple[int, str]] = []

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        version = uv_version(text)
        if version is not None:
            self._versions.append((hit.line, version))
            return
        match = STALE.search(text)
        if not match and "needs to be updated, but `--" in text:  # wrapped at the width
            match = STALE.search(" ".join([text.rstrip(), *(t.strip() for t in hit.after(1))]))
        if not match:
            return
        path, flag = match.group("path"), match.group("flag")
        hint = [
            hit.evidence(strip_marker(t), hit.line + n)
            for n, t in enumerate(hit.after(3), start=1)
            if "To update the lockfile" in t
        ][:1]
        extra = tuple(hint) if "To update the lockfile" not in text else ()
        hit.report(
            Finding(
                kind="uv.lock-outdated",
                tool="uv",
                message=f"{path} does not match pyproject.toml: uv refuses it under {flag}",
                path=path,
                raw_path=path,
                fix=f"Run `uv lock` (it keeps every locked version it can) and commit {path}.",
                details={"flag": flag},
                ident=posixpath.basename(path),
            ),
            extra=extra,
        )

    def finish(self, sightings: list[Sighting]) -> None:
        """Each finding gets the uv version shown last before it (else the job's first)."""
        stamp_versions(sightings, self._versions)


class UvLockOutdated(LockKind):
    id = "uv.lock-outdated"
    title = "uv.lock out of date"
    parser = UvLockParser
    recognizes = (
        "``The lockfile at `uv.lock` needs to be updated, but `--locked` was provided``"
        " (`uv sync --locked`, `uv run --locked`, `uv lock --check`; uv 0.4 to 0.13), with"
        " uv's version from the log"
    )
    change = (
        "`uv.lock` written again by `uv lock` at the CI's uv version (from the log: setup-uv,"
        " pip, pipx or `uv --version`; else `required-version`), from the lock's folder with"
        " the project's own index settings; it keeps every locked version it can; only the"
        " lock may change; proven by `uv lock --check`, and the report names the packages"
        " added, removed and changed"
    )
    tool = "uv"
    lock = "uv.lock"

    def check_args(self, version: str) -> list[str]:
        # --check came with uv 0.5 (0.5.0 lacks it); --locked means the same everywhere
        return ["lock", "--check"] if version_tuple(version) >= (0, 6) else ["lock", "--locked"]

    def lock_args(self, version: str) -> list[str]:
        return ["lock"]

    def stale(self, lines: Iterable[str]) -> str | None:
        return next((line for line in lines if STALE.search(line)), None)

    def index_env(self, folder: str, read: RepoIndex, version: str) -> dict[str, str]:
        """The one registry the lock's packages come from, when the project names no index
        of its own: the CI gave it to uv some other way (``UV_DEFAULT_INDEX``,
        ``UV_INDEX_URL``), and ``uv lock`` without it would resolve against PyPI."""
        for name, table in (("uv.toml", ()), ("pyproject.toml", ("tool", "uv"))):
            path = posixpath.join(folder, name) if folder else name
            data = toml(read.read(path)) if path in read.files else {}
            for key in table:
                data = data.get(key, {}) if isinstance(data, dict) else {}
            if isinstance(data, dict) and any(k in data for k in INDEX_SETTINGS):
                return {}
        lock = posixpath.join(folder, self.lock) if folder else self.lock
        packages = toml(read.read(lock) if lock in read.files else None).get("package", [])
        registries = {
            p["source"]["registry"]
            for p in packages
            if isinstance(p, dict)
            and isinstance(p.get("source"), dict)
            and isinstance(p["source"].get("registry"), str)
        }
        if len(registries) != 1 or next(iter(registries)) in PYPI:
            return {}
        url = registries.pop()
        # UV_DEFAULT_INDEX came with uv 0.4.23; UV_INDEX_URL is its older name
        key = "UV_DEFAULT_INDEX" if version_tuple(version) >= (0, 4, 23) else "UV_INDEX_URL"
        return {key: url}

    def repo_version(self, folder: str, read: RepoIndex) -> tuple[str, str] | None:
        """``required-version = "==0.5.31"`` in ``[tool.uv]`` or ``uv.toml``."""
        for name, table in (("uv.toml", ()), ("pyproject.toml", ("tool", "uv"))):
            path = posixpath.join(folder, name) if folder else name
            if path not in read.files:
                continue
            data = toml(read.read(path))
            for key in table:
                data = data.get(key, {}) if isinstance(data, dict) else {}
            required = data.get("required-version") if isinstance(data, dict) else None
            match = REQUIRED.match(required) if isinstance(required, str) else None
            if match:
                return match.group("version"), name
        return None
