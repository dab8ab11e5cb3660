"""``issue-comment`` and ``reaction``."""

from __future__ import annotations

from ..models import IssueComment, Reaction
from ..routing import Urls
from .common import JSON, iso, node_id
from .repos import author_association
from .users import simple_user

REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket")


def issue_comment(comment: IssueComment, urls: Urls) -> JSON:
    api = urls.repo(comment.repo)
    url = f"{api}/issues/comments/{comment.id}"
    kind = "pull" if comment.issue_number in comment.repo.pulls else "issues"
    rollup: JSON = {content: 0 for content in REACTIONS}
    for reaction in comment.reactions:
        rollup[reaction.content] += 1
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
        "reactions": {"url": f"{url}/reactions", "total_count": len(comment.reactions), **rollup},
    }


def reaction(reaction: Reaction, urls: Urls) -> JSON:
    return {
        "id": reaction.id,
        "node_id": node_id("Reaction", reaction.id),
        "user": simple_user(reaction.user, urls),
        "content": reaction.content,
        "created_at": iso(reaction.created_at),
    }
