"""Stale lock files are written again by the tool that wrote them, at the CI's version,
and proven by the tool's own check of the lock.

Each repository is a real git repository of our own whose ``pyproject.toml`` gained a
dependency after its lock was made, against tests/support's package index (real wheels):
the lock is made by the real uv (installed with uv into the session's tool cache), the
CI's log by really running the CI's command, in GitHub's format.
"""

from __future__ import annotations

import subprocess
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.forge.tools import Pinned
from fixer.report import fix as fix_report
from tests.support.pypi_index import IndexServer, _listings, serve_index, wheels
from tests.support.tools import ci_run, tool
from tests.test_fix_safety import git

UV = Pinned("uv", "0.13.9", "tests")
RELEASES = {"acme-http": [("1.0.0", [])], "acme-json": [("2.0.0", []), ("2.1.0", [])]}
WORKFLOW = """\
on: [push]
jobs:
  build:
    steps:
      - uses: actions/checkout@v4
      - name: Install dependencies
        run: uv sync --locked
"""


@pytest.fixture
def index() -> Iterator[IndexServer]:
    with serve_index(wheels(RELEASES), form="html") as server:
        yield server


def pyproject(index: IndexServer, dependencies: list[str], extra: str = "") -> str:
    deps = ", ".join(f'"{d}"' for d in dependencies)
    version = 'dynamic = ["version"]' if "build-backend" in extra else 'version = "0.1.0"'
    return (
        textwrap.dedent(
            f"""\
            [project]
            name = "feeds"
            {version}
            requires-python = ">=3.11"
            dependencies = [{deps}]

            [[tool.uv.index]]
            name = "internal"
            url = "{index.url.rstrip("/")}"
            default = true
            """
        )
        + extra
    )


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)


