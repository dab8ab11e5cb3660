"""The fake GitHub API: PyGithub, unmodified, against a server checked by GitHub's description."""

from __future__ import annotations

import io
import json
import socket
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import pytest
import requests
from github import Auth, Github, GithubException
from github.GithubException import (
    BadCredentialsException,
    RateLimitExceededException,
    UnknownObjectException,
)

from tests.support.github_api import (
    FakeGitHub,
    Fault,
    RealNetworkBlocked,
    RunningServer,
    ValidationProblems,
    WorkflowRun,
    block_real_github,
    compat,
    faults,
    serve,
)
from tests.support.github_api import spec as spec_module
from tests.support.github_api.handlers import users as users_handlers
from tests.support.github_api.models import Conclusion
from tests.support.github_api.payloads import users as payload_users
from tests.support.github_api.routes import OPERATIONS
from tests.support.github_api.spec import SpecMissingError

# fake_github and github_api come from tests/conftest.py, which also guards the network.

BOT_TOKEN = "ghp_fixerbot00000001"
LOG_LINE = "2025-01-06T09:00:01.0000000Z error: Missing type parameters for generic type"


def log_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("0_test.txt", f"\ufeff{LOG_LINE}\n")
        archive.writestr("test/3_Run mypy.txt", f"\ufeff{LOG_LINE}\n")
    return buffer.getvalue()


@pytest.fixture
def fake() -> FakeGitHub:
    fake = FakeGitHub()
    fake.add_user("fixer-bot", token=BOT_TOKEN, name="Fixer Bot")
    repo = fake.add_repo("octo/app", description="An app")
    fake.set_role(repo, "fixer-bot", "write")
    pull = fake.add_pull(repo, head="feature", author="alice", title="Add feature")
    run = fake.add_run(repo, head_sha=pull.head_sha, head_branch="feature", logs_zip=log_archive())
    fake.add_job(run, "lint", conclusion="success", steps=[("Run ruff", "success")], log="ok\n")
    fake.add_job(
        run,
        "test",
        steps=[("Set up job", "success"), ("Run mypy", "failure")],
        log=f"{LOG_LINE}\n",
    )
    return fake


@pytest.fixture
def api(fake: FakeGitHub) -> Iterator[RunningServer]:
    with serve(fake) as running:
        yield running


def client(api: RunningServer, token: str = BOT_TOKEN, **options: Any) -> Github:
    """PyGithub as fixer would build it, minus retries and its client-side throttling."""
    options = {"retry": None, "seconds_between_requests": 0, "seconds_between_writes": 0, **options}
    return Github(base_url=api.base_url, auth=Auth.Token(token), **options)


@pytest.fixture
def gh(api: RunningServer) -> Github:
    return client(api)


def only_run(fake: FakeGitHub) -> WorkflowRun:
    (run,) = fake.repo("octo/app").runs.values()
    return run


def bot_headers() -> dict[str, str]:
    return {"Authorization": f"token {BOT_TOKEN}", "Accept": "application/vnd.github+json"}


# -- PyGithub against the fake -----------------------------------------------------------


def test_get_repo(gh: Github) -> None:
    repo = gh.get_repo("octo/app")

    assert (repo.full_name, repo.default_branch, repo.private) == ("octo/app", "main", False)
    assert repo.owner.login == "octo"
    assert repo.permissions.push and not repo.permissions.admin


def test_unknown_repo_is_not_found(gh: Github) -> None:
    with pytest.raises(UnknownObjectException):
        gh.get_repo("octo/missing")


def test_get_pull(gh: Github, fake: FakeGitHub) -> None:
    pull = gh.get_repo("octo/app").get_pull(1)

    assert (pull.number, pull.title, pull.state, pull.user.login) == (
        1,
        "Add feature",
        "open",
        "alice",
    )
    assert (pull.head.ref, pull.base.ref) == ("feature", "main")
    assert pull.head.sha == fake.repo("octo/app").branches["feature"]
    assert pull.head.repo.full_name == "octo/app"


def test_authenticated_user_and_other_users(gh: Github) -> None:
    assert gh.get_user().login == "fixer-bot"
    assert gh.get_user().name == "Fixer Bot"
    assert gh.get_user("alice").login == "alice"


