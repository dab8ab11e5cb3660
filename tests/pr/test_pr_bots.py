"""Bots' own red pull requests: ``fixer pr --workflow-run URL`` on the fake GitHub (checked
against GitHub's description) with real git and the real fix-and-verify: the run's pull
request found through the API (the run's list, else the pulls of its head commit), the
author check, the loop guard, and at most one attempt per head, recorded as a check run
named fixer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES
from tests.pr.conftest import REPO, TOKEN, World, sh
from tests.support.ghlog import zip_folder
from tests.support.github_api import PullRequest, RunningServer, WorkflowRun, faults
from tests.support.github_api.models import Conclusion
from tests.support.pypi_index import IndexServer

TYPE_ARG = FIXTURES / "type-arg"
DEPENDABOT = "dependabot[bot]"
BRANCH = "dependabot/pip/mypy-1.19.1"
COMMIT_PULLS = "/repos/{owner}/{repo}/commits/{commit_sha}/pulls"
CHECK_RUNS = "/repos/{owner}/{repo}/check-runs"
LIST_CHECK_RUNS = "/repos/{owner}/{repo}/commits/{ref}/check-runs"


def bot_pull(
    world: World, author: str = DEPENDABOT, branch: str = BRANCH, body: str = "Bumps mypy."
) -> PullRequest:
    """A pull request from a branch of octo/app itself, opened by ``author`` (a bot)."""
    world.fake.add_user(author, type="Bot" if author.endswith("[bot]") else "User")
    sh(world.bare, "branch", branch, "main")
    world.commit_on(world.bare, branch, "requirements-dev.txt", "mypy==1.19.1\n")
    return world.fake.add_pull(REPO, head=branch, author=author, title="Bump mypy", body=body)


def red_run(
    world: World, pull: PullRequest, *, name: str = "CI", conclusion: Conclusion = "failure"
) -> WorkflowRun:
    """The run of workflow ``name`` on the pull request's head, started by its author."""
    run = world.fake.add_run(
        REPO,
        name=name,
        head_sha=pull.head_sha,
        head_branch=pull.head_ref,
        head_repo=pull.head_repo,
        actor=pull.user.login,
        conclusion=conclusion,
        logs_zip=zip_folder(TYPE_ARG / "logs"),
    )
    return run


def fixer_run(
    api: RunningServer,
    capsys: pytest.CaptureFixture[str],
    run: WorkflowRun,
    *args: str,
) -> tuple[int, dict[str, object]]:
    url = f"https://github.com/{REPO}/actions/runs/{run.id}"
    code = main(["pr", "--workflow-run", url, "--api-url", api.base_url, "--json", *args])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return code, json.loads(out) if out.strip() else {"err": err}


def fix_pulls(world: World) -> list[PullRequest]:
    return [p for p in world.fake.repo(REPO).pulls.values() if p.head_ref.startswith("fixer/")]


