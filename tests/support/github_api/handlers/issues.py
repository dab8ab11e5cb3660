"""Comments on issues and pull requests, and reactions to them."""

from __future__ import annotations

from typing import Any

from ..faults import not_found
from ..models import IssueComment, Reaction, Repo
from ..payloads.issues import issue_comment, pull_as_issue, reaction
from ..routing import ApiError, Call, Reply, Route, paginate
from .access import require_author_or_writer


def get_issue(call: Call) -> Reply:
    repo = call.repo()
    return Reply(200, pull_as_issue(repo.pulls[_issue_number(call, repo)], call.urls))


def get_comment(call: Call) -> Reply:
    return Reply(200, issue_comment(_comment(call, call.repo()), call.urls))


def list_comments(call: Call) -> Reply:
    repo = call.repo()
    number = _issue_number(call, repo)
    since = call.query.get("since")
    comments = [
        comment
        for comment in sorted(repo.comments.values(), key=lambda c: c.id)
        if comment.issue_number == number and (since is None or comment.updated_at >= since)
    ]
    page, headers = paginate(call, comments)
    return Reply(200, [issue_comment(comment, call.urls) for comment in page], headers)


def create_comment(call: Call) -> Reply:
    repo = call.repo()
    number = _issue_number(call, repo)
    now = call.state.tick()
    body: dict[str, Any] = call.body
    comment = IssueComment(repo, number, call.state.next_id(), call.user, body["body"], now, now)
    repo.comments[comment.id] = comment
    payload = issue_comment(comment, call.urls)
    return Reply(201, payload, (("Location", payload["url"]),))


def update_comment(call: Call) -> Reply:
    repo = call.repo()
    comment = _comment(call, repo)
    require_author_or_writer(call, repo, comment.user)
    comment.body = call.body["body"]
    comment.updated_at = call.state.tick()
    return Reply(200, issue_comment(comment, call.urls))


def create_reaction(call: Call) -> Reply:
    comment = _comment(call, call.repo())
    content = call.body["content"]
    for existing in comment.reactions:
        if existing.user is call.user and existing.content == content:
            return Reply(200, reaction(existing, call.urls))
    created = Reaction(call.state.next_id(), call.user, content, call.state.tick())
    comment.reactions.append(created)
    return Reply(201, reaction(created, call.urls))


def _issue_number(call: Call, repo: Repo) -> int:
    """Only pull requests exist in the fake; any other issue number is not found."""
    number = int(call.path["issue_number"])
    if number not in repo.pulls:
        raise ApiError.of(not_found())
    return number


def _comment(call: Call, repo: Repo) -> IssueComment:
    comment = repo.comments.get(int(call.path["comment_id"]))
    if comment is None:
        raise ApiError.of(not_found())
    return comment


ROUTES = (
    Route("GET", "/repos/{owner}/{repo}/issues/{issue_number}", get_issue),
    Route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", get_comment),
    Route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", list_comments),
    Route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", create_comment),
    Route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", update_comment),
    Route("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", create_reaction),
)