def test_workflow_runs_filtered_by_head_sha(gh: Github, fake: FakeGitHub) -> None:
    repo = fake.repo("octo/app")
    sha = repo.pulls[1].head_sha
    fake.add_run(repo, head_sha="f" * 40, head_branch="other", conclusion="success")

    runs = list(gh.get_repo("octo/app").get_workflow_runs(head_sha=sha))

    assert [run.id for run in runs] == [only_run_for(fake, sha).id]
    assert runs[0].conclusion == "failure"
    assert [pull.number for pull in runs[0].pull_requests] == [1]


def only_run_for(fake: FakeGitHub, sha: str) -> WorkflowRun:
    (run,) = [run for run in fake.repo("octo/app").runs.values() if run.head_sha == sha]
    return run


def test_workflow_runs_filters_and_pages(api: RunningServer, fake: FakeGitHub) -> None:
    for number in range(4):
        conclusion: Conclusion = "success" if number % 2 else "failure"
        fake.add_run(
            "octo/app", head_sha="a" * 40, head_branch="main", event="push", conclusion=conclusion
        )
    gh = client(api, per_page=1)

    runs = gh.get_repo("octo/app").get_workflow_runs(event="push", status="failure")

    assert runs.totalCount == 2
    assert [(run.event, run.conclusion) for run in runs] == [("push", "failure")] * 2
    pages = fake.requests_to("GET", "/repos/{owner}/{repo}/actions/runs")
    assert "2" in [dict(page.query).get("page") for page in pages]  # followed the Link header


def test_workflow_runs_by_branch(api: RunningServer, fake: FakeGitHub) -> None:
    fake.add_run("octo/app", head_sha="b" * 40, head_branch="main", event="push")

    response = requests.get(
        f"{api.base_url}/repos/octo/app/actions/runs",
        params={"branch": "main", "per_page": "5"},
        headers=bot_headers(),
        timeout=10,
    )

    body = response.json()
    assert body["total_count"] == 1
    assert body["workflow_runs"][0]["head_sha"] == "b" * 40


def test_run_jobs(gh: Github, fake: FakeGitHub) -> None:
    run = gh.get_repo("octo/app").get_workflow_run(only_run(fake).id)

    jobs = {job.name: job for job in run.jobs()}

    assert set(jobs) == {"lint", "test"}
    assert jobs["test"].conclusion == "failure"
    assert [(step.name, step.conclusion) for step in jobs["test"].steps] == [
        ("Set up job", "success"),
        ("Run mypy", "failure"),
    ]


def test_run_jobs_latest_attempt_or_all(gh: Github, fake: FakeGitHub) -> None:
    run = only_run(fake)
    run.run_attempt = 2
    fake.add_job(run, "test", conclusion="success")
    remote = gh.get_repo("octo/app").get_workflow_run(run.id)

    assert [job.run_attempt for job in remote.jobs()] == [2]
    assert sorted(job.run_attempt for job in remote.jobs("all")) == [1, 1, 2]


def test_a_run_still_in_progress(gh: Github, fake: FakeGitHub) -> None:
    run = fake.add_run(
        "octo/app", head_sha="c" * 40, head_branch="feature", status="in_progress", conclusion=None
    )
    fake.add_job(run, "test", conclusion=None, steps=[("Run pytest", None)])

    remote = gh.get_repo("octo/app").get_workflow_run(run.id)
    (job,) = remote.jobs()

    assert remote.status == job.status == "in_progress"
    # PyGithub annotates these as never None; GitHub sends null while the run goes on.
    assert [remote.conclusion, job.conclusion, job.completed_at] == [None, None, None]


def test_runs_without_their_pull_requests(gh: Github, fake: FakeGitHub) -> None:
    runs = gh.get_repo("octo/app").get_workflow_runs(exclude_pull_requests=True)

    assert [run.pull_requests for run in runs] == [[]]


def test_a_private_repo_the_bot_cannot_see_is_not_found(gh: Github, fake: FakeGitHub) -> None:
    fake.add_repo("octo/secret", private=True)

    with pytest.raises(UnknownObjectException):
        gh.get_repo("octo/secret")


