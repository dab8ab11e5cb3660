"""``pull-request`` (one pull) and ``pull-request-simple`` (pulls in a list)."""

from __future__ import annotations

from ..models import PullRequest, Repo
from ..routing import Urls
from .common import JSON, iso, node_id
from .repos import author_association, repository
from .users import simple_user


def pull_request_simple(pull: PullRequest, urls: Urls) -> JSON:
    repo_api = urls.repo(pull.repo)
    url = f"{repo_api}/pulls/{pull.number}"
    html = f"{urls.repo_web(pull.repo)}/pull/{pull.number}"
    issue = f"{repo_api}/issues/{pull.number}"
    statuses = f"{repo_api}/statuses/{pull.head_sha}"
    review_comment = f"{repo_api}/pulls/comments{{/number}}"
    return {
        "url": url,
        "id": pull.id,
        "node_id": node_id("PullRequest", pull.id),
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": issue,
        "number": pull.number,
        "state": pull.state,
        "locked": False,
        "title": pull.title,
        "user": simple_user(pull.user, urls),
        "body": pull.body,
        "created_at": iso(pull.created_at),
        "updated_at": iso(pull.updated_at),
        "closed_at": iso(pull.closed_at),
        "merged_at": iso(pull.merged_at),
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "labels": [],
        "milestone": None,
        "draft": pull.draft,
        "commits_url": f"{url}/commits",
        "review_comments_url": f"{url}/comments",
        "review_comment_url": review_comment,
        "comments_url": f"{issue}/comments",
        "statuses_url": statuses,
        "head": _end(pull.head_repo, pull.head_ref, pull.head_sha, urls),
        "base": _end(pull.repo, pull.base_ref, pull.base_sha, urls),
        "_links": {
            "self": {"href": url},
            "html": {"href": html},
            "issue": {"href": issue},
            "comments": {"href": f"{issue}/comments"},
            "review_comments": {"href": f"{url}/comments"},
            "review_comment": {"href": review_comment},
            "commits": {"href": f"{url}/commits"},
            "statuses": {"href": statuses},
        },
        "author_association": author_association(pull.repo, pull.user),
        "auto_merge": None,
        "active_lock_reason": None,
    }


def pull_request(pull: PullRequest, urls: Urls) -> JSON:
    comments = sum(c.issue_number == pull.number for c in pull.repo.comments.values())
    is_open = pull.state == "open"
    return {
        **pull_request_simple(pull, urls),
        "merged": pull.merged_at is not None,
        "mergeable": True if is_open else None,
        "rebaseable": True if is_open else None,
        "mergeable_state": "clean" if is_open else "unknown",
        "merged_by": None,
        "comments": comments,
        "review_comments": 0,
        "maintainer_can_modify": pull.maintainer_can_modify,
        "commits": 1,
        "additions": 1,
        "deletions": 1,
        "changed_files": 1,
    }


def pull_request_minimal(pull: PullRequest, urls: Urls) -> JSON:
    """How a workflow run lists the pull requests whose head it ran on."""

    def end(repo: Repo, ref: str, sha: str) -> JSON:
        return {
            "ref": ref,
            "sha": sha,
            "repo": {"id": repo.id, "url": urls.repo(repo), "name": repo.name},
        }

    return {
        "id": pull.id,
        "number": pull.number,
        "url": f"{urls.repo(pull.repo)}/pulls/{pull.number}",
        "head": end(pull.head_repo, pull.head_ref, pull.head_sha),
        "base": end(pull.repo, pull.base_ref, pull.base_sha),
    }


def _end(repo: Repo, ref: str, sha: str, urls: Urls) -> JSON:
    return {
        "label": f"{repo.owner.login}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": simple_user(repo.owner, urls),
        "repo": repository(repo, urls),
    }
