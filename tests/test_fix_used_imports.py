"""Imports that ruff calls unused (F401) but that the project uses: `fixer fix` keeps them.

One small repository holds each way a name is used from outside its module (a
re-export, a relative import, ``import pkg.m as m; m.name``, a fixture imported into
a test module and into ``conftest.py``) next to an import that really is unused. Its
CI log is real ruff output. The test proves both sides with the real tools: removing
every reported import, as ``ruff --fix`` does, breaks pytest and the importers, while
fixer's fix removes only the unused one and the tests still pass.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from tests.test_fix_safety import ci_log, git, make_repo

FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n\n[tool.pytest.ini_options]\n'
    'testpaths = ["tests"]\n',
    "app/__init__.py": "",
    "app/core.py": """\
        class Engine:
            pass


        class Plugin:
            pass


        DEFAULTS = {"debug": False}
        """,
    # re-exported: app/cli.py imports Engine from here
    "app/api.py": "from app.core import Engine\n",
    "app/cli.py": "from app.api import Engine\n\nENGINE = Engine()\n",
    # relative import: app/loader.py does `from .registry import Plugin`
    "app/registry.py": "from .core import Plugin\n",
    "app/loader.py": "from .registry import Plugin\n\nPLUGINS = [Plugin]\n",
    # attribute use through an aliased dotted import
    "app/settings.py": "from app.core import DEFAULTS\n",
    "app/boot.py": "import app.settings as s\n\nDEBUG = s.DEFAULTS['debug']\n",
    # the control: really unused
    "app/paths.py": "import os\nimport sys\n\n\ndef argv0() -> str:\n    return sys.argv[0]\n",
    "tests/__init__.py": "",
    "tests/fixtures.py": """\
        import pytest


        @pytest.fixture
        def app_client() -> str:
            return "client"


        @pytest.fixture
        def db() -> dict[str, int]:
            return {}
        """,
    # a fixture imported into conftest.py serves every test below it
    "tests/conftest.py": "from tests.fixtures import db\n",
    # a fixture imported into a test module and used as a parameter
    "tests/test_api.py": """\
        from app.cli import ENGINE
        from app.boot import DEBUG
        from app.loader import PLUGINS
        from tests.fixtures import app_client


        def test_client(app_client: str) -> None:
            assert app_client == "client" and ENGINE and PLUGINS and not DEBUG


        def test_db(db: dict[str, int]) -> None:
            assert db == {}
        """,
}
RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401", "."]
NAMES = {
    "app/api.py": "Engine",
    "app/registry.py": "Plugin",
    "app/settings.py": "DEFAULTS",
    "tests/conftest.py": "db",
    "tests/test_api.py": "app_client",
}
REFUSED = {
    "app/api.py": "`Engine` is used by another module: app/cli.py:1 imports it",
    "app/registry.py": "`Plugin` is used by another module: app/loader.py:1 imports it",
    "app/settings.py": "`DEFAULTS` is used by another module: app/boot.py:3 uses it as `s.DEFAULTS`",
    "tests/conftest.py": "`db` is a pytest fixture (defined at tests/fixtures.py:10); imported"
    " into conftest.py it serves every test below it",
    "tests/test_api.py": "`app_client` is a pytest fixture: a parameter of `test_client` at"
    " tests/test_api.py:7",
}


def pytest_run(repo: Path) -> subprocess.CompletedProcess[str]:
    """The repository's own tests, run by the real pytest."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(repo)],
        cwd=repo,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("used-imports")
    repo = make_repo(root, FILES)
    logs = ci_log(root, repo, RUFF, "Lint", job="lint")
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_ruff_reports_every_case_and_the_tests_pass(fixed: tuple[Path, FixResult]) -> None:
    repo, result = fixed
    reported = {f.path for f in result.diagnosis.findings if f.kind == "ruff.F401"}
    assert reported == {*REFUSED, "app/paths.py"}
    assert pytest_run(repo).returncode == 0


def test_removing_what_ruff_reports_breaks_the_project(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, FILES)
    subprocess.run([*RUFF, "--fix"], cwd=repo, capture_output=True, check=False)
    assert "import os" not in (repo / "app/paths.py").read_text()
    for path, name in NAMES.items():
        assert f"import {name}" not in (repo / path).read_text(), path
    done = pytest_run(repo)
    assert done.returncode != 0
    assert "cannot import name 'Engine' from 'app.api'" in done.stdout
    # each break on its own: the re-export, the relative import, the attribute use
    for module, error in [
        ("app.cli", "cannot import name 'Engine'"),
        ("app.loader", "cannot import name 'Plugin'"),
        ("app.boot", "has no attribute 'DEFAULTS'"),
    ]:
        run = subprocess.run(
            [sys.executable, "-c", f"import {module}"], cwd=repo, capture_output=True, text=True
        )
        assert error in run.stderr, module
    # the fixtures: with the importers restored, pytest cannot find them
    git(repo, "checkout", "--", "app")
    done = pytest_run(repo)
    assert "fixture 'app_client' not found" in done.stdout
    assert "fixture 'db' not found" in done.stdout


def test_fixer_keeps_used_imports_and_names_the_use(fixed: tuple[Path, FixResult]) -> None:
    _, result = fixed
    by_path = {o.finding.path: o for o in result.outcomes}
    for path, reason in REFUSED.items():
        outcome = by_path[path]
        assert outcome.status == "skipped", path
        assert outcome.reason == f"{path}: {reason}"
    control = by_path["app/paths.py"]
    assert control.status == "fixed"
    assert [c.path for c in control.changes] == ["app/paths.py"]
    assert result.diff.count("diff --git") == 1
    assert "-import os\n import sys\n" in result.diff


def test_the_fixed_branch_still_passes_its_tests(
    fixed: tuple[Path, FixResult], tmp_path: Path
) -> None:
    repo, result = fixed
    assert result.branch and result.commit
    checkout = tmp_path / "checkout"
    git(repo, "worktree", "add", "--detach", str(checkout), result.commit)
    try:
        assert "import os" not in (checkout / "app/paths.py").read_text()
        done = pytest_run(checkout)
        assert done.returncode == 0, done.stdout
        assert "2 passed" in done.stdout
    finally:
        git(repo, "worktree", "remove", "--force", str(checkout))
        shutil.rmtree(checkout, ignore_errors=True)


@pytest.fixture(scope="module")
def flake8(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """flake8 in a venv of its own (it is no dependency of fixer's)."""
    env = tmp_path_factory.mktemp("flake8") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    done = subprocess.run(
        [str(env / "bin/python"), "-m", "pip", "install", "-q", "flake8==7.1.1"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"flake8 could not be installed: {done.stderr.strip()[-200:]}")
    return env / "bin/python"


def test_flake8_findings_are_refused_the_same_way(tmp_path: Path, flake8: Path) -> None:
    repo = make_repo(tmp_path, FILES)
    logs = ci_log(tmp_path, repo, [str(flake8), "-m", "flake8", "--select", "F401", "."], "Lint")
    result = fix_logs([str(logs)], FixOptions(repo=repo, dry_run=True))
    by_path = {o.finding.path: o for o in result.outcomes}
    assert {o.finding.kind for o in result.outcomes} == {"flake8.F401"}
    assert {p: o.reason for p, o in by_path.items() if o.status == "skipped"} == {
        p: f"{p}: {r}" for p, r in REFUSED.items()
    }
    assert by_path["app/paths.py"].status == "fixed"
    assert "-import os\n import sys\n" in result.diff
