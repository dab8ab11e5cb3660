"""``issue`` (a pull request seen as an issue), ``issue-comment`` and ``reaction``."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import IssueComment, PullRequest, Reaction
from ..routing import Urls
from .common import JSON, iso, node_id
from .repos import author_association
from .users import simple_user

REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket")
# GitHub numbers a pull request and its issue from different sequences.
ISSUE_ID_OFFSET = 900_000_000


def pull_as_issue(pull: PullRequest, urls: Urls) -> JSON:
    api = urls.repo(pull.repo)
    url = f"{api}/issues/{pull.number}"
    html = f"{urls.repo_web(pull.repo)}/pull/{pull.number}"
    issue_id = ISSUE_ID_OFFSET + pull.id
    comments = sum(c.issue_number == pull.number for c in pull.repo.comments.values())
    return {
        "id": issue_id,
        "node_id": node_id("Issue", issue_id),
        "url": url,
        "repository_url": api,
        "labels_url": f"{url}/labels{{/name}}",
        "comments_url": f"{url}/comments",
        "events_url": f"{url}/events",
        "html_url": html,
        "timeline_url": f"{url}/timeline",
        "number": pull.number,
        "state": pull.state,
        "state_reason": None,
        "title": pull.title,
        "body": pull.body,
        "user": simple_user(pull.user, urls),
        "labels": [],
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "locked": False,
        "active_lock_reason": None,
        "comments": comments,
        "pull_request": {
            "url": f"{api}/pulls/{pull.number}",
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "merged_at": iso(pull.merged_at),
        },
        "closed_at": iso(pull.closed_at),
        "created_at": iso(pull.created_at),
        "updated_at": iso(pull.updated_at),
        "draft": pull.draft,
        "closed_by": None,
        "author_association": author_association(pull.repo, pull.user),
        "performed_via_github_app": None,
        "reactions": _rollup(f"{url}/reactions", []),
    }


def issue_comment(comment: IssueComment, urls: Urls) -> JSON:
    api = urls.repo(comment.repo)
    url = f"{api}/issues/comments/{comment.id}"
    kind = "pull" if comment.issue_number in comment.repo.pulls else "issues"
    return {
        "id": comment.id,
        "node_id": node_id("IssueComment", comment.id),
        "url": url,
        "html_url": f"{urls.repo_web(comment.repo)}/{kind}/{comment.issue_number}"
        f"#issuecomment-{comment.id}",
        "body": comment.body,
        "user": simple_user(comment.user, urls),
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
        "issue_url": f"{api}/issues/{comment.issue_number}",
        "author_association": author_association(comment.repo, comment.user),
        "performed_via_github_app": None,
        "reactions": _rollup(f"{url}/reactions", comment.reactions),
    }


def reaction(reaction: Reaction, urls: Urls) -> JSON:
    return {
        "id": reaction.id,
        "node_id": node_id("Reaction", reaction.id),
        "user": simple_user(reaction.user, urls),
        "content": reaction.content,
        "created_at": iso(reaction.created_at),
    }


def _rollup(url: str, reactions: Sequence[Reaction]) -> JSON:
    counts = {content: sum(r.content == content for r in reactions) for content in REACTIONS}
    return {"url": url, "total_count": len(reactions), **counts}
