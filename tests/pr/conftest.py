"""A red pull request with real parts: a bare git repository per GitHub repository (its
``clone_url``), the fake GitHub API mirroring the branches of those repositories, a run whose
log archive holds the real logs of a bundled scenario, and a local package index."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from fixer.demo import FIXTURES, make_repo
from tests.support.ghlog import zip_folder
from tests.support.github_api import (
    FakeGitHub,
    Fault,
    PullRequest,
    Repo,
    RunningServer,
    WorkflowRun,
    serve,
)
from tests.support.pypi_index import IndexServer, serve_index

TOKEN = "ghp_fixerBotT0ken0000000000000000000001"
REPO = "octo/app"


def sh(cwd: Path, *args: str) -> str:
    """git as a person runs it, outside fixer."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


class GitBackedGitHub(FakeGitHub):
    """The fake GitHub, with each repository's branches read from its bare repository
    before every API request, as GitHub sees a push as soon as it lands (an open pull
    request's head follows its branch)."""

    def __init__(self) -> None:
        super().__init__()
        self.bare: dict[str, Path] = {}

    def sync(self) -> None:
        with self.lock:
            for name, path in self.bare.items():
                refs = sh(
                    path, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads"
                )
                self.repo(name).branches = dict(line.split(" ") for line in refs.splitlines())
            for repo in self.repos.values():
                for pull in repo.pulls.values():
                    tip = pull.head_repo.branches.get(pull.head_ref)
                    if pull.state == "open" and tip and pull.head_repo.full_name in self.bare:
                        pull.head_sha = tip

    def take_fault(self, method: str, path: str, template: str) -> Fault | None:
        self.sync()
        return super().take_fault(method, path, template)

    def pull_commits(self, repo: Repo, pull: PullRequest) -> set[str] | None:
        """``git rev-list base..head``: the commits GitHub lists on the pull request."""
        bare = self.bare[pull.head_repo.full_name]
        base = sh(self.bare[repo.full_name], "rev-parse", pull.base_ref)
        return set(sh(bare, "rev-list", f"{base}..{pull.head_sha}").split())

    def diff_lines(self, repo: Repo, pull: PullRequest, commit: str) -> dict[str, set[int]] | None:
        """The head-side lines of ``git diff base...commit`` hunks, file by file, as GitHub
        shows the pull request's diff at that commit (three lines of context)."""
        bare = self.bare[pull.head_repo.full_name]
        base = sh(self.bare[repo.full_name], "rev-parse", pull.base_ref)
        text = sh(bare, "diff", "--no-color", "--no-renames", f"{base}...{commit}")
        lines: dict[str, set[int]] = {}
        path = ""
        for line in text.splitlines():
            if line.startswith("+++ "):
                path = line[6:] if line.startswith("+++ b/") else ""
            hunk = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", line)
            if hunk and path:
                start, count = int(hunk[1]), int(hunk[2] if hunk[2] is not None else 1)
                lines.setdefault(path, set()).update(range(start, start + count))
        return lines


@dataclass
class World:
    fake: GitBackedGitHub
    root: Path
    bare: Path  # octo/app's repository

    def add_repo(self, full_name: str, source: Path) -> Path:
        bare = self.root / "remotes" / f"{full_name.replace('/', '__')}.git"
        bare.parent.mkdir(exist_ok=True)
        sh(self.root, "clone", "-q", "--bare", str(source), str(bare))
        self.fake.add_repo(full_name, clone_url=str(bare))
        self.fake.bare[full_name] = bare
        self.fake.sync()
        return bare

    def commit_on(self, bare: Path, branch: str, path: str, text: str) -> str:
        """A person's commit on ``branch`` of ``bare`` (through a scratch clone)."""
        work = self.root / f"scratch-{sh(bare, 'rev-parse', branch)[:8]}"
        sh(self.root, "clone", "-q", "--branch", branch, str(bare), str(work))
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text)
        sh(work, "add", path)
        sh(work, "commit", "-q", "-m", f"Change {path}")
        sh(work, "push", "-q", "origin", branch)
        shutil.rmtree(work)
        self.fake.sync()
        return sh(bare, "rev-parse", branch)

    def red_run(
        self, pull: PullRequest, logs: Path | None, jobs: Mapping[str, str] | None = None
    ) -> WorkflowRun:
        """A failed run on the pull request's head: ``logs`` zipped as its archive (None:
        the archive expired), and ``jobs`` (name -> log text) as its failed jobs."""
        run = self.fake.add_run(
            REPO,
            head_sha=pull.head_sha,
            head_branch=pull.head_ref,
            head_repo=pull.head_repo,
            logs_zip=zip_folder(logs) if logs else None,
        )
        for name, text in (jobs or {}).items():
            self.fake.add_job(
                run, name, steps=[("Set up job", "success"), ("Run", "failure")], log=text
            )
        return run


@pytest.fixture(autouse=True)
def own_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Pat Person\n\temail = pat@example.com\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)


@pytest.fixture(scope="session")
def index() -> Iterator[IndexServer]:
    with serve_index({"types-pyyaml": ["6.0.12.20250915"], "mypy": ["1.19.1"]}) as server:
        yield server


def make_world(root: Path, source: Path) -> World:
    """octo/app: ``main`` holds ``source``'s commit, ``feature`` one more commit; fixer-bot
    (the token) may write, maya maintains, rita only reads."""
    fake = GitBackedGitHub()
    fake.add_user("fixer-bot", token=TOKEN, type="Bot")
    world = World(fake, root, root / "unset")
    world.bare = world.add_repo(REPO, source)
    sh(world.bare, "branch", "feature", "main")
    world.commit_on(world.bare, "feature", "NOTES.md", "A feature.\n")
    for login, role in (("fixer-bot", "write"), ("maya", "maintain"), ("rita", "read")):
        fake.set_role(REPO, login, role)
    return world


@pytest.fixture
def world(tmp_path: Path) -> World:
    """:func:`make_world` with the type-arg scenario's broken code."""
    return make_world(tmp_path, make_repo(FIXTURES / "type-arg", tmp_path))


@pytest.fixture
def api(world: World) -> Iterator[RunningServer]:
    with serve(world.fake) as running:
        yield running