def test_create_pull_then_find_it_by_head_and_edit_it(gh: Github, fake: FakeGitHub) -> None:
    fake.push("octo/app", "fixer/pr-1")
    repo = gh.get_repo("octo/app")

    created = repo.create_pull(
        title="Fix mypy", body="Automated fix", head="fixer/pr-1", base="feature"
    )
    found = list(repo.get_pulls(state="open", head="octo:fixer/pr-1"))
    found[0].edit(title="Fix mypy (2 findings)", body="Updated")

    assert (created.number, created.base.ref, created.user.login) == (2, "feature", "fixer-bot")
    assert [pull.number for pull in found] == [2]
    stored = fake.repo("octo/app").pulls[2]
    assert (stored.title, stored.body) == ("Fix mypy (2 findings)", "Updated")
    (post,) = fake.requests_to("POST", "/repos/{owner}/{repo}/pulls")
    assert post.status == 201


def test_creating_a_duplicate_pull_is_a_validation_error(gh: Github) -> None:
    repo = gh.get_repo("octo/app")

    with pytest.raises(GithubException) as raised:
        repo.create_pull(title="Again", body="", head="feature", base="main")

    assert raised.value.status == 422
    assert "A pull request already exists for octo:feature." in str(raised.value.data)


def test_creating_a_pull_from_a_missing_branch_is_a_validation_error(gh: Github) -> None:
    with pytest.raises(GithubException) as raised:
        gh.get_repo("octo/app").create_pull(title="x", body="", head="nope", base="main")

    assert raised.value.status == 422
    assert raised.value.data["errors"] == [
        {"resource": "PullRequest", "field": "head", "code": "invalid"}
    ]


def test_head_filter_without_owner_is_ignored_like_github_does(
    gh: Github, fake: FakeGitHub
) -> None:
    fake.add_pull("octo/app", head="other", author="bob")
    repo = gh.get_repo("octo/app")

    assert [p.number for p in repo.get_pulls(head="feature")] == [2, 1]
    assert [p.number for p in repo.get_pulls(head="octo:feature")] == [1]


def test_closing_a_pull(gh: Github, fake: FakeGitHub) -> None:
    gh.get_repo("octo/app").get_pull(1).edit(state="closed")

    assert fake.repo("octo/app").pulls[1].state == "closed"
    assert list(gh.get_repo("octo/app").get_pulls(state="open")) == []


def test_issue_comment_create_edit_list_and_react(gh: Github, fake: FakeGitHub) -> None:
    pull = gh.get_repo("octo/app").get_pull(1)

    comment = pull.create_issue_comment("Working on it")
    comment.edit("Fixed 2 findings")
    listed = [(c.user.login, c.body) for c in pull.get_issue_comments()]
    first = comment.create_reaction("eyes")
    again = comment.create_reaction("eyes")

    assert listed == [("fixer-bot", "Fixed 2 findings")]
    assert fake.repo("octo/app").comments[comment.id].body == "Fixed 2 findings"
    assert first.id == again.id and first.content == "eyes"
    reactions = fake.requests_to(
        "POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"
    )
    assert [r.status for r in reactions] == [201, 200]


def test_a_pull_request_as_an_issue(gh: Github, fake: FakeGitHub) -> None:
    trigger = fake.add_comment("octo/app", 1, "alice", "/fixer")
    issue = gh.get_repo("octo/app").get_issue(1)

    issue.create_comment("On it")
    read_back = issue.get_comment(trigger.id)

    assert (issue.number, issue.title, issue.pull_request is not None) == (1, "Add feature", True)
    assert (read_back.body, read_back.user.login) == ("/fixer", "alice")
    assert [c.body for c in fake.repo("octo/app").comments.values()] == ["/fixer", "On it"]


def test_comment_on_a_missing_issue_is_not_found(api: RunningServer) -> None:
    response = requests.post(
        f"{api.base_url}/repos/octo/app/issues/99/comments",
        json={"body": "hello"},
        headers=bot_headers(),
        timeout=10,
    )

    assert response.status_code == 404
    assert response.json()["message"] == "Not Found"


@pytest.mark.parametrize(
    ("role", "permission"),
    [
        ("admin", "admin"),
        ("maintain", "write"),
        ("write", "write"),
        ("triage", "read"),
        ("read", "read"),
        ("none", "none"),
    ],
)
def test_collaborator_permission(gh: Github, fake: FakeGitHub, role: Any, permission: str) -> None:
    fake.set_role("octo/app", "carol", role)
    repo = gh.get_repo("octo/app")

    assert repo.get_collaborator_permission("carol") == permission
    assert repo.get_collaborator_role_name("carol") == role


