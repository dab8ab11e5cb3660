"""Which ESLint judges a changed file, and why none does when none can (real npm)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fixer.forge.tools import cache_root
from fixer.verify.eslint_install import find_eslint

NODE = Path(__file__).resolve().parents[1] / "node"
LOCKED = Path(__file__).resolve().parents[2] / "fixtures" / "logs" / "eslint-locked" / "project"


def package(
    root: Path, folder: str, source: Path = LOCKED, lock: str = "package-lock.json"
) -> Path:
    """``folder`` of ``root`` holding ``source``'s package.json and lock (as ``lock``)."""
    here = root / folder
    (here / "src").mkdir(parents=True)
    shutil.copyfile(source / "package.json", here / "package.json")
    shutil.copyfile(source / "package-lock.json", here / lock)
    return here


def test_cache_root_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "fixer"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # the XDG spec says: ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "fixer"


@pytest.mark.skipif(not (NODE / "node_modules" / ".bin" / "eslint").is_file(), reason="npm ci")
def test_the_users_node_modules_when_it_holds_the_locked_eslint(tmp_path: Path) -> None:
    here = package(tmp_path / "repo", "web", source=NODE)
    (here / "node_modules").symlink_to(NODE / "node_modules")
    found = find_eslint(tmp_path / "repo", "web/src/a.js", tmp_path / "cache")
    assert not isinstance(found, str), found
    assert (found.package, found.source) == ("web", "the repository's node_modules")
    assert found.node_modules == here / "node_modules"
    assert not (tmp_path / "cache").exists()  # nothing installed


def test_a_node_modules_with_another_eslint_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = package(tmp_path / "repo", "", lock="npm-shrinkwrap.json")
    lock = json.loads((here / "npm-shrinkwrap.json").read_text())
    lock["packages"]["node_modules/eslint"]["version"] = "9.0.0"
    (here / "npm-shrinkwrap.json").write_text(json.dumps(lock))
    (here / "node_modules").symlink_to(NODE / "node_modules")  # holds ESLint 9.39.5
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    found = find_eslint(tmp_path / "repo", "src/a.js", tmp_path / "cache")
    assert found == "node is not installed, so the locked ESLint cannot be installed"


@pytest.mark.skipif(shutil.which("npm") is None, reason="needs npm")
def test_a_failing_npm_ci_is_the_reason(tmp_path: Path) -> None:
    here = package(tmp_path / "repo", "frontend")
    manifest = json.loads((here / "package.json").read_text())
    manifest["devDependencies"]["globals"] = "^15.0.0"  # out of sync with the lock
    (here / "package.json").write_text(json.dumps(manifest))
    found = find_eslint(tmp_path / "repo", "frontend/src/a.js", tmp_path / "cache")
    assert isinstance(found, str) and found.startswith("npm ci of the lock file failed (exit 1:")
    assert "in sync" in found
    assert list((tmp_path / "cache" / "eslint").iterdir()) == []  # the attempt is cleaned up


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        pytest.param(
            lambda here: (here / "package-lock.json").unlink(),
            "frontend/package.json declares eslint but no package-lock.json or"
            " npm-shrinkwrap.json pins it",
            id="no-lock",
        ),
        pytest.param(
            lambda here: (here / "package-lock.json").write_text('{"lockfileVersion": 3}'),
            "package-lock.json beside frontend/package.json does not pin eslint",
            id="lock-without-eslint",
        ),
        pytest.param(
            lambda here: (here / "package.json").write_text('{"devDependencies": {"vite": "6"}}'),
            "no package.json up to the repository root declares eslint",
            id="eslint-not-declared",
        ),
    ],
)
def test_reasons_without_installing(tmp_path: Path, edit: object, reason: str) -> None:
    here = package(tmp_path / "repo", "frontend")
    edit(here)  # type: ignore[operator]
    assert find_eslint(tmp_path / "repo", "frontend/src/a.js", tmp_path / "cache") == reason
    assert not (tmp_path / "cache").exists()
