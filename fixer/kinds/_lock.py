"""What the kinds of a stale lock file share (``uv.lock``, ``poetry.lock``). Pure.

The CI refused a lock that no longer matches the project's ``pyproject.toml`` (``uv sync
--locked``, ``poetry install``). The fix is the lock made again by the tool that wrote
it, at the version the CI ran, in the scratch worktree (:mod:`fixer.forge.relock`):
``uv lock`` and Poetry 2's ``poetry lock`` keep every locked version they can (Poetry 1's
with ``--no-update``). Only the lock may change. The proof is the tool's own read-only
check of the lock (``uv lock --check``, ``poetry check --lock``), which must report the
lock stale on the untouched tree and no more after it (:mod:`fixer.verify.lock_checks`);
the CI's own command is not re-run, since it installs.

The version: from the log (an installer's line, a setup action's, the tool's banner),
else what the repository pins (:func:`fixer.forge.tools.pinned`, and each kind's own
place: uv's ``required-version``, the Poetry that wrote ``poetry.lock``); else nothing is
changed, since a lock's format and its resolution change between versions.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from fixer.contract import Sighting
from fixer.diagnose.paths import RepoIndex, clean, resolve_path
from fixer.kinds.base import Kind
from fixer.model import Finding

VERSION = r"(?P<version>\d+(?:\.\d+)+(?:(?:a|b|rc|\.post|\.dev)\d+)?)"


def toml(text: str | None) -> dict[str, Any]:
    """The TOML document, or nothing when it is absent or does not parse."""
    try:
        return tomllib.loads(text) if text is not None else {}
    except tomllib.TOMLDecodeError:
        return {}


def version_tuple(text: str) -> tuple[int, ...]:
    """``(0, 13, 9)`` for ``0.13.9`` (its leading numbers)."""
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def stamp_versions(sightings: list[Sighting], versions: Sequence[tuple[int, str]]) -> None:
    """Each finding gets the tool's version shown last before it (else the job's first) as
    ``details.tool_version``; ``versions`` are (line, version) as the log shows them."""
    if not versions:
        return
    for sighting in sightings:
        line = sighting.finding.evidence[0].line if sighting.finding.evidence else 0
        shown = [v for at, v in versions if at < line] or [versions[0][1]]
        finding = sighting.finding
        details = {**finding.details, "tool_version": shown[-1]}
        sighting.finding = replace(finding, details=details)


class LockKind(Kind):
    """A stale lock file, fixed and proven by the tool that wrote it."""

    tool: ClassVar[str]  # the package installed to run it, and its command
    lock: ClassVar[str]  # the lock file's name
    codemods = ("fixer.codemods.lock.regenerate:RegenerateLock",)
    facts = frozenset({"relock"})
    verifier = "lock"
    precondition = "lock"
    topic = "build"

    @property
    def prover(self) -> str:
        return self.tool

    def check_args(self, version: str) -> list[str]:
        """The tool's read-only check that the lock matches the project."""
        raise NotImplementedError

    def lock_args(self, version: str) -> list[str]:
        """The tool's command that writes the lock again, keeping what it can."""
        raise NotImplementedError

    def stale(self, lines: Iterable[str]) -> str | None:
        """The line of the check's output that says the lock is stale, if any."""
        raise NotImplementedError

    def repo_version(self, folder: str, read: RepoIndex) -> tuple[str, str] | None:
        """(version, file) the repository pins for the tool beyond the common places."""
        return None

    def index_env(self, folder: str, read: RepoIndex, version: str) -> dict[str, str]:
        """The environment that gives the tool the project's package index when the
        project's configuration does not name it (the lock says which it was)."""
        return {}

    def subject(self, findings: Sequence[Finding]) -> str:
        paths = sorted({f.path or self.lock for f in findings})
        where = paths[0] if len(paths) == 1 else f"{len(paths)} lock files"
        return f"regenerate {where} with {self.tool} lock"

    def cause(self, finding: Finding) -> tuple[object, ...]:
        return (finding.kind, finding.path or finding.raw_path)

    def targets(self, finding: Finding, files: Sequence[str]) -> tuple[str, ...]:
        if finding.path and finding.resolved and finding.path in files:
            return (finding.path,)
        return ()

    def likely_place(self, finding: Finding) -> str | None:
        if finding.resolved:
            return None
        base = project_dirs(finding.workdir, finding.command)[0]
        return clean(f"{base}/{self.lock}") if base else self.lock

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """The lock of the project the step's command ran on: a ``--directory`` or
        ``--project`` of the command, the step's folder, then the folders above it (the
        tool looks for its project upwards)."""
        tried = [*project_dirs(finding.workdir, finding.command), *dirs]
        for base in list(tried):
            while base:
                base = posixpath.dirname(base)
                tried.append(base)
        path = resolve_path(self.lock, list(dict.fromkeys(tried)), index)
        if path is None or posixpath.basename(path) != self.lock:
            why = f"no {self.lock} in the step's directory or above it"
            return replace(finding, resolved=False, details={**finding.details, "unresolved": why})
        return replace(finding, path=path, resolved=True)


# ``uv --directory backend sync``, ``poetry -C backend install``, ``--project=backend``
DIRECTORY = re.compile(r"(?:^|\s)(?:--directory|--project|-C)(?:=|\s+)(?P<dir>[^\s;&|]+)")
CD = re.compile(r"(?:^|[;&|]\s*|\n\s*)cd\s+(?P<dir>[^\s;&|]+)")


def project_dirs(workdir: str | None, command: str | None) -> list[str]:
    """The folders the tool's project is in, most specific first."""
    base = clean(workdir) if workdir else ""
    base = base or ""
    found: list[str] = []
    text = command or ""
    for match in CD.finditer(text):
        joined = clean(posixpath.join(base, match.group("dir").strip("'\"")))
        if joined is not None:
            base = joined
    for match in DIRECTORY.finditer(text):
        joined = clean(posixpath.join(base, match.group("dir").strip("'\"")))
        if joined is not None:
            found.append(joined)
    found.append(base)
    return list(dict.fromkeys(found))
