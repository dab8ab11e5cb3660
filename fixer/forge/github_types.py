"""What :mod:`fixer.forge.github` hands out, and how it judges GitHub's error answers.

:func:`judge` is the one place that decides, from a status, the response headers and the
attempt number, whether to wait and retry (a number of seconds) or to stop (a message).
Both the PyGithub calls and the log downloads go through it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from github.PullRequest import PullRequest
    from github.WorkflowRun import WorkflowRun

Judged = float | str  # seconds to wait before retrying, or the error message
DEFAULT_API = "https://api.github.com"


@dataclass(frozen=True, slots=True)
class Pacing:
    """How long fixer waits for GitHub before giving up."""

    max_wait: float = 60.0  # the longest rate-limit wait fixer sits out
    rate_retries: int = 3  # rate-limit waits per request
    backoff: tuple[float, ...] = (1.0, 3.0)  # waits before retrying a 5xx or lost connection


@dataclass(frozen=True, slots=True)
class PullInfo:
    repo: str  # the base repository, OWNER/NAME
    number: int
    state: str
    title: str
    html_url: str
    author: str
    head_sha: str
    head_ref: str
    head_repo: str | None  # None when the fork was deleted
    head_clone_url: str | None
    base_ref: str
    body: str = ""

    @property
    def is_fork(self) -> bool:
        return self.head_repo is None or self.head_repo.lower() != self.repo.lower()

    @property
    def head_owner(self) -> str:
        return (self.head_repo or self.repo).partition("/")[0]


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    name: str
    run_number: int
    html_url: str


@dataclass(frozen=True, slots=True)
class RunState:
    """A workflow run as the ``workflow_run`` event names it: how it ended, the commit it
    ran on and where that commit lives, and the pull requests GitHub lists for it (often
    none: never a fork's, sometimes not a bot's)."""

    run: RunInfo
    status: str
    conclusion: str | None
    event: str
    head_sha: str
    head_branch: str | None
    head_repo: str | None  # OWNER/NAME; None when the repository is gone
    pull_numbers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class JobInfo:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Posted:
    """A pull request (``id`` is its number) or a comment that fixer opened or edited."""

    id: int
    url: str
    created: bool


def pull_info(pull: PullRequest) -> PullInfo:
    head = pull.head.repo  # None once the fork is deleted, whatever the annotation says
    return PullInfo(
        repo=pull.base.repo.full_name,
        number=pull.number,
        state=pull.state,
        title=pull.title,
        html_url=pull.html_url,
        author=pull.user.login,
        head_sha=pull.head.sha,
        head_ref=pull.head.ref,
        head_repo=head.full_name if head is not None else None,
        head_clone_url=head.clone_url if head is not None else None,
        base_ref=pull.base.ref,
        body=pull.body or "",
    )


def latest_failed(runs: Sequence[WorkflowRun]) -> list[RunInfo]:
    """Of each workflow's runs, the latest, when it failed (a later success supersedes)."""
    latest: dict[int, WorkflowRun] = {}
    for run in runs:
        if run.workflow_id not in latest or run.id > latest[run.workflow_id].id:
            latest[run.workflow_id] = run
    failed = [r for r in latest.values() if r.status == "completed" and r.conclusion == "failure"]
    return [RunInfo(r.id, r.name or "", r.run_number, r.html_url) for r in sorted(failed, key=_id)]


def _id(run: WorkflowRun) -> int:
    return run.id


def describe(data: object) -> str:
    """GitHub's error message, with the ``errors`` details of a 422."""
    if not isinstance(data, Mapping):
        return str(data or "")[:200]
    text = str(data.get("message") or "")
    errors = data.get("errors")
    if isinstance(errors, list):
        details = [  # objects (validation-error), or strings (validation-error-simple)
            str(e.get("message") or f"{e.get('field', '')} {e.get('code', '')}".strip())
            if isinstance(e, Mapping)
            else str(e)
            for e in errors
            if isinstance(e, Mapping | str)
        ]
        text = "; ".join([text, *filter(None, details)])
    return text


def judge(
    status: int,
    headers: Mapping[str, str],
    message: str,
    what: str,
    attempt: int,
    pacing: Pacing,
    host: str = "GitHub",
) -> Judged:
    """Wait (seconds) and retry, or stop (the message), after GitHub answered ``status``
    (0: no answer) to the ``attempt``-th try of ``what``."""
    h = {k.lower(): v for k, v in headers.items()}
    said = f" ({message})" if message else ""
    if status == 429 or (status == 403 and _rate_limited(h, message)):
        wait = _rate_wait(h)
        if wait is not None and wait <= pacing.max_wait and attempt <= pacing.rate_retries:
            return wait
        return f"{what}: GitHub's API rate limit is exhausted{said}; {_retry_when(wait)}"
    if status == 0 or status >= 500:
        if attempt <= len(pacing.backoff):
            return pacing.backoff[attempt - 1]
        if status == 0:
            return f"{what}: cannot reach {host}{said}; check the network or --api-url"
        tries = f" after {attempt} tries" if attempt > 1 else ""
        return f"{what}: GitHub failed with {status}{said}{tries}; try again later"
    if status == 401:
        return f"GitHub rejected the token ({status}{said}); check GITHUB_TOKEN or --token-file"
    if status == 404:
        return f"{what}: not found, or the token has no access to it"
    if status == 403:
        return f"{what}: forbidden{said}; the token lacks a permission this needs"
    if status == 422:
        return f"{what}: GitHub refused it{said}"
    return f"{what}: GitHub answered {status}{said}"


def _rate_limited(h: Mapping[str, str], message: str) -> bool:
    return (
        "retry-after" in h
        or h.get("x-ratelimit-remaining") == "0"
        or "rate limit" in message.lower()
    )


def _rate_wait(h: Mapping[str, str]) -> float | None:
    try:
        if "retry-after" in h:
            return max(float(h["retry-after"]), 0.0)
        if h.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in h:
            return max(float(h["x-ratelimit-reset"]) - time.time(), 0.0) + 1
    except ValueError:
        pass
    return None


def _retry_when(wait: float | None) -> str:
    if wait is None:
        return "run fixer again in a few minutes"
    at = datetime.fromtimestamp(time.time() + wait, UTC).strftime("%H:%M UTC")
    minutes = max(1, round(wait / 60))
    return f"it resets at {at} (in about {minutes} min); run fixer again then"
