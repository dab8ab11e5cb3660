"""The pull requests associated with a commit: the open ones whose head it is or that
contain it (when the state can say which commits a pull request holds), and the merged
ones that brought it in, as GitHub lists them."""

from __future__ import annotations

from ..payloads.pulls import pull_request_simple
from ..routing import Call, Reply, Route, paginate


def list_pulls_for_commit(call: Call) -> Reply:
    repo = call.repo()
    sha = str(call.path["commit_sha"])
    found = []
    for pull in sorted(repo.pulls.values(), key=lambda p: p.number):
        commits = call.state.pull_commits(repo, pull) or {pull.head_sha}
        if sha in commits and (pull.state == "open" or pull.merged_at is not None):
            found.append(pull)
    page, headers = paginate(call, found)
    return Reply(200, [pull_request_simple(pull, call.urls) for pull in page], headers)


ROUTES = (Route("GET", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls", list_pulls_for_commit),)