def stale_repo(
    root: Path,
    index: IndexServer,
    files: dict[str, str],
    extra: str = "",
    committed: dict[str, str] | None = None,
    pin: Pinned = UV,
) -> Path:
    """A repository locked with acme-http>=1 (1.0.0, the only release then), whose
    pyproject then gained acme-json>=2 without a new lock; acme-http 1.1.0 came out since."""
    uv = tool(pin)
    repo = root / "repo"
    contents = {
        ".github/workflows/ci.yml": WORKFLOW,
        ".gitignore": ".venv/\n",
        "pyproject.toml": pyproject(index, ["acme-http>=1"], extra),
        **files,
    }
    for rel, text in contents.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    locked = run([*uv, "lock"], repo)
    assert locked.returncode == 0, locked.stderr
    for rel, text in (committed or {}).items():  # as the commit has them after the lock
        (repo / rel).write_text(text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    newer = wheels({"acme-http": [("1.0.0", []), ("1.1.0", [])]})
    index.projects["acme-http"] = _listings("acme-http", newer["acme-http"])
    (repo / "pyproject.toml").write_text(pyproject(index, ["acme-http>=1", "acme-json>=2"], extra))
    git(repo, "commit", "-q", "-am", "parse feeds with acme-json")
    return repo


def ci(root: Path, repo: Path, pin: Pinned = UV) -> Path:
    uv = tool(pin)
    return ci_run(
        root,
        repo,
        [
            ("Show uv", "uv --version", [*uv, "--version"]),
            ("Install dependencies", "uv sync --locked", [*uv, "sync", "--locked"]),
        ],
        job="build",
    )


def locked(text: str) -> dict[str, str]:
    return {p["name"]: p.get("version", "") for p in tomllib.loads(text)["package"]}


@pytest.fixture
def fixed(tmp_path: Path, tool_cache: Path, index: IndexServer) -> tuple[Path, FixResult]:
    repo = stale_repo(tmp_path, index, {"feeds/__init__.py": ""})
    logs = ci(tmp_path, repo)
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_the_log_names_the_lock_and_uvs_version(fixed: tuple[Path, FixResult]) -> None:
    _, result = fixed
    (finding,) = result.diagnosis.findings
    assert finding.kind == "uv.lock-outdated", [e.text for e in finding.evidence]
    assert (finding.kind, finding.path, finding.resolved) == ("uv.lock-outdated", "uv.lock", True)
    assert finding.details == {"flag": "--locked", "tool_version": "0.13.9"}
    assert finding.fixable


def test_uv_lock_regenerates_the_lock_and_keeps_the_locked_versions(
    fixed: tuple[Path, FixResult],
) -> None:
    repo, result = fixed
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert result.commit
    changed = git(repo, "diff", "--name-only", f"{result.commit}^", result.commit)
    assert changed.splitlines() == ["uv.lock"]
    after = locked(git(repo, "show", f"{result.commit}:uv.lock"))
    # acme-json joins at its newest release; acme-http stays at 1.0.0 although 1.1.0 is out
    assert after == {"feeds": "0.1.0", "acme-http": "1.0.0", "acme-json": "2.1.0"}
    check = next(v for v in outcome.verifications if v.errors_before == 1)
    assert check.command == ("uv", "lock", "--check")
    assert check.ran and check.ok and check.errors_after == 0
    assert "made and checked with uv 0.13.9 (from the log)" in outcome.notes
    assert fix_report.lock_summaries(outcome) == ["uv.lock: 1 added (acme-json 2.1.0)"]
    assert "  uv.lock: 1 added (acme-json 2.1.0)" in result.message.splitlines()


def test_the_fixed_commit_passes_uvs_check(fixed: tuple[Path, FixResult], tmp_path: Path) -> None:
    repo, result = fixed
    assert result.commit
    clone = tmp_path / "clone"
    git(repo, "worktree", "add", "-q", str(clone), result.commit)
    uv = tool(UV)
    assert run([*uv, "lock", "--check"], clone).returncode == 0
    assert run([*uv, "lock", "--check"], repo).returncode != 0  # the user's tree: untouched
    assert git(repo, "status", "--porcelain") == ""


def test_the_report_summarizes_the_lock_instead_of_its_diff(
    fixed: tuple[Path, FixResult],
) -> None:
    _, result = fixed
    assert '+name = "acme-json"' in result.diff  # the JSON keeps the whole diff
    text = fix_report.to_text(result, diff=fix_report.shown_diff(result))
    assert "uv.lock: 1 added (acme-json 2.1.0)" in text
    assert 'name = "acme-json"' not in text
    markdown = fix_report.to_markdown(result, ["logs"])
    assert "uv.lock: 1 added (acme-json 2.1.0)" in markdown
    assert 'name = "acme-json"' not in markdown


def test_no_uv_version_is_reported_not_guessed(
    tmp_path: Path, tool_cache: Path, index: IndexServer
) -> None:
    repo = stale_repo(tmp_path, index, {"feeds/__init__.py": ""})
    uv = tool(UV)
    logs = ci_run(
        tmp_path, repo, [("Install", "uv sync --locked", [*uv, "sync", "--locked"])], job="build"
    )
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert outcome.reason.startswith("no version of uv is named by the log or the repository")
    assert result.commit is None and result.diff == ""


# an in-tree build backend that writes the package's version file whenever uv asks it for
# the project's metadata, as setuptools-scm does
BACKEND = """\
import os
import tomllib


def _metadata(directory):
    with open("pyproject.toml", "rb") as f:
        requires = tomllib.load(f)["project"].get("dependencies", [])
    info = os.path.join(directory, "feeds-0.1.0.dist-info")
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\\nName: feeds\\nVersion: 0.1.0\\n")
        f.writelines(f"Requires-Dist: {r}\\n" for r in requires)
    with open(os.path.join("feeds", "_version.py"), "w") as f:
        f.write('version = "0.1.0"\\n')
    return os.path.basename(info)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _metadata(metadata_directory)


def get_requires_for_build_editable(config_settings=None):
    return []
"""
BUILD = '[build-system]\nrequires = []\nbuild-backend = "stamp"\nbackend-path = ["tools"]\n'


def test_a_tool_that_changes_another_file_is_rolled_back(
    tmp_path: Path, tool_cache: Path, index: IndexServer
) -> None:
    old = {"feeds/_version.py": 'version = "0.0.0"\n'}
    files = {"feeds/__init__.py": "", "tools/stamp.py": BACKEND, **old}
    repo = stale_repo(tmp_path, index, files, "\n" + BUILD, committed=old)
    logs = ci(tmp_path, repo)
    git(repo, "checkout", "-q", "--", "feeds/_version.py")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status in ("skipped", "failed")
    assert "feeds/_version.py" in outcome.reason and "rolled back" in outcome.reason
    assert result.commit is None and result.diff == ""
    assert (repo / "feeds" / "_version.py").read_text() == 'version = "0.0.0"\n'


POETRY_PROJECT = """\
[tool.poetry]
name = "backend"
version = "0.1.0"
description = "Feeds backend"
authors = ["Dev <dev@example.com>"]
package-mode = false

[tool.poetry.dependencies]
python = "^3.11"
acme-http = ">=1"
{added}
[[tool.poetry.source]]
name = "internal"
url = "{url}"
priority = "primary"
"""


@pytest.mark.parametrize(
    ("version", "lock", "command"),
    [
        ("1.8.5", ["lock", "--no-update"], ["install", "--no-root"]),
        ("2.5.1", ["lock"], ["check", "--lock"]),
    ],
)
def test_poetry_lock_regenerates_the_lock_with_the_cis_poetry(
    tmp_path: Path,
    tool_cache: Path,
    index: IndexServer,
    monkeypatch: pytest.MonkeyPatch,
    version: str,
    lock: list[str],
    command: list[str],
) -> None:
    for name in ("POETRY_CACHE_DIR", "POETRY_CONFIG_DIR", "POETRY_VIRTUALENVS_PATH"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    poetry = tool(Pinned("poetry", version, "tests"))
    repo = tmp_path / "repo"
    backend = repo / "backend"
    backend.mkdir(parents=True)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text(
        "on: [push]\njobs:\n  backend:\n    defaults:\n      run:\n        working-directory:"
        f" backend\n    steps:\n      - name: Install\n        run: poetry {' '.join(command)}\n"
    )
    (backend / "pyproject.toml").write_text(POETRY_PROJECT.format(added="", url=index.url))
    made = run([*poetry, *lock, "--no-interaction"], backend)
    assert made.returncode == 0, made.stdout + made.stderr
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    newer = wheels({"acme-http": [("1.0.0", []), ("1.1.0", [])]})
    index.projects["acme-http"] = _listings("acme-http", newer["acme-http"])
    added = 'acme-json = ">=2"\n'
    (backend / "pyproject.toml").write_text(POETRY_PROJECT.format(added=added, url=index.url))
    git(repo, "commit", "-q", "-am", "parse feeds with acme-json")
    logs = ci_run(
        tmp_path,
        backend,
        [
            ("Show Poetry", "poetry --version", [*poetry, "--version"]),
            ("Install", f"poetry {' '.join(command)}", [*poetry, *command, "--no-interaction"]),
        ],
        job="backend",
    )
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (finding,) = result.diagnosis.findings
    assert (finding.kind, finding.path) == ("poetry.lock-outdated", "backend/poetry.lock")
    assert finding.details["tool_version"] == version
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert result.commit
    changed = git(repo, "diff", "--name-only", f"{result.commit}^", result.commit)
    assert changed.splitlines() == ["backend/poetry.lock"]
    after = git(repo, "show", f"{result.commit}:backend/poetry.lock")
    assert after.startswith(f"# This file is automatically @generated by Poetry {version} ")
    # acme-http stays at 1.0.0 although 1.1.0 is out; acme-json joins at its newest
    assert locked(after) == {"acme-http": "1.0.0", "acme-json": "2.1.0"}
    check = next(v for v in outcome.verifications if v.errors_before == 1)
    assert check.command == ("poetry", "check", "--lock", "--no-interaction")
    assert check.ok and check.cwd == "backend"
    assert f"made and checked with poetry {version} (from the log)" in outcome.notes
    summaries = fix_report.lock_summaries(outcome)
    assert summaries == ["backend/poetry.lock: 1 added (acme-json 2.1.0)"]
    clone = tmp_path / "clone"
    git(repo, "worktree", "add", "-q", str(clone), result.commit)
    proof = run([*poetry, "check", "--lock", "--no-interaction"], clone / "backend")
    assert proof.returncode == 0, proof.stdout + proof.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_poetrys_version_comes_from_the_locks_header_when_the_log_shows_none(
    tmp_path: Path, tool_cache: Path, index: IndexServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("POETRY_CACHE_DIR", "POETRY_CONFIG_DIR", "POETRY_VIRTUALENVS_PATH"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    poetry = tool(Pinned("poetry", "2.5.1", "tests"))
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(POETRY_PROJECT.format(added="", url=index.url))
    assert run([*poetry, "lock", "--no-interaction"], repo).returncode == 0
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    added = 'acme-json = ">=2"\n'
    (repo / "pyproject.toml").write_text(POETRY_PROJECT.format(added=added, url=index.url))
    git(repo, "commit", "-q", "-am", "acme-json")
    logs = ci_run(tmp_path, repo, [("Install", "poetry install", [*poetry, "install"])], "backend")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert "made and checked with poetry 2.5.1 (from poetry.lock's header)" in outcome.notes


def test_the_index_the_lock_records_is_used_when_the_project_names_none(
    tmp_path: Path, tool_cache: Path, index: IndexServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    uv = tool(UV)
    # the CI gave uv its index through the environment; the project names none
    monkeypatch.setenv("UV_DEFAULT_INDEX", index.url)
    repo = tmp_path / "repo"
    repo.mkdir()
    plain = '[project]\nname = "feeds"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
    (repo / "pyproject.toml").write_text(plain + 'dependencies = ["acme-http>=1"]\n')
    assert run([*uv, "lock"], repo).returncode == 0
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    deps = 'dependencies = ["acme-http>=1", "acme-json>=2"]\n'
    (repo / "pyproject.toml").write_text(plain + deps)
    git(repo, "commit", "-q", "-am", "acme-json")
    logs = ci(tmp_path, repo)
    monkeypatch.delenv("UV_DEFAULT_INDEX")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert result.commit
    after = tomllib.loads(git(repo, "show", f"{result.commit}:uv.lock"))
    sources = {p["name"]: p["source"] for p in after["package"]}
    # every package comes from the index the CI used, as the lock said, not from PyPI
    assert {s["registry"].rstrip("/") for n, s in sources.items() if n != "feeds"} == {
        index.url.rstrip("/")
    }


def test_a_lock_that_the_commit_has_current_is_left_alone(
    tmp_path: Path, tool_cache: Path, index: IndexServer
) -> None:
    repo = stale_repo(tmp_path, index, {"feeds/__init__.py": ""})
    logs = ci(tmp_path, repo)  # the CI saw the stale lock ...
    assert run([*tool(UV), "lock"], repo).returncode == 0  # ... the commit fixer gets has it fixed
    git(repo, "commit", "-q", "-am", "lock acme-json")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert "does not report it out of date" in outcome.reason
    assert "the failure does not reproduce" in outcome.reason
    assert result.commit is None and result.diff == ""


def test_uv_05_locks_and_checks_with_its_own_commands(
    tmp_path: Path, tool_cache: Path, index: IndexServer
) -> None:
    old = Pinned("uv", "0.5.31", "tests")
    repo = stale_repo(tmp_path, index, {"feeds/__init__.py": ""}, pin=old)
    logs = ci(tmp_path, repo, old)  # uv 0.5 exits 2 on a stale lock
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    check = next(v for v in outcome.verifications if v.errors_before == 1)
    assert check.command == ("uv", "lock", "--locked")  # uv 0.5.0 has no --check
    assert fix_report.lock_summaries(outcome) == ["uv.lock: 1 added (acme-json 2.1.0)"]
    assert result.commit
    text = git(repo, "show", f"{result.commit}:uv.lock")
    assert "revision" not in text.split("[[package]]")[0]  # uv 0.5.31's own format