def test_permission_of_owner_and_of_a_stranger_on_a_public_repo(
    gh: Github, fake: FakeGitHub
) -> None:
    fake.add_user("stranger")
    repo = gh.get_repo("octo/app")

    assert repo.get_collaborator_permission("octo") == "admin"
    assert repo.get_collaborator_permission("stranger") == "read"


# -- log downloads -----------------------------------------------------------------------


def test_run_logs_redirect_followed_by_requests(api: RunningServer, fake: FakeGitHub) -> None:
    run = only_run(fake)
    url = f"{api.base_url}/repos/octo/app/actions/runs/{run.id}/logs"

    response = requests.get(url, headers=bot_headers(), timeout=10)

    assert response.status_code == 200
    assert response.content == run.logs_zip
    assert response.headers["Content-Type"] == "application/zip"
    (redirect,) = response.history
    assert redirect.status_code == 302
    location = urllib.parse.urlsplit(redirect.headers["Location"])
    assert location.hostname == "localhost"  # another host, as GitHub's download hosts are
    download = fake.requests[-1]
    assert download.route is None and download.header("Authorization") is None
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "test/3_Run mypy.txt" in archive.namelist()


def test_run_logs_with_pygithub_requester(fake: FakeGitHub) -> None:
    # PyGithub follows a 302 only to its own host (or github.com domains), so serve the
    # downloads from the API host here.
    with serve(fake, download_host="127.0.0.1") as api:
        gh = client(api)
        run = gh.get_repo("octo/app").get_workflow_run(only_run(fake).id)
        status, _, chunks = gh.requester.getStream(run.logs_url, chunk_size=65536)

        assert status == 200
        assert b"".join(chunks) == only_run(fake).logs_zip


def test_job_logs_redirect_to_plain_text(api: RunningServer, fake: FakeGitHub) -> None:
    job = only_run(fake).jobs[1]
    url = f"{api.base_url}/repos/octo/app/actions/jobs/{job.id}/logs"

    response = requests.get(url, headers=bot_headers(), timeout=10)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text == f"{LOG_LINE}\n"


def test_expired_run_logs_are_not_found(api: RunningServer, fake: FakeGitHub) -> None:
    run = only_run(fake)
    run.logs_zip = None
    url = f"{api.base_url}/repos/octo/app/actions/runs/{run.id}/logs"

    response = requests.get(url, headers=bot_headers(), timeout=10, allow_redirects=False)

    assert response.status_code == 404
    assert response.json()["message"] == "Not Found"


def test_logs_of_an_unfinished_job_are_not_found(api: RunningServer, fake: FakeGitHub) -> None:
    job = fake.add_job(only_run(fake), "slow", conclusion=None, log="partial")
    url = f"{api.base_url}/repos/octo/app/actions/jobs/{job.id}/logs"

    response = requests.get(url, headers=bot_headers(), timeout=10, allow_redirects=False)

    assert response.status_code == 404


def test_a_token_sent_to_the_download_host_is_reported(fake: FakeGitHub) -> None:
    with serve(fake, check=False) as api:
        url = f"{api.base_url}/repos/octo/app/actions/runs/{only_run(fake).id}/logs"
        location = requests.get(url, headers=bot_headers(), allow_redirects=False, timeout=10)
        requests.get(location.headers["Location"], headers=bot_headers(), timeout=10)

        assert len(api.problems) == 1
        assert "Authorization header sent to the download host" in api.problems[0]


# -- validation --------------------------------------------------------------------------


def test_a_request_that_violates_the_description_is_reported(fake: FakeGitHub) -> None:
    with serve(fake, check=False) as api:
        response = requests.post(
            f"{api.base_url}/repos/octo/app/pulls",
            json={"title": 42, "head": "feature"},
            headers=bot_headers(),
            timeout=10,
        )

        assert response.status_code == 400
        (problem,) = api.problems
        assert "POST /repos/octo/app/pulls: request does not match" in problem
        assert "'base' is a required property" in problem
        assert "42 is not of type 'string'" in problem
        with pytest.raises(ValidationProblems, match="1 problem"):
            api.check()
    assert fake.repo("octo/app").pulls.keys() == {1}


