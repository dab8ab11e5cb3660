"""``minimal-repository``, ``repository``, ``full-repository`` and collaborator permissions."""

from __future__ import annotations

from ..models import Repo, Role, User
from ..routing import Urls
from .common import JSON, iso, node_id
from .users import simple_user

# GitHub's ``permission`` field predates custom roles: maintain reads as write, triage as read.
PERMISSION_OF_ROLE: dict[Role, str] = {
    "admin": "admin",
    "maintain": "write",
    "write": "write",
    "triage": "read",
    "read": "read",
    "none": "none",
}
ROLE_RANKS: tuple[Role, ...] = ("none", "read", "triage", "write", "maintain", "admin")
PERMISSION_FLAGS: dict[str, Role] = {
    "pull": "read",
    "triage": "triage",
    "push": "write",
    "maintain": "maintain",
    "admin": "admin",
}


def permissions(role: Role) -> dict[str, bool]:
    rank = ROLE_RANKS.index(role)
    return {flag: rank >= ROLE_RANKS.index(needed) for flag, needed in PERMISSION_FLAGS.items()}


def minimal_repository(repo: Repo, urls: Urls) -> JSON:
    api = urls.repo(repo)
    return {
        "id": repo.id,
        "node_id": node_id("Repository", repo.id),
        "name": repo.name,
        "full_name": repo.full_name,
        "private": repo.private,
        "owner": simple_user(repo.owner, urls),
        "html_url": urls.repo_web(repo),
        "description": repo.description,
        "fork": False,
        "url": api,
        **{f"{name}_url": f"{api}/{suffix}" for name, suffix in _URL_SUFFIXES.items()},
    }


def author_association(repo: Repo, user: User) -> str:
    if user is repo.owner:
        return "OWNER"
    return "COLLABORATOR" if repo.roles.get(user.login.lower(), "none") != "none" else "NONE"


def repository(repo: Repo, urls: Urls, viewer_role: Role | None = None) -> JSON:
    """The ``repository`` object; ``permissions`` only when there is a viewer to have them."""
    web = urls.repo_web(repo)
    host = urls.web.split("://", 1)[-1]
    open_issues = sum(pull.state == "open" for pull in repo.pulls.values())
    payload: JSON = {
        **minimal_repository(repo, urls),
        "git_url": f"git://{host}/{repo.full_name}.git",
        "ssh_url": f"git@{host}:{repo.full_name}.git",
        "clone_url": repo.clone_url or f"{web}.git",
        "svn_url": web,
        "mirror_url": None,
        "homepage": None,
        "language": "Python",
        "forks": 0,
        "forks_count": 0,
        "stargazers_count": 0,
        "watchers": 0,
        "watchers_count": 0,
        "size": 108,
        "default_branch": repo.default_branch,
        "open_issues": open_issues,
        "open_issues_count": open_issues,
        "is_template": False,
        "topics": [],
        "has_issues": True,
        "has_projects": True,
        "has_wiki": True,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "visibility": "private" if repo.private else "public",
        "pushed_at": iso(repo.created_at),
        "created_at": iso(repo.created_at),
        "updated_at": iso(repo.created_at),
        "allow_forking": True,
        "web_commit_signoff_required": False,
        "license": None,
    }
    if viewer_role is not None:
        payload["permissions"] = permissions(viewer_role)
    return payload


def full_repository(repo: Repo, urls: Urls, viewer_role: Role) -> JSON:
    return {
        **repository(repo, urls, viewer_role),
        "allow_rebase_merge": True,
        "allow_squash_merge": True,
        "allow_merge_commit": True,
        "allow_auto_merge": False,
        "delete_branch_on_merge": False,
        "allow_update_branch": False,
        "use_squash_pr_title_as_default": False,
        "squash_merge_commit_title": "COMMIT_OR_PR_TITLE",
        "squash_merge_commit_message": "COMMIT_MESSAGES",
        "merge_commit_title": "MERGE_MESSAGE",
        "merge_commit_message": "PR_TITLE",
        "temp_clone_token": None,
        "network_count": 0,
        "subscribers_count": 1,
    }


def collaborator_permission(user: User, role: Role, urls: Urls) -> JSON:
    return {
        "permission": PERMISSION_OF_ROLE[role],
        "role_name": role,
        "user": {
            **simple_user(user, urls),
            "permissions": permissions(role),
            "role_name": role,
        },
    }


_URL_SUFFIXES = {
    "archive": "{archive_format}{/ref}",
    "assignees": "assignees{/user}",
    "blobs": "git/blobs{/sha}",
    "branches": "branches{/branch}",
    "collaborators": "collaborators{/collaborator}",
    "comments": "comments{/number}",
    "commits": "commits{/sha}",
    "compare": "compare/{base}...{head}",
    "contents": "contents/{+path}",
    "contributors": "contributors",
    "deployments": "deployments",
    "downloads": "downloads",
    "events": "events",
    "forks": "forks",
    "git_commits": "git/commits{/sha}",
    "git_refs": "git/refs{/sha}",
    "git_tags": "git/tags{/sha}",
    "hooks": "hooks",
    "issue_comment": "issues/comments{/number}",
    "issue_events": "issues/events{/number}",
    "issues": "issues{/number}",
    "keys": "keys{/key_id}",
    "labels": "labels{/name}",
    "languages": "languages",
    "merges": "merges",
    "milestones": "milestones{/number}",
    "notifications": "notifications{?since,all,participating}",
    "pulls": "pulls{/number}",
    "releases": "releases{/id}",
    "stargazers": "stargazers",
    "statuses": "statuses/{sha}",
    "subscribers": "subscribers",
    "subscription": "subscription",
    "tags": "tags",
    "teams": "teams",
    "trees": "git/trees{/sha}",
}
