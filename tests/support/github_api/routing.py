"""What a route handler receives and returns, the route table's type, and pagination."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .faults import not_found
from .models import Fault, Repo, User
from .state import FakeGitHub

T = TypeVar("T")
DOWNLOAD_PREFIX = "/_downloads/"


@dataclass(frozen=True, slots=True)
class Urls:
    """Origins: the fake API, its download host, and the web origin ``html_url`` names."""

    api: str
    downloads: str
    web: str = "https://github.com"

    def download(self, key: str, name: str) -> str:
        return f"{self.downloads}{DOWNLOAD_PREFIX}{key}/{name}"

    def repo(self, repo: Repo) -> str:
        return f"{self.api}/repos/{repo.full_name}"

    def repo_web(self, repo: Repo) -> str:
        return f"{self.web}/{repo.full_name}"

    def user(self, user: User) -> str:
        return f"{self.api}/users/{user.login}"


@dataclass(frozen=True, slots=True)
class Call:
    """A request that passed authentication and GitHub's description, typed by openapi-core."""

    state: FakeGitHub
    user: User
    urls: Urls
    request_path: str
    raw_query: tuple[tuple[str, str], ...]
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any

    def repo(self) -> Repo:
        repo = self.state.find_repo(str(self.path["owner"]), str(self.path["repo"]))
        if repo is None or self.state.role(repo, self.user.login) == "none":
            raise ApiError.of(not_found())
        return repo


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()


class ApiError(Exception):
    """Raised by handlers to answer with an error response."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(f"{reply.status} {reply.body}")
        self.reply = reply

    @classmethod
    def of(cls, fault: Fault) -> ApiError:
        return cls(Reply(fault.status, fault.body, fault.headers))


Handler = Callable[[Call], Reply]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str
    handler: Handler

    @property
    def operation(self) -> tuple[str, str]:
        return self.method.lower(), self.template

    @property
    def pattern(self) -> re.Pattern[str]:
        regex = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        return re.compile(f"^{regex}$")


def match(routes: Sequence[Route], method: str, path: str) -> Route | None:
    """The route for ``method path``; literal segments win over parameters."""
    candidates = [route for route in routes if route.method == method and route.pattern.match(path)]
    return max(
        candidates,
        key=lambda route: route.template.count("/") - route.template.count("{"),
        default=None,
    )


def paginate(call: Call, items: Sequence[T]) -> tuple[list[T], tuple[tuple[str, str], ...]]:
    """Slice ``items`` by ``per_page`` and ``page`` and build GitHub's ``Link`` header."""
    per_page = max(1, min(int(call.query.get("per_page", 30)), 100))
    page = max(1, int(call.query.get("page", 1)))
    last = max(1, -(-len(items) // per_page))
    links = []
    for rel, number in (("prev", page - 1), ("next", page + 1), ("last", last), ("first", 1)):
        if (rel in ("prev", "first") and page > 1) or (rel in ("next", "last") and page < last):
            links.append(f'<{_page_url(call, per_page, number)}>; rel="{rel}"')
    headers = (("Link", ", ".join(links)),) if links else ()
    return list(items[(page - 1) * per_page : page * per_page]), headers


def _page_url(call: Call, per_page: int, page: int) -> str:
    query = [(key, value) for key, value in call.raw_query if key not in ("per_page", "page")]
    query += [("per_page", str(per_page)), ("page", str(page))]
    return f"{call.urls.api}{call.request_path}?{urllib.parse.urlencode(query)}"