def test_problems_fail_the_serve_block(fake: FakeGitHub) -> None:
    with pytest.raises(ValidationProblems, match="request does not match"), serve(fake) as api:
        requests.patch(
            f"{api.base_url}/repos/octo/app/pulls/1",
            json={"state": "merged"},
            headers=bot_headers(),
            timeout=10,
        )


def test_a_query_parameter_of_the_wrong_type_is_reported(fake: FakeGitHub) -> None:
    with serve(fake, check=False) as api:
        response = requests.get(
            f"{api.base_url}/repos/octo/app/actions/runs",
            params={"per_page": "many"},
            headers=bot_headers(),
            timeout=10,
        )

        assert response.status_code == 400
        assert "per_page" in api.problems[0]


def test_a_response_that_violates_the_description_is_reported(fake: FakeGitHub) -> None:
    only_run(fake).jobs[0].conclusion = cast(Any, "exploded")
    with serve(fake, check=False) as api:
        gh = client(api)
        run = gh.get_repo("octo/app").get_workflow_run(only_run(fake).id)

        with pytest.raises(GithubException) as raised:
            list(run.jobs())

        assert raised.value.status == 500
        (problem,) = api.problems
        assert "response does not match GitHub's OpenAPI description" in problem
        assert "at /jobs/0/conclusion: 'exploded' is not one of" in problem


def test_an_undocumented_response_property_is_reported(
    fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = payload_users.private_user

    def misspelt(*args: Any) -> dict[str, Any]:
        return {**builder(*args), "two_factor_authenticaton": True}

    monkeypatch.setattr(users_handlers, "private_user", misspelt)
    with serve(fake, check=False) as api:
        response = requests.get(f"{api.base_url}/user", headers=bot_headers(), timeout=10)

        assert response.status_code == 500
        assert "'two_factor_authenticaton' was unexpected" in api.problems[0]


def test_an_undocumented_status_outside_the_known_list_is_reported(fake: FakeGitHub) -> None:
    fake.fail("GET", "/repos/{owner}/{repo}", Fault(418, {"message": "I'm a teapot"}))
    with serve(fake, check=False) as api:
        response = requests.get(f"{api.base_url}/repos/octo/app", headers=bot_headers(), timeout=10)

        assert response.status_code == 500
        assert "Unknown response http status: 418" in api.problems[0]


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ({"type": "string", "nullable": True, "enum": ["success"]}, None, True),
        ({"type": "string", "nullable": True, "enum": ["success"]}, "exploded", False),
        ({"type": "string", "enum": ["success"]}, None, False),
        ({"type": "string", "nullable": True, "enum": ["success", None]}, None, True),
    ],
    ids=["nullable-enum-null", "nullable-enum-other", "enum-null", "enum-listing-null"],
)
def test_null_passes_only_enums_marked_nullable(
    schema: dict[str, Any], instance: str | None, valid: bool
) -> None:
    for factory in (compat.READ_VALIDATORS, compat.WRITE_VALIDATORS):
        assert factory.schema_validator_cls(schema).is_valid(instance) is valid


def test_an_endpoint_the_fake_lacks_is_reported(fake: FakeGitHub) -> None:
    with serve(fake, check=False) as api:
        response = requests.get(
            f"{api.base_url}/repos/octo/app/branches", headers=bot_headers(), timeout=10
        )

        assert response.status_code == 404
        assert "does not implement" in api.problems[0]


# -- authentication, credentials and faults ----------------------------------------------


def test_a_bad_token_is_401_bad_credentials(api: RunningServer) -> None:
    gh = client(api, "ghp_wrongtoken0000")

    with pytest.raises(BadCredentialsException) as raised:
        gh.get_repo("octo/app")

    assert raised.value.status == 401
    assert raised.value.data["message"] == "Bad credentials"


def test_no_token_is_401_requires_authentication(api: RunningServer) -> None:
    response = requests.get(f"{api.base_url}/repos/octo/app", timeout=10)

    assert response.status_code == 401
    assert response.json()["message"] == "Requires authentication"


