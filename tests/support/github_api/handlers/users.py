"""``/user``, ``/users/{username}``, ``/repos/{owner}/{repo}`` and collaborator permission."""

from __future__ import annotations

from ..faults import not_found
from ..payloads.repos import collaborator_permission, full_repository
from ..payloads.users import private_user, public_user
from ..routing import ApiError, Call, Reply, Route


def get_authenticated_user(call: Call) -> Reply:
    owned = [repo for repo in call.state.repos.values() if repo.owner is call.user]
    public = sum(not repo.private for repo in owned)
    return Reply(200, private_user(call.user, call.urls, public, len(owned) - public))


def get_user(call: Call) -> Reply:
    user = call.state.find_user(str(call.path["username"]))
    if user is None:
        raise ApiError.of(not_found())
    owned = [repo for repo in call.state.repos.values() if repo.owner is user]
    return Reply(200, public_user(user, call.urls, sum(not repo.private for repo in owned)))


def get_repo(call: Call) -> Reply:
    repo = call.repo()
    role = call.state.role(repo, call.user.login)
    return Reply(200, full_repository(repo, call.urls, role))


def get_collaborator_permission(call: Call) -> Reply:
    repo = call.repo()
    user = call.state.find_user(str(call.path["username"]))
    if user is None:
        raise ApiError.of(not_found())
    role = call.state.role(repo, user.login)
    return Reply(200, collaborator_permission(user, role, call.urls))


ROUTES = (
    Route("GET", "/user", get_authenticated_user),
    Route("GET", "/users/{username}", get_user),
    Route("GET", "/repos/{owner}/{repo}", get_repo),
    Route(
        "GET",
        "/repos/{owner}/{repo}/collaborators/{username}/permission",
        get_collaborator_permission,
    ),
)
