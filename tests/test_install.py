"""The README's install paths work as a new user runs them.

The wheel is built from a copy of the sources (sdist first, then the wheel from the
sdist, as ``uv build`` and ``python -m build`` do) and installed with ``uv tool install``
into a fresh environment of its own, with its dependencies from the package registry and
the console script in a bin folder; then ``fixer --version`` and a diagnosis run from that
folder, outside the source tree. uv (a dev dependency) does this in seconds, where pip
takes about 30 s to resolve the same dependencies.

The Makefile refuses an old ``python3`` before it makes anything, and never leaves a
``.venv`` that a later ``make ... PYTHON=python3.11`` would trip over.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = Path(sysconfig.get_path("scripts")) / "uv"
OLD_PYTHON = Path("/root/.pyenv/versions/3.10.13/bin/python")
SOURCES = ("pyproject.toml", "README.md", "fixer")


def _uv_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    env |= {"UV_TOOL_DIR": str(tmp / "tools"), "UV_TOOL_BIN_DIR": str(tmp / "bin")}
    if os.environ.get("PIP_INDEX_URL"):  # the registry the machine is configured for
        env["UV_DEFAULT_INDEX"] = os.environ["PIP_INDEX_URL"]
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder ``uv tool install`` put the ``fixer`` console script in."""
    if not UV.is_file():
        pytest.skip("uv is a dev dependency: make setup installs it")
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:  # a clean copy: the build writes nothing into the checkout
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, src / name)
    env = _uv_env(tmp)
    subprocess.run([UV, "build", "-q", "--out-dir", tmp / "dist", src], env=env, check=True)
    (wheel,) = (tmp / "dist").glob("fixer-*-py3-none-any.whl")
    install = [UV, "tool", "install", "-q", "--python", sys.executable, wheel]
    subprocess.run(install, env=env, check=True, cwd=tmp)
    return tmp / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}/usr/bin:/bin", NO_COLOR="1")
    env.pop("PYTHONPATH", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_console_script_is_on_path_and_reports_its_version(
    installed: Path, tmp_path: Path
) -> None:
    from fixer import __version__

    done = _run(installed, "fixer", "--version", cwd=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"fixer {__version__}")


def test_the_installed_fixer_diagnoses_a_log_archive(installed: Path, tmp_path: Path) -> None:
    logs = ROOT / "fixtures" / "type-arg" / "logs"
    done = _run(installed, "fixer", "diagnose", str(logs), "--json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # failures found
    doc = json.loads(done.stdout)
    assert {f["kind"] for f in doc["findings"]} == {"mypy.type-arg"}
    assert doc["summary"]["fixable"] == doc["summary"]["findings"] == 3
    # the code that ran is the wheel's, not the checkout's
    tool = installed.parent / "tools" / "fixer"
    found = subprocess.run(
        [tool / "bin" / "python", "-c", "import fixer; print(fixer.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()).is_relative_to(tool)


def _make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    return subprocess.run(
        ["make", "-C", str(ROOT), "--no-print-directory", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.skipif(not OLD_PYTHON.is_file(), reason="no Python 3.10 here")
def test_an_old_python_is_refused_before_any_venv_is_made(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = _make("demo", f"PYTHON={OLD_PYTHON}", f"VENV={venv}")
    assert done.returncode != 0
    assert "fixer needs Python 3.11 or later" in done.stderr
    assert "make demo PYTHON=python3.11" in done.stderr
    assert not venv.exists()


@pytest.mark.skipif(not OLD_PYTHON.is_file(), reason="no Python 3.10 here")
def test_a_venv_of_an_old_python_or_a_failed_install_is_not_left_behind(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([OLD_PYTHON, "-m", "venv", "--without-pip", venv], check=True)
    # an install that cannot reach any index fails: nothing half-made may stay
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_FIND_LINKS="")
    base = Path(sys.base_prefix) / "bin" / "python3"
    done = _make(f"{venv}/bin/fixer", f"PYTHON={base}", f"VENV={venv}", env=env)
    assert f"removing {venv}, made by another Python" in done.stdout
    assert done.returncode != 0
    assert not venv.exists()


def test_the_readme_starts_with_the_five_minute_path() -> None:
    """Install, one command on one's own run, the workflow's lines: before any reference."""
    readme = (ROOT / "README.md").read_text()
    headings = [line for line in readme.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## In five minutes", "## Usage"]
    path = readme.split("## In five minutes", 1)[1].split("\n## ", 1)[0]
    steps = [line for line in path.splitlines() if line.startswith("### ")]
    assert [s.split(" ", 2)[1] for s in steps] == ["1.", "2.", "3.", "4."]
    assert "Install" in steps[0] and "own red run" in steps[1] and "/fixer" in steps[2]
    assert "pipx install" in path and "fixer fix --run https://github.com/" in path
    assert "uses: OWNER/fixer/.github/workflows/fixer.yml@REF" in path
    # nothing but the one-paragraph introduction before it
    intro = readme.split("## In five minutes", 1)[0].strip().split("\n\n")
    assert len(intro) == 2 and intro[0] == "# fixer"
