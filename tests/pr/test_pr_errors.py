"""GitHub's errors as ``fixer pr`` meets them: one clear line and exit 2, after retries where
waiting helps (a rate limit with a short ``Retry-After``, a server error), and never the
token in what it prints."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES
from tests.pr.conftest import REPO, TOKEN, World
from tests.support.github_api import RunningServer, faults
from tests.support.pypi_index import IndexServer

PULL = "/repos/{owner}/{repo}/pulls/{pull_number}"
RUNS = "/repos/{owner}/{repo}/actions/runs"
RUN_LOGS = "/repos/{owner}/{repo}/actions/runs/{run_id}/logs"


@pytest.fixture
def red(world: World) -> World:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, FIXTURES / "type-arg" / "logs")
    return world


def fixer_pr(
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    target: str = f"{REPO}#1",
    *args: str,
) -> tuple[int, str]:
    """Exit code and stderr; stdout and stderr never show the token."""
    code = main(["pr", target, "--api-url", api.base_url, "--index-url", index.url, *args])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return code, err


def one_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("fixer: error: "), err
    return lines[0]


def statuses(world: World, route: str) -> list[int]:
    return [r.status for r in world.fake.requests_to("GET", route)]


def test_an_unknown_repository_is_not_found(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = fixer_pr(api, index, capsys, "octo/missing#1")

    assert code == 2
    assert one_error(err) == (
        "fixer: error: pull request octo/missing#1: not found, or the token has no access to it"
    )


def test_a_bad_token_is_named_as_such(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_notAtokenGitHubKnows000000")

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    assert "GitHub rejected the token (401 (Bad credentials))" in one_error(err)
    assert "notAtoken" not in err


def test_a_short_rate_limit_is_waited_out(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = faults.rate_limited(reset=int(time.time()) + 3600, retry_after=1)
    red.fake.fail("GET", PULL, limit)
    started = time.monotonic()

    code, err = fixer_pr(api, index, capsys)

    assert (code, err) == (0, "")
    assert statuses(red, PULL) == [403, 200]
    assert time.monotonic() - started >= 1


def test_a_long_rate_limit_says_when_to_retry(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    red.fake.fail("GET", RUNS, faults.rate_limited(reset=int(time.time()) + 3600))

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    line = one_error(err)
    assert "workflow runs of octo/app for" in line
    assert "rate limit is exhausted (API rate limit exceeded for user ID 1.)" in line
    assert "resets at" in line and "(in about 60 min); run fixer again then" in line
    assert statuses(red, RUNS) == [403]


def test_a_secondary_limit_longer_than_max_wait_stops(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    red.fake.fail("GET", PULL, faults.secondary_rate_limited(retry_after=30))

    code, err = fixer_pr(api, index, capsys, f"{REPO}#1", "--max-wait", "5")

    assert code == 2
    assert "secondary rate limit" in one_error(err) and "(in about 1 min)" in err


def test_a_server_error_is_retried(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    red.fake.fail("GET", RUNS, faults.server_error(502))
    red.fake.fail("GET", RUN_LOGS, faults.server_error(500))

    code, err = fixer_pr(api, index, capsys)

    assert (code, err) == (0, "")
    assert statuses(red, RUNS) == [502, 200]
    assert statuses(red, RUN_LOGS) == [500, 302]
    assert len(red.fake.repo(REPO).pulls) == 2


def test_a_lasting_server_error_gives_up_with_a_clear_message(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    red.fake.fail("GET", PULL, faults.server_error(500), times=5)

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    assert one_error(err) == (
        "fixer: error: pull request octo/app#1: GitHub failed with 500 (Server Error) after 3 "
        "tries; try again later"
    )
    assert statuses(red, PULL) == [500, 500, 500]


def test_a_missing_permission_is_named(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    red.fake.fail("POST", "/repos/{owner}/{repo}/pulls", faults.forbidden())

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    assert one_error(err) == (
        "fixer: error: opening a pull request in octo/app from fixer/pr-1 into feature: "
        "forbidden (Resource not accessible by personal access token); the token lacks a "
        "permission this needs"
    )


def test_a_closed_pull_request_is_bad_input(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    red.fake.repo(REPO).pulls[1].state = "closed"

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    assert "octo/app#1 is closed; fixer works on open pull requests" in one_error(err)


def test_no_token_at_all(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    assert "no token: set GITHUB_TOKEN or pass --token-file FILE" in one_error(err)
    assert red.fake.requests == []


def test_the_token_from_a_file(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    world.fake.add_pull(REPO, head="feature", author="pat")
    monkeypatch.delenv("GITHUB_TOKEN")
    (tmp_path / "token").write_text(f"{TOKEN}\n")

    code, err = fixer_pr(api, index, capsys, f"{REPO}#1", "--token-file", str(tmp_path / "token"))

    assert (code, err) == (0, "")
    assert {r.login for r in world.fake.requests} == {"fixer-bot"}


@pytest.mark.parametrize(
    "target", ["octo/app", "octo/app#x", "octo/app#0", "../app#1", "https://github.com/octo/app"]
)
def test_a_target_that_names_no_pull_request(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    target: str,
) -> None:
    code, err = fixer_pr(api, index, capsys, target)

    assert code == 2
    assert one_error(err).startswith(f"fixer: error: {target!r}: ")
    assert red.fake.requests == []


def test_a_server_error_on_creating_is_not_repeated(
    red: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    red.fake.fail("POST", "/repos/{owner}/{repo}/pulls", faults.server_error(502))

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    assert one_error(err).endswith(
        "opening a pull request in octo/app from fixer/pr-1 into feature: GitHub failed with "
        "502 (Server Error); try again later"
    )
    assert len(red.fake.requests_to("POST", "/repos/{owner}/{repo}/pulls")) == 1


def test_a_repository_git_cannot_fetch(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    red.fake.repo(REPO).clone_url = str(tmp_path / "gone.git")

    code, err = fixer_pr(api, index, capsys)

    assert code == 2
    line = one_error(err)
    assert line.startswith("fixer: error: cannot fetch commit ") and "gone.git" in line
    assert "does not appear to be a git repository" in line
