"""Pull request reviews: create one, with its line comments (suggested changes among them).

GitHub accepts a review comment only on lines of the pull request's diff (a hunk of
``base...head``, the head side): when the state can say which lines those are
(:meth:`FakeGitHub.diff_lines`), a comment elsewhere is refused with GitHub's 422, as
GitHub refuses it; so is a range whose start is after its end, or a comment without a line.
A ``commit_id`` anchors the comments on that commit of the pull request (its diff is the
one they must sit on); one that is not part of the pull request (the head was
force-pushed away from it) is refused with GitHub's 422.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

from ..models import Fault, Review, ReviewComment
from ..payloads.reviews import pull_request_review
from ..routing import ApiError, Call, Reply, Route
from .pulls import _pull

DOCS = "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request"
STATES = {"COMMENT": "COMMENTED", "APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED"}


def create_review(call: Call) -> Reply:
    repo = call.repo()
    pull = _pull(call, repo)
    body: dict[str, Any] = call.body or {}
    event = body.get("event")
    if event in ("COMMENT", "REQUEST_CHANGES") and not body.get("body"):
        _reject("Body is required for a review that comments or requests changes")
    commit = body.get("commit_id") or pull.head_sha
    commits = call.state.pull_commits(repo, pull)
    if not re.fullmatch(r"[0-9a-f]{40}", commit) or (commits is not None and commit not in commits):
        _reject("commit_id is not part of the pull request")
    lines = call.state.diff_lines(repo, pull, commit)
    comments = []
    for item in body.get("comments", []):
        if "line" not in item or "position" in item:
            _reject("fixer's fake takes comments by line (and start_line), not by position")
        if item.get("side", "RIGHT") != "RIGHT" or item.get("start_side", "RIGHT") != "RIGHT":
            _reject("fixer's fake takes comments on the head side (RIGHT) only")
        start, end = item.get("start_line"), item["line"]
        if start is not None and start > end:
            _reject("start_line must precede line")
        wanted = range(start if start is not None else end, end + 1)
        if lines is not None and not set(wanted) <= lines.get(item["path"], set()):
            _reject("Line could not be resolved")  # what GitHub says off the diff
        comments.append(ReviewComment(item["path"], end, start, item["body"]))
    now = call.state.tick()
    review = Review(
        repo,
        pull.number,
        call.state.next_id(),
        call.user,
        body.get("body", ""),
        STATES.get(str(event), "PENDING"),
        commit,
        now if event else None,
        comments,
    )
    repo.reviews[review.id] = review
    return Reply(200, pull_request_review(review, call.urls))


def _reject(message: str) -> NoReturn:
    """GitHub's 422 here is ``validation-error-simple``: its errors are strings."""
    body = {"message": "Unprocessable Entity", "errors": [message], "documentation_url": DOCS}
    raise ApiError.of(Fault(422, body))


ROUTES = (Route("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", create_review),)
