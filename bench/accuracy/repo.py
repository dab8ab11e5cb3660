"""A corpus project as a CI would see it: a git repository, its workflow, its run's logs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from bench.accuracy.corpus import Project
from bench.accuracy.tools import Run, mypy_command, ruff_command

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.ghlog import Job, write_run  # noqa: E402

WORKFLOW = """\
name: CI
on: [push, pull_request]
jobs:
  types:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Type check
        run: {mypy}
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Lint
        run: {ruff}
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Corpus",
    "GIT_AUTHOR_EMAIL": "corpus@example.com",
    "GIT_COMMITTER_NAME": "Corpus",
    "GIT_COMMITTER_EMAIL": "corpus@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}
    proc = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


def git_bytes(repo: Path, *args: str) -> bytes:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True).stdout


def unpack(sdist: Path, dest: Path) -> Path:
    """The sdist's files in ``dest`` (its top folder dropped), committed as one commit."""
    staging = dest.with_name(dest.name + ".unpack")
    with tarfile.open(sdist) as tar:
        tar.extractall(staging, filter="data")
    (top,) = staging.iterdir()
    shutil.move(str(top), dest)
    staging.rmdir()
    for egg in dest.rglob("*.egg-info"):
        shutil.rmtree(egg)
    return dest


def make_repo(project: Project, sdist: Path, dest: Path) -> tuple[Path, str]:
    """The project as a git repository with its CI workflow; returns it and its HEAD."""
    repo = unpack(sdist, dest)
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True, exist_ok=True)
    text = WORKFLOW.format(mypy=mypy_command(project.target), ruff=ruff_command())
    (workflows / "ci.yml").write_text(text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A", "-f")
    git(repo, "commit", "-q", "-m", f"{project.name} {project.version}")
    return repo, git(repo, "rev-parse", "HEAD")


def _job(name: str, step: str, run: Run) -> Job:
    job = Job(name)
    job.setup()
    job.checkout(f"corpus/{name}")
    job.setup_python("3.11")
    job.run(step, run.command, run.output, exit_code=run.exit_code)
    job.complete()
    return job


def write_logs(logs: Path, mypy: Run, ruff: Run) -> Path:
    """The run's log archive (unpacked) with the two jobs' real output."""
    write_run(logs, [_job("types", "Type check", mypy), _job("lint", "Lint", ruff)])
    return logs
