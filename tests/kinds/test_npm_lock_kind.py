"""npm.lock-out-of-sync names the lock of the folder npm ci ran in, and no other."""

from __future__ import annotations

from fixer.diagnose.paths import RepoIndex
from fixer.kinds import kind_of
from fixer.model import Finding

KIND = kind_of("npm.lock-out-of-sync")
FOUND = Finding(
    kind="npm.lock-out-of-sync",
    tool="npm",
    message="",
    path="package-lock.json",
    raw_path="package-lock.json",
    details={"packages": "left-pad"},
)


def _located(dirs: list[str], files: set[str]) -> Finding:
    return KIND.locate(FOUND, dirs, RepoIndex(frozenset(files)))


def test_the_step_folders_lock() -> None:
    found = _located(["frontend", ""], {"frontend/package-lock.json", "package-lock.json"})
    assert (found.path, found.resolved, KIND.fixable(found)) == (
        "frontend/package-lock.json",
        True,
        True,
    )
    assert KIND.targets(found, ["frontend/package-lock.json"]) == ("frontend/package-lock.json",)


def test_npm_shrinkwrap_json_first_as_npm_reads_it() -> None:
    found = _located(["web", ""], {"web/package-lock.json", "web/npm-shrinkwrap.json"})
    assert (found.path, found.raw_path) == ("web/npm-shrinkwrap.json", "npm-shrinkwrap.json")


def test_a_workspace_folder_uses_the_roots_lock() -> None:
    found = _located(["packages/ui", ""], {"package-lock.json", "packages/ui/package.json"})
    assert found.path == "package-lock.json" and found.resolved


def test_a_lock_elsewhere_is_not_taken() -> None:
    found = _located([""], {"other/package-lock.json"})
    assert not found.resolved and not KIND.fixable(found)
    assert found.details["unresolved"] == "no lock file in the step's folder"
    assert KIND.targets(found, ["other/package-lock.json"]) == ()
