"""``fixer diagnose --run URL`` and ``fixer fix --run URL``: the run's log archive comes
from the (fake, description-checked) GitHub API with the user's token, then everything is
as with a local log; the current clone of the run's repository is the default --repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES
from fixer.pr.runs import RunRef, parse_run, remote_repo
from tests.pr.conftest import REPO, TOKEN, World, sh
from tests.support.ghlog import zip_folder
from tests.support.github_api import RunningServer, WorkflowRun
from tests.support.pypi_index import IndexServer

TYPE_ARG = FIXTURES / "type-arg"
TARGET = "backend/tunix_rt_backend/services/datasets_export.py"


def red_main(world: World) -> WorkflowRun:
    head = sh(world.bare, "rev-parse", "main")
    return world.fake.add_run(
        REPO,
        head_sha=head,
        head_branch="main",
        event="push",
        logs_zip=zip_folder(TYPE_ARG / "logs"),
    )


def clone(world: World, into: Path, remote: str = "https://github.com/octo/app.git") -> Path:
    """The maintainer's clone, its origin named as GitHub names it."""
    sh(world.root, "clone", "-q", str(world.bare), str(into))
    sh(into, "remote", "set-url", "origin", remote)
    return into


@pytest.fixture
def on_api(api: RunningServer, monkeypatch: pytest.MonkeyPatch) -> RunningServer:
    monkeypatch.setenv("GITHUB_API_URL", api.base_url)
    return api


def run_url(run: WorkflowRun) -> str:
    return f"https://github.com/{REPO}/actions/runs/{run.id}"


def test_diagnose_a_run_by_its_address_in_its_clone(
    world: World,
    on_api: RunningServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = red_main(world)
    monkeypatch.chdir(clone(world, tmp_path / "app"))
    code = main(["diagnose", "--run", run_url(run) + "/job/7?pr=1", "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and TOKEN not in out + err
    doc = json.loads(out)
    assert doc["sources"] == [run_url(run)]
    assert [f["kind"] for f in doc["findings"]] == ["mypy.type-arg"] * 3
    assert {(f["path"], f["resolved"]) for f in doc["findings"]} == {(TARGET, True)}
    asked = [r.route for r in world.fake.requests if r.route]
    assert "/repos/{owner}/{repo}/actions/runs/{run_id}/logs" in asked
    assert all(r.login == "fixer-bot" for r in world.fake.requests if r.route)


def test_fix_a_run_by_its_address_commits_in_the_clone(
    world: World,
    on_api: RunningServer,
    index: IndexServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = red_main(world)
    repo = clone(world, tmp_path / "app", remote="git@github.com:Octo/App.git")
    monkeypatch.chdir(repo / "backend")  # anywhere in the clone
    code = main(["fix", "--run", run_url(run), "--index-url", index.url, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0, doc["outcomes"]
    fix = doc["fix"]
    assert fix["base"] == sh(repo, "rev-parse", "HEAD")
    assert sh(repo, "rev-parse", fix["branch"]) == fix["commit"]
    assert (
        sh(repo, "diff", fix["base"], fix["commit"]) + "\n"
        == (TYPE_ARG / "expected.diff").read_text()
    )
    assert sh(repo, "status", "--porcelain") == ""


def test_fix_outside_a_clone_of_the_run_asks_for_repo(
    world: World,
    on_api: RunningServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = red_main(world)
    other = clone(world, tmp_path / "other", remote="https://github.com/octo/other.git")
    monkeypatch.chdir(other)
    assert main(["fix", "--run", run_url(run), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "not a clone of octo/app" in err and "--repo DIR" in err
    assert sh(other, "branch", "--list", "fixer/*") == ""
    # diagnose needs no repository: the paths stay as the tools printed them
    assert main(["diagnose", "--run", run_url(run), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {f["resolved"] for f in doc["findings"]} == {False}


def test_bad_addresses_missing_runs_and_no_token(
    world: World,
    on_api: RunningServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["diagnose", "--run", "https://github.com/octo/app/pull/1"]) == 2
    assert "not a run's address" in capsys.readouterr().err
    assert main(["diagnose", "x.log", "--run", f"https://github.com/{REPO}/actions/runs/1"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["fix"]) == 2
    assert "no logs" in capsys.readouterr().err
    assert main(["diagnose", "--run", f"https://github.com/{REPO}/actions/runs/999999"]) == 2
    err = capsys.readouterr().err
    assert "run 999999 of octo/app" in err and TOKEN not in err
    monkeypatch.delenv("GITHUB_TOKEN")
    monkeypatch.delenv("GH_TOKEN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no gh to ask
    assert main(["diagnose", "--run", f"https://github.com/{REPO}/actions/runs/1"]) == 2
    assert "no token" in capsys.readouterr().err


def test_run_addresses_and_remotes() -> None:
    assert parse_run("https://github.com/o/r/actions/runs/12/attempts/2") == RunRef(
        "github.com", "o", "r", 12
    )
    assert parse_run("https://GHE.example.com/o/r.js/actions/runs/3/").host == "ghe.example.com"
    assert remote_repo("https://github.com/Octo/App.git") == ("github.com", "octo/app")
    assert remote_repo("ssh://git@github.com/octo/app.git") == ("github.com", "octo/app")
    assert remote_repo("git@github.com:octo/app.git") == ("github.com", "octo/app")
    assert remote_repo("https://x-access-token:t@github.com/octo/app") == ("github.com", "octo/app")
    assert remote_repo("/srv/git/app.git") is None