@pytest.mark.parametrize("scheme", ["token", "Bearer"])
def test_both_authorization_schemes(api: RunningServer, scheme: str) -> None:
    headers = {"Authorization": f"{scheme} {BOT_TOKEN}"}

    response = requests.get(f"{api.base_url}/user", headers=headers, timeout=10)

    assert response.json()["login"] == "fixer-bot"


def test_requests_are_recorded_without_the_token(gh: Github, fake: FakeGitHub) -> None:
    gh.get_repo("octo/app").get_pull(1).create_issue_comment("hi")

    assert [(r.method, r.route, r.status) for r in fake.requests] == [
        ("GET", "/repos/{owner}/{repo}", 200),
        ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", 200),
        ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", 201),
    ]
    assert all(r.header("Authorization") == "token ***" for r in fake.requests)
    assert all(r.login == "fixer-bot" for r in fake.requests)
    assert fake.requests[-1].body == b'{"body": "hi"}'
    assert not any(BOT_TOKEN in repr(r) for r in fake.requests)


def test_a_token_in_the_url_is_reported(fake: FakeGitHub) -> None:
    with serve(fake, check=False) as api:
        requests.get(f"{api.base_url}/user?access_token={BOT_TOKEN}", timeout=10)

        (problem,) = api.problems
        assert "GET /user: a token appears in the request URL (/user?access_token=***)" in problem
        assert BOT_TOKEN not in problem


def test_a_token_in_a_comment_is_reported(fake: FakeGitHub) -> None:
    with serve(fake, check=False) as api:
        pull = client(api).get_repo("octo/app").get_pull(1)
        pull.create_issue_comment(f"debug: GITHUB_TOKEN={BOT_TOKEN}")

        (problem,) = api.problems
        assert "a token appears in the request body" in problem


def test_primary_rate_limit_raises_rate_limit_exceeded(gh: Github, fake: FakeGitHub) -> None:
    reset = int(time.time()) + 600
    fake.fail("GET", "/repos/{owner}/{repo}", faults.rate_limited(reset=reset))

    with pytest.raises(RateLimitExceededException) as raised:
        gh.get_repo("octo/app")

    assert raised.value.status == 403
    assert raised.value.headers is not None
    assert raised.value.headers["x-ratelimit-remaining"] == "0"
    assert raised.value.headers["x-ratelimit-reset"] == str(reset)
    assert gh.get_repo("octo/app").full_name == "octo/app"  # the fault was used up


def test_secondary_rate_limit_carries_retry_after(gh: Github, fake: FakeGitHub) -> None:
    fake.fail("GET", "/repos/octo/app/pulls/1", faults.secondary_rate_limited(retry_after=30))
    repo = gh.get_repo("octo/app")

    with pytest.raises(RateLimitExceededException) as raised:
        repo.get_pull(1)

    assert raised.value.headers is not None
    assert raised.value.headers["retry-after"] == "30"


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_surface_as_github_exceptions(
    gh: Github, fake: FakeGitHub, status: int
) -> None:
    fake.fail("GET", "/repos/{owner}/{repo}/actions/runs", faults.server_error(status))
    repo = gh.get_repo("octo/app")

    with pytest.raises(GithubException) as raised:
        list(repo.get_workflow_runs())

    assert raised.value.status == status


def test_pygithub_default_retry_rides_out_one_bad_gateway(
    api: RunningServer, fake: FakeGitHub
) -> None:
    fake.fail("GET", "/repos/{owner}/{repo}", faults.server_error(502))
    gh = client(api, retry=Github.default_retry)

    assert gh.get_repo("octo/app").full_name == "octo/app"
    assert [r.status for r in fake.requests_to("GET", "/repos/octo/app")] == [502, 200]


def test_injected_not_found(gh: Github, fake: FakeGitHub) -> None:
    fake.fail("GET", "/repos/octo/app/pulls/1", faults.not_found(), times=2)
    repo = gh.get_repo("octo/app")

    for _ in range(2):
        with pytest.raises(UnknownObjectException):
            repo.get_pull(1)
    assert repo.get_pull(1).number == 1


# -- concurrency, spec, guard ------------------------------------------------------------


