"""Who may change what: the checks GitHub makes before an edit."""

from __future__ import annotations

from ..faults import forbidden
from ..models import Repo, User
from ..payloads.repos import ROLE_RANKS
from ..routing import ApiError, Call


def require_author_or_writer(call: Call, repo: Repo, author: User) -> None:
    """Editing a pull request or comment takes being its author or having write access."""
    if author is call.user:
        return
    role = call.state.role(repo, call.user.login)
    if ROLE_RANKS.index(role) < ROLE_RANKS.index("write"):
        raise ApiError.of(forbidden())
