"""A fake GitHub REST API on 127.0.0.1, checked against GitHub's OpenAPI description.

    from github import Auth, Github
    from tests.support.github_api import FakeGitHub, serve

    fake = FakeGitHub()
    fake.add_user("fixer-bot", token="ghp_fixerbot0001")
    repo = fake.add_repo("octo/app")
    pull = fake.add_pull(repo, head="feature", author="alice")
    with serve(fake) as api:
        gh = Github(base_url=api.base_url, auth=Auth.Token("ghp_fixerbot0001"), retry=None)
        assert gh.get_repo("octo/app").get_pull(pull.number).head.ref == "feature"

Every request and response is validated; problems fail the ``with`` block on exit.
"""

from . import faults
from .guard import RealNetworkBlocked, block_real_github
from .models import Fault, IssueComment, Job, PullRequest, RecordedRequest, Repo, User, WorkflowRun
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
