"""npm updating a lock file that ``npm ci`` refused, in the worktree, and nothing else.

The npm is the one the CI ran when its log shows it (``npm@X`` installed apart into
``$XDG_CACHE_HOME/fixer/tools/npm-X`` with :func:`fixer.forge.npmtools.ensure`, no script
run), else this machine's ``npm``, and the report says which. Two commands run, both
in the lock's folder of the worktree (where workspaces and the project's ``.npmrc``
are as in CI), never running a package script:

- :func:`relock`: ``npm install --package-lock-only --ignore-scripts --no-audit
  --no-fund``, which rewrites the lock from ``package.json`` and the registry without
  installing anything. It returns the lock's new text and puts the file back as it was
  (the fix layer writes the edit, verifies it and rolls it back as every codemod's);
  any other file npm made or changed (``package.json`` reformatted, a
  ``node_modules``) is undone and the fix is refused (:class:`~fixer.errors.ToolError`);
- :func:`dry_ci`: ``npm ci --dry-run --ignore-scripts``, the proof: it fails with the
  sync error while the lock is stale and exits 0 once npm accepts it.

What changed is read from ``git status`` of the worktree, with ignored and untracked
files, before and after npm.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fixer.errors import ToolError
from fixer.forge.files import restore, snapshot
from fixer.forge.gitcmd import run_git
from fixer.forge.npmtools import NPM_ENV, _npm_error, ensure, ready
from fixer.proc import Result, run

LOCK_ONLY = ("install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund")
DRY_CI = ("ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund")
TIMEOUT = 600


@dataclass(frozen=True, slots=True)
class Npm:
    argv: tuple[str, ...]
    version: str
    from_log: bool  # else this machine's npm, the log naming none (or not installable)

    @property
    def shown(self) -> str:
        where = "the CI's, from the log" if self.from_log else "this machine's: the log names none"
        return f"npm {self.version} ({where})"


def machine_npm() -> Npm | None:
    """This machine's npm, or None when there is none."""
    found = shutil.which("npm")
    if found is None or shutil.which("node") is None:
        return None
    done = run([found, "--version"], Path.cwd(), env=NPM_ENV, timeout=60)
    version = done.stdout.strip()
    return Npm((found,), version, False) if done.returncode == 0 and version else None


def npm_for(version: str | None, root: Path, cache: Path, install: bool) -> Npm | None:
    """The npm ``version`` (installed now when ``install``; :class:`ToolError` when that
    fails), else this machine's; None when none is there (or not installed yet)."""
    if not version:
        return machine_npm()
    mine = machine_npm()
    if mine is not None and mine.version == version:
        return Npm(mine.argv, version, True)
    if install:
        binary = ensure("npm", version, "log", root, cache)
    else:
        found = ready("npm", version, "log", root, cache)
        if found is None:
            return None
        binary = found
    return Npm((str(binary),), version, True)


def relock(root: Path, folder: str, lock: str, npm: Npm, text: str) -> str:
    """The text npm writes to ``lock`` (repo-relative) when it updates it from
    ``package.json`` in ``folder``; the worktree is left as it was. :class:`ToolError`
    when npm fails or touches another file (undone)."""
    argv = [*npm.argv, *LOCK_ONLY]
    saved = snapshot(root, [lock])
    if saved.get(lock) is None:
        raise ToolError(argv, 1, stderr=f"{lock} is not in the worktree")
    if saved[lock] != text.encode("utf-8"):  # the text the fix layer holds now
        (root / lock).write_bytes(text.encode("utf-8"))
    try:
        done, strays = guarded(root, folder, argv, lock)
        if strays:
            raise ToolError(argv, 1, stderr=f"npm changed {strays[0]}, not only {lock}; undone")
        if done.returncode != 0:
            raise ToolError(argv, done.returncode, done.stdout, _npm_error(done.stderr))
        new = (root / lock).read_bytes()
    finally:
        restore(root, saved)
    return new.decode("utf-8")


def dry_ci(root: Path, folder: str, npm: Npm) -> tuple[Result, list[str]]:
    """``npm ci --dry-run --ignore-scripts`` in ``folder`` (repo-relative), and the files
    it changed (undone)."""
    return guarded(root, folder, [*npm.argv, *DRY_CI])


def guarded(
    root: Path, folder: str, argv: list[str], allowed: str = ""
) -> tuple[Result, list[str]]:
    """``argv`` run in ``folder``, and the paths it made or changed other than
    ``allowed``, undone. npm 8 empties ``node_modules`` even in a dry run, and fixer
    links the tool cache's there: it is set aside while npm runs."""
    before = _status(root)
    listed = _contents(root, before)
    with _aside(root / folder):
        done = run(argv, root / folder, env=NPM_ENV, timeout=TIMEOUT)
    after = _status(root)
    strays = {p for p in after.symmetric_difference(before) if p != allowed}
    strays |= {p for p, data in listed.items() if _read(root / p) != data and p != allowed}
    if strays:
        _undo(root, strays, listed)
    return done, sorted(strays)


@contextmanager
def _aside(folder: Path) -> Iterator[None]:
    """``folder/node_modules`` (a link fixer made, or a folder) moved away meanwhile."""
    modules = folder / "node_modules"
    if not (modules.is_symlink() or modules.exists()):
        yield
        return
    away = Path(tempfile.mkdtemp(prefix=".fixer-aside-", dir=folder)) / "node_modules"
    modules.rename(away)
    try:
        yield
    finally:
        if modules.is_symlink():
            modules.unlink()
        elif modules.exists():  # npm made one meanwhile
            shutil.rmtree(modules, ignore_errors=True)
        away.rename(modules)
        away.parent.rmdir()


def npm_said(done: Result) -> str:
    """npm's explanation of a failure, on one line."""
    return " ".join(_npm_error(done.stderr or done.stdout).split())[:400]


def _status(root: Path) -> frozenset[str]:
    """Every path ``git status`` shows (changed, untracked, ignored), as ``XY path``
    entries' paths."""
    done = run_git(root, "status", "--porcelain=v1", "-z", "--ignored", "--untracked-files=normal")
    entries = [e for e in done.stdout.decode("utf-8", "surrogateescape").split("\0") if e]
    return frozenset(e[3:] for e in entries if len(e) > 3)


def _contents(root: Path, paths: frozenset[str]) -> dict[str, bytes | None]:
    """The bytes of the files ``git status`` listed already (a change npm makes to one
    of them shows in no status)."""
    return {p: _read(root / p) for p in paths if not p.endswith("/")}


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _undo(root: Path, strays: set[str], listed: dict[str, bytes | None]) -> None:
    """Put back what npm made or changed: a file listed before as it was then, another
    tracked file from the index, a new one removed."""
    restore(root, {p: listed[p] for p in strays if listed.get(p) is not None})
    rest = sorted(p for p in strays if listed.get(p) is None)
    if not rest:
        return
    tracked = run_git(root, "ls-files", "-z", "--", *rest).stdout.decode("utf-8", "surrogateescape")
    known = [p for p in tracked.split("\0") if p]
    if known:
        run_git(root, "checkout", "--", *known)
    for path in rest:
        target = root / path.rstrip("/")
        if path in known or path in listed:
            continue
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
