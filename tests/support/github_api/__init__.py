"""A fake GitHub REST API on 127.0.0.1, checked against GitHub's OpenAPI description.

    from github import Auth, Github
    from tests.support.github_api import FakeGitHub, faults, serve

    fake = FakeGitHub()
    fake.add_user("fixer-bot", token="ghp_fixerbot0001")
    repo = fake.add_repo("octo/app")
    pull = fake.add_pull(repo, head="feature", author="alice")
    fake.add_run(repo, head_sha=pull.head_sha, head_branch="feature", logs_zip=archive)
    fake.fail("GET", "/repos/{owner}/{repo}", faults.server_error(502))  # optional
    with serve(fake) as api:
        gh = Github(
            base_url=api.base_url,  # http://127.0.0.1:PORT, no /api/v3
            auth=Auth.Token("ghp_fixerbot0001"),
            retry=None,  # or keep PyGithub's retries to test riding out the 502
            seconds_between_requests=0,  # PyGithub's throttle, 1 s per write otherwise
            seconds_between_writes=0,
        )
        ...
    assert fake.requests_to("POST", "/repos/{owner}/{repo}/pulls")[0].status == 201

Every request and response is validated against the description; any problem (and any
token seen in a URL or body) fails the ``with`` block on exit with a readable message.
"""

from . import faults
from .guard import RealNetworkBlocked, block_real_github
from .models import (
    Fault,
    IssueComment,
    Job,
    PullRequest,
    RecordedRequest,
    Repo,
    Review,
    User,
    WorkflowRun,
)
from .server import RunningServer, ValidationProblems, serve, shared_spec
from .spec import SpecMissingError
from .state import FakeGitHub

__all__ = [
    "FakeGitHub",
    "Fault",
    "IssueComment",
    "Job",
    "PullRequest",
    "RealNetworkBlocked",
    "RecordedRequest",
    "Repo",
    "Review",
    "RunningServer",
    "SpecMissingError",
    "User",
    "ValidationProblems",
    "WorkflowRun",
    "block_real_github",
    "faults",
    "serve",
    "shared_spec",
]
