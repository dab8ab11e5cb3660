"""What a change of a lock file does to the locked packages, in a line a person reads.

A regenerated lock file changes hundreds of lines for a few packages that moved; the
report shows which: ``2 added (idna 3.10, sniffio 1.3.1), 1 removed (six 1.16.0),
1 changed (anyio 4.4.0 → 4.6.2)``, not the diff. Pure: texts in, values out.

Each format is one reader, ``text -> {name: versions}`` (a name may be locked at
several versions: uv forks its resolution by markers, npm nests packages), chosen by
the file's name in :data:`READERS`; a reader returns None when the text is not a lock
of its format. The TOML locks are read with :mod:`tomllib`:

- ``uv.lock``: every ``[[package]]`` with its ``version`` (the project's own entry and a
  package from a path or a Git URL without one count as version ``""``);
- ``poetry.lock``: every ``[[package]]`` with its ``version``.

Python names are compared as PEP 503 normalizes them (``Foo_Bar`` is ``foo-bar``).

npm's ``package-lock.json`` and ``npm-shrinkwrap.json`` are read with :mod:`json`:
lockfileVersion 2 and 3 list each installed package under ``packages`` by its place
(``node_modules/@scope/a``, nested ``node_modules/a/node_modules/b``: the name is what
follows the last ``node_modules/``; the project's own entry ``""`` and its workspace
folders are no locked package, a workspace's link counts as version ``""``);
lockfileVersion 1 nests them under ``dependencies`` (read when there is no
``packages``). npm names are kept as they are: ``left_pad`` and ``left-pad`` are two
packages.
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Locked = dict[str, tuple[str, ...]]  # normalized name -> its locked versions, sorted
Reader = Callable[[str], Locked | None]

ARROW = "\N{RIGHTWARDS ARROW}"
SHOWN = 6  # packages named per group in a summary; the rest are counted
# the lines of a lock's section of a diff that stay (its header, and a summary made already)


@dataclass(frozen=True, slots=True)
class LockDiff:
    """The packages a change of one lock file added, removed and changed (by name)."""

    path: str
    added: tuple[tuple[str, tuple[str, ...]], ...] = ()
    removed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    changed: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()  # (name, old, new)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def moved(self) -> frozenset[str]:
        """Every package name whose locked versions are not what they were."""
        names = [n for n, _ in self.added] + [n for n, _ in self.removed]
        return frozenset(names + [n for n, _, _ in self.changed])


def _toml_packages(text: str) -> Locked | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    packages = data.get("package")
    if not isinstance(packages, list):
        return {} if not data or "version" in data or "metadata" in data else None
    found: dict[str, set[str]] = {}
    for package in packages:
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            continue
        version = package.get("version")
        found.setdefault(normalize(package["name"]), set()).add(
            version if isinstance(version, str) else ""
        )
    return {name: tuple(sorted(versions)) for name, versions in sorted(found.items())}


MODULES = "node_modules/"


def _npm_packages(text: str) -> Locked | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not any(
        key in data for key in ("lockfileVersion", "packages", "dependencies")
    ):
        return None
    found: dict[str, set[str]] = {}
    entries = data.get("packages")
    if isinstance(entries, dict):
        for place, entry in entries.items():
            if not isinstance(place, str) or not isinstance(entry, dict):
                continue
            if not (place.startswith(MODULES) or f"/{MODULES}" in place):
                continue  # the project itself, a workspace's folder
            name = place.rsplit(MODULES, 1)[-1]
            if not name:
                continue
            version = entry.get("version")
            found.setdefault(name, set()).add(version if isinstance(version, str) else "")
    else:
        _npm_v1(data.get("dependencies"), found)
    return {name: tuple(sorted(versions)) for name, versions in sorted(found.items())}


def _npm_v1(dependencies: object, found: dict[str, set[str]]) -> None:
    """lockfileVersion 1's ``dependencies``, each with its own nested ``dependencies``."""
    pending = [dependencies]
    while pending:
        level = pending.pop()
        if not isinstance(level, dict):
            continue
        for name, entry in level.items():
            if not isinstance(name, str) or not isinstance(entry, dict):
                continue
            version = entry.get("version")
            found.setdefault(name, set()).add(version if isinstance(version, str) else "")
            pending.append(entry.get("dependencies"))


# the lock formats by file name; a new format is one reader here
READERS: dict[str, Reader] = {
    "uv.lock": _toml_packages,
    "poetry.lock": _toml_packages,
    "package-lock.json": _npm_packages,
    "npm-shrinkwrap.json": _npm_packages,
}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def is_lock(path: str) -> bool:
    """Whether ``path`` is a lock file whose changes are summarized."""
    return posixpath.basename(path) in READERS


def packages(path: str, text: str) -> Locked | None:
    """The packages a lock file locks; None when it is no lock of the format its name
    says (or no lock file at all)."""
    reader = READERS.get(posixpath.basename(path))
    return reader(text) if reader is not None else None


def lock_diff(path: str, before: str, after: str) -> LockDiff | None:
    """What changed from ``before`` to ``after`` (texts of the lock at ``path``); None
    when either text cannot be read as that lock."""
    old, new = packages(path, before), packages(path, after)
    if old is None or new is None:
        return None
    return compare(path, old, new)


def compare(
    path: str, old: Mapping[str, tuple[str, ...]], new: Mapping[str, tuple[str, ...]]
) -> LockDiff:
    added = tuple((n, new[n]) for n in sorted(new) if n not in old)
    removed = tuple((n, old[n]) for n in sorted(old) if n not in new)
    changed = tuple((n, old[n], new[n]) for n in sorted(new) if n in old and old[n] != new[n])
    return LockDiff(path, added, removed, changed)


def summary(diff: LockDiff) -> str:
    """``uv.lock: 1 added (idna 3.10), 1 changed (anyio 4.4.0 → 4.6.2)``; ``no locked
    package changed`` when only the lock's other fields did."""
    parts = []
    for label, items in (
        ("added", [f"{n} {_versions(v)}".rstrip() for n, v in diff.added]),
        ("removed", [f"{n} {_versions(v)}".rstrip() for n, v in diff.removed]),
        ("changed", [f"{n} {_versions(a)} {ARROW} {_versions(b)}" for n, a, b in diff.changed]),
    ):
        if items:
            shown = ", ".join(items[:SHOWN])
            more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
            parts.append(f"{len(items)} {label} ({shown}{more})")
    return f"{diff.path}: " + (", ".join(parts) if parts else "no locked package changed")


def _versions(versions: tuple[str, ...]) -> str:
    """``1.26.4`` or, for a name locked at several versions, ``1.26.4/2.1.0``."""
    return "/".join(v for v in versions if v)
