"""Pull requests: get, list (``head``, ``base``, ``state``), create and update."""

from __future__ import annotations

from typing import Any, NoReturn

from ..faults import DOCS, not_found, validation_failed
from ..models import PullRequest, Repo
from ..payloads.pulls import pull_request, pull_request_simple
from ..routing import ApiError, Call, Reply, Route, paginate
from .access import require_author_or_writer

CREATE_DOCS = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"


def get_pull(call: Call) -> Reply:
    return Reply(200, pull_request(_pull(call, call.repo()), call.urls))


def list_pulls(call: Call) -> Reply:
    repo = call.repo()
    state = call.query.get("state", "open")
    pulls = [pull for pull in repo.pulls.values() if state in ("all", pull.state)]
    head = call.query.get("head")
    # GitHub applies ``head`` only in the ``owner:branch`` form; a bare branch name is ignored.
    if head and ":" in head:
        pulls = [pull for pull in pulls if pull.head_label.lower() == head.lower()]
    if "base" in call.query:
        pulls = [pull for pull in pulls if pull.base_ref == call.query["base"]]
    sort = call.query.get("sort", "created")
    key = "updated_at" if sort == "updated" else "created_at"
    default_direction = "desc" if sort == "created" else "asc"
    descending = call.query.get("direction", default_direction) == "desc"
    pulls.sort(key=lambda pull: (getattr(pull, key), pull.number), reverse=descending)
    page, headers = paginate(call, pulls)
    return Reply(200, [pull_request_simple(pull, call.urls) for pull in page], headers)


def create_pull(call: Call) -> Reply:
    repo = call.repo()
    body: dict[str, Any] = call.body
    if "title" not in body:
        _reject({"resource": "PullRequest", "field": "title", "code": "missing_field"})
    try:
        head_repo, head_ref = call.state.resolve_head(repo, body["head"])
    except KeyError:
        head_repo, head_ref = repo, ""
    if head_ref not in head_repo.branches:
        _reject({"resource": "PullRequest", "field": "head", "code": "invalid"})
    base = body["base"]
    if base not in repo.branches:
        _reject({"resource": "PullRequest", "field": "base", "code": "invalid"})
    _check_not_duplicate(repo, f"{head_repo.owner.login}:{head_ref}", base)
    if head_repo.branches[head_ref] == repo.branches[base]:
        _reject(
            {
                "resource": "PullRequest",
                "code": "custom",
                "message": f"No commits between {base} and {head_ref}",
            }
        )
    title, text, draft = body["title"], body.get("body"), bool(body.get("draft", False))
    pull = call.state.open_pull(repo, call.user, title, text, (head_repo, head_ref), base, draft)
    pull.maintainer_can_modify = bool(body.get("maintainer_can_modify", False))
    payload = pull_request(pull, call.urls)
    return Reply(201, payload, (("Location", payload["url"]),))


def update_pull(call: Call) -> Reply:
    repo = call.repo()
    pull = _pull(call, repo)
    require_author_or_writer(call, repo, pull.user)
    body: dict[str, Any] = call.body or {}
    if "base" in body:
        if body["base"] not in repo.branches:
            _reject({"resource": "PullRequest", "field": "base", "code": "invalid"}, DOCS)
        pull.base_ref, pull.base_sha = body["base"], repo.branches[body["base"]]
    pull.title = body.get("title", pull.title)
    pull.body = body.get("body", pull.body)
    pull.maintainer_can_modify = body.get("maintainer_can_modify", pull.maintainer_can_modify)
    now = call.state.tick()
    if body.get("state") == "closed" and pull.state == "open":
        pull.state, pull.closed_at = "closed", now
    elif body.get("state") == "open" and pull.state == "closed":
        _check_not_duplicate(repo, pull.head_label, pull.base_ref)
        pull.state, pull.closed_at = "open", None
    pull.updated_at = now
    return Reply(200, pull_request(pull, call.urls))


def _pull(call: Call, repo: Repo) -> PullRequest:
    pull = repo.pulls.get(int(call.path["pull_number"]))
    if pull is None:
        raise ApiError.of(not_found())
    return pull


def _check_not_duplicate(repo: Repo, head_label: str, base: str) -> None:
    for pull in repo.pulls.values():
        if pull.state == "open" and pull.head_label == head_label and pull.base_ref == base:
            _reject(
                {
                    "resource": "PullRequest",
                    "code": "custom",
                    "message": f"A pull request already exists for {head_label}.",
                }
            )


def _reject(error: dict[str, Any], docs: str = CREATE_DOCS) -> NoReturn:
    raise ApiError.of(validation_failed(error, docs=docs))


ROUTES = (
    Route("GET", "/repos/{owner}/{repo}/pulls", list_pulls),
    Route("POST", "/repos/{owner}/{repo}/pulls", create_pull),
    Route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", get_pull),
    Route("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", update_pull),
)