def test_parallel_clients(api: RunningServer, fake: FakeGitHub) -> None:
    def fetch(number: int) -> int:
        response = requests.get(
            f"{api.base_url}/repos/octo/app/pulls/1", headers=bot_headers(), timeout=10
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fetch, range(32)))

    assert statuses == [200] * 32
    assert len(fake.requests) == 32


def test_guard_blocks_real_github(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = block_real_github(monkeypatch)

    with pytest.raises(RealNetworkBlocked):
        socket.create_connection(("api.github.com", 443), timeout=1)
    with pytest.raises(RealNetworkBlocked):
        socket.create_connection(("140.82.112.6", 443), timeout=1)
    with pytest.raises((RealNetworkBlocked, requests.ConnectionError)):
        requests.get("https://api.github.com/user", timeout=1)
    with pytest.raises(RealNetworkBlocked, match=r"api\.github\.com"):
        guard.check()


def test_guard_lets_loopback_through(api: RunningServer) -> None:
    port = urllib.parse.urlsplit(api.base_url).port
    assert port is not None

    socket.create_connection(("127.0.0.1", port), timeout=1).close()
    socket.create_connection(("localhost", port), timeout=1).close()


# -- the OpenAPI description --------------------------------------------------------------


def test_trimmed_description_is_githubs_own(api: RunningServer) -> None:
    full = json.loads(api.spec.source.read_bytes())
    trimmed = api.spec.document

    assert {(m, p) for p, item in trimmed["paths"].items() for m in item} == set(OPERATIONS)
    for path, item in trimmed["paths"].items():
        for method, operation in item.items():
            assert operation == full["paths"][path][method]
    for kind, section in trimmed["components"].items():
        for name, definition in section.items():
            assert definition == full["components"][kind][name], f"{kind}/{name}"
    assert trimmed["openapi"] == full["openapi"] == "3.0.3"


def test_trimmed_description_is_cached_by_content(tmp_path: Path) -> None:
    first = spec_module.load(OPERATIONS, cache_dir=tmp_path)
    second = spec_module.load(OPERATIONS, cache_dir=tmp_path)
    fewer = spec_module.load(OPERATIONS[:1], cache_dir=tmp_path)

    assert (first.cache_hit, second.cache_hit, fewer.cache_hit) == (False, True, False)
    assert first.cache_file == second.cache_file != fewer.cache_file
    assert second.document == first.document
    assert list(tmp_path.iterdir()) == [fewer.cache_file]  # stale entries are removed


def test_missing_description_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(SpecMissingError, match="npm ci"):
        spec_module.load(OPERATIONS, root=tmp_path)


def test_ready_made_fixtures(fake_github: FakeGitHub, github_api: RunningServer) -> None:
    fake_github.add_user("someone", token="ghp_someone000001")

    response = requests.get(
        f"{github_api.base_url}/user",
        headers={"Authorization": "Bearer ghp_someone000001"},
        timeout=10,
    )

    assert response.json()["login"] == "someone"


def test_a_review_with_suggested_changes(fake: FakeGitHub, gh: Github) -> None:
    pull = gh.get_repo("octo/app").get_pull(1)
    suggestion = "```suggestion\nfrom typing import Any\n```"
    review = pull.create_review(
        body="The fix, as suggested changes",
        event="COMMENT",
        comments=[
            {"path": "app.py", "line": 3, "side": "RIGHT", "body": suggestion},
            {"path": "app.py", "line": 9, "start_line": 7, "side": "RIGHT", "body": "x"},
        ],
    )
    (stored,) = fake.repo("octo/app").reviews.values()
    assert (review.id, review.state, review.user.login) == (stored.id, "COMMENTED", "fixer-bot")
    assert review.commit_id == fake.repo("octo/app").pulls[1].head_sha
    assert [(c.path, c.start_line, c.line, c.body) for c in stored.comments] == [
        ("app.py", None, 3, suggestion),
        ("app.py", 7, 9, "x"),
    ]
    with pytest.raises(GithubException) as refused:
        pull.create_review(
            body="b",
            event="COMMENT",
            comments=[{"path": "a", "line": 2, "start_line": 5, "body": "x"}],
        )
    assert refused.value.status == 422
    assert refused.value.data["errors"] == ["start_line must precede line"]
    with pytest.raises(GithubException) as unsaid:
        pull.create_review(event="COMMENT", comments=[])
    assert unsaid.value.status == 422