def test_a_dependabot_red_run_gets_its_fix_unasked(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = bot_pull(world)
    run = red_run(world, pull)

    code, done = fixer_run(api, capsys, run, "--index-url", index.url)

    assert (code, done["action"], done["pull_request"]) == (0, "opened", f"{REPO}#1"), done
    (fix,) = fix_pulls(world)
    assert (fix.base_ref, fix.head_ref) == (BRANCH, "fixer/pr-1")
    assert sh(world.bare, "rev-parse", "fixer/pr-1^") == pull.head_sha
    # the attempt is recorded on the head, with the failing lines annotated
    (check,) = world.fake.repo(REPO).check_runs.values()
    assert (check.name, check.head_sha, check.conclusion) == ("fixer", pull.head_sha, "neutral")
    assert [a["start_line"] for a in check.annotations] == [50, 67, 87]
    assert "annotated 3 failing lines in the check run" in str(done["summary"])
    # the run listed its pull request: no need to ask by commit
    assert world.fake.requests_to("GET", COMMIT_PULLS) == []
    # looked up before starting, and again just before recording
    assert len(world.fake.requests_to("GET", LIST_CHECK_RUNS)) == 2


def test_a_run_that_lists_no_pull_request_finds_it_by_its_commit(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = bot_pull(world, "renovate[bot]", "renovate/mypy-1.x")
    run = red_run(world, pull)
    run.lists_pulls = False  # as GitHub does, sometimes, for a bot's run

    code, done = fixer_run(api, capsys, run, "--index-url", index.url, "--dry-run")

    assert (code, done["action"], done["pull_request"]) == (0, "opened", f"{REPO}#1"), done
    (asked,) = world.fake.requests_to("GET", COMMIT_PULLS)
    assert asked.path.endswith(f"/commits/{pull.head_sha}/pulls") and asked.status == 200
    assert fix_pulls(world) == [] and world.fake.repo(REPO).check_runs == {}  # a dry run


def test_one_attempt_per_head_when_two_workflows_fail(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = bot_pull(world)
    first, second = red_run(world, pull, name="CI"), red_run(world, pull, name="Lint")
    assert fixer_run(api, capsys, first, "--index-url", index.url)[1]["action"] == "opened"
    tip = sh(world.bare, "rev-parse", "fixer/pr-1")
    logs = "/repos/{owner}/{repo}/actions/runs/{run_id}/logs"
    assert len(world.fake.requests_to("GET", logs)) == 2  # the first read both failed runs

    code, done = fixer_run(api, capsys, second, "--index-url", index.url)

    assert (code, done["action"]) == (0, "skipped"), done
    (check,) = world.fake.repo(REPO).check_runs.values()
    assert str(done["summary"]) == (
        f"fixer already tried head {pull.head_sha[:12]} "
        f"(https://github.com/{REPO}/runs/{check.id}); it tries once per head"
    )
    assert len(fix_pulls(world)) == 1 and sh(world.bare, "rev-parse", "fixer/pr-1") == tip
    assert len(world.fake.requests_to("GET", logs)) == 2  # the second read nothing more


def test_split_jobs_of_two_runs_publish_once(
    world: World,
    api: RunningServer,
    index: IndexServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Both unprivileged jobs start before either publishes (the race the lookup before
    starting cannot see); the publishers, one at a time per head, look again first."""
    pull = bot_pull(world)
    runs = red_run(world, pull, name="CI"), red_run(world, pull, name="Lint")
    folders = [tmp_path / "ci", tmp_path / "lint"]
    for run, folder in zip(runs, folders, strict=True):
        code, done = fixer_run(api, capsys, run, "--index-url", index.url, "--output", str(folder))
        assert (code, done["action"]) == (0, "prepared"), done

    published = [
        fixer_run(api, capsys, run, "--publish", str(f))
        for run, f in zip(runs, folders, strict=True)
    ]

    assert [(code, done["action"]) for code, done in published] == [(0, "opened"), (0, "skipped")]
    assert "already tried" in str(published[1][1]["summary"])
    assert len(fix_pulls(world)) == 1 and len(world.fake.repo(REPO).check_runs) == 1


def test_no_record_no_fix(
    world: World,
    api: RunningServer,
    index: IndexServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A token that may not create check runs cannot record the attempt: nothing is
    published, since the next run could not know that this one tried."""
    pull = bot_pull(world)
    run = red_run(world, pull)
    folder = tmp_path / "out"
    assert fixer_run(api, capsys, run, "--index-url", index.url, "--output", str(folder))[0] == 0
    world.fake.fail("POST", CHECK_RUNS, faults.forbidden("You must authenticate via a GitHub App."))

    code, done = fixer_run(api, capsys, run, "--publish", str(folder))

    assert code == 2
    assert "records its attempt" in str(done["err"]) and "checks: write" in str(done["err"])
    assert fix_pulls(world) == [] and "fixer/" not in sh(world.bare, "branch", "--list")


SKIPS = ["human", "fixer-branch", "marker", "fixer-token", "fork", "passed", "moved"]


@pytest.mark.parametrize("case", SKIPS)
def test_runs_fixer_leaves_alone(
    world: World, api: RunningServer, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    if case == "fork":
        sh(world.bare, "branch", BRANCH, "main")
        world.add_repo("alice/app", world.bare)
        world.fake.add_user(DEPENDABOT, type="Bot")
        pull = world.fake.add_pull(REPO, head=f"alice:{BRANCH}", base="main", author=DEPENDABOT)
    elif case == "human":
        pull = bot_pull(world, author="pat")
    elif case == "fixer-branch":  # even when someone lists fixer's author among the bots
        pull = bot_pull(world, branch="fixer/pr-7")
    elif case == "marker":
        pull = bot_pull(world, body="The fix.\n\n<!-- fixer:pr-7 -->\n")
    elif case == "fixer-token":
        pull = bot_pull(world, author="fixer-bot")
    else:
        pull = bot_pull(world)
    run = red_run(world, pull, conclusion="success" if case == "passed" else "failure")
    if case == "moved":
        world.commit_on(world.bare, BRANCH, "late.txt", "late\n")

    code, done = fixer_run(api, capsys, run, "--bots", "dependabot[bot], fixer-bot")

    assert (code, done["action"]) == (0, "skipped"), done
    said = {
        "human": "was opened by pat, not by dependabot[bot] or fixer-bot",
        "fixer-branch": "fixer's own pull request (its branch is fixer/pr-7)",
        "marker": "fixer's own pull request (its description holds fixer's marker)",
        "fixer-token": "fixer's own pull request (opened by fixer-bot, this token's user)",
        "fork": "ran on a commit of alice/app",
        "passed": "ended success; fixer acts on failed runs",
        "moved": f"no open pull request of {REPO} has {run.head_sha[:12]} as its head",
    }[case]
    assert said in str(done["summary"]), done
    assert done["pull_request"] == (None if case in ("fork", "passed", "moved") else f"{REPO}#1")
    # nothing was read beyond the checks: no logs, no clone, no record
    assert world.fake.requests_to("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/logs") == []
    assert world.fake.repo(REPO).check_runs == {} and sorted(world.fake.repo(REPO).pulls) == [1]


def test_a_run_and_a_pull_request_are_not_both_named(
    api: RunningServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"https://github.com/{REPO}/actions/runs/5"
    assert main(["pr", f"{REPO}#1", "--workflow-run", url, "--api-url", api.base_url]) == 2
    assert main(["pr", "--workflow-run", url, "--actor", "maya", "--api-url", api.base_url]) == 2
    assert main(["pr", "--workflow-run", "octo/app#1", "--api-url", api.base_url]) == 2
    err = capsys.readouterr().err
    assert "name one pull request (TARGET) or one failed run" in err
    assert "it takes no --actor" in err and "--workflow-run 'octo/app#1': not a run's" in err
