"""The fake GitHub's records: plain mutable dataclasses that tests seed and inspect."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Role = Literal["admin", "maintain", "write", "triage", "read", "none"]
UserType = Literal["User", "Bot", "Organization"]
RunStatus = Literal[
    "queued", "in_progress", "completed", "waiting", "requested", "pending", "action_required"
]
JobStatus = Literal["queued", "in_progress", "completed", "waiting", "requested", "pending"]
Conclusion = Literal[
    "success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required"
]


@dataclass(eq=False)
class User:
    login: str
    id: int
    created_at: datetime
    type: UserType = "User"
    name: str | None = None
    email: str | None = None


@dataclass(eq=False)
class Repo:
    owner: User
    name: str
    id: int
    created_at: datetime
    default_branch: str = "main"
    private: bool = False
    description: str | None = None
    # What ``clone_url`` says, e.g. a local bare repository for end-to-end tests.
    clone_url: str | None = None
    branches: dict[str, str] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    pulls: dict[int, PullRequest] = field(default_factory=dict)
    runs: dict[int, WorkflowRun] = field(default_factory=dict)
    comments: dict[int, IssueComment] = field(default_factory=dict)
    reviews: dict[int, Review] = field(default_factory=dict)
    check_runs: dict[int, CheckRun] = field(default_factory=dict)
    next_number: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.owner.login}/{self.name}"


@dataclass(eq=False)
class PullRequest:
    repo: Repo
    number: int
    id: int
    user: User
    title: str
    body: str | None
    head_repo: Repo
    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    created_at: datetime
    updated_at: datetime
    state: Literal["open", "closed"] = "open"
    draft: bool = False
    maintainer_can_modify: bool = False
    closed_at: datetime | None = None
    merged_at: datetime | None = None

    @property
    def head_label(self) -> str:
        return f"{self.head_repo.owner.login}:{self.head_ref}"


@dataclass(eq=False)
class Step:
    name: str
    number: int
    status: Literal["queued", "in_progress", "completed"] = "completed"
    conclusion: str | None = "success"


@dataclass(eq=False)
class Job:
    run: WorkflowRun
    id: int
    name: str
    run_attempt: int
    created_at: datetime
    status: JobStatus = "completed"
    conclusion: Conclusion | None = "failure"
    steps: list[Step] = field(default_factory=list)
    log: str | None = None
    runner_name: str | None = "GitHub Actions 2"
    labels: list[str] = field(default_factory=lambda: ["ubuntu-latest"])


@dataclass(eq=False)
class WorkflowRun:
    repo: Repo
    id: int
    name: str
    head_repo: Repo
    head_branch: str | None
    head_sha: str
    event: str
    actor: User
    workflow_id: int
    run_number: int
    created_at: datetime
    updated_at: datetime
    path: str = ".github/workflows/ci.yml"
    status: RunStatus = "completed"
    conclusion: Conclusion | None = "failure"
    run_attempt: int = 1
    display_title: str = "CI"
    jobs: list[Job] = field(default_factory=list)
    # The run's log archive as GitHub serves it; None once logs expired or were deleted.
    logs_zip: bytes | None = None
    # Whether the run lists its pull requests: GitHub leaves ``pull_requests`` empty for
    # a fork's, and sometimes for a bot's, even when the run's head is a pull request's.
    lists_pulls: bool = True


@dataclass(eq=False)
class Reaction:
    id: int
    user: User
    content: str
    created_at: datetime


@dataclass(eq=False)
class IssueComment:
    repo: Repo
    issue_number: int
    id: int
    user: User
    body: str
    created_at: datetime
    updated_at: datetime
    reactions: list[Reaction] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """A comment of a review on lines ``start_line``..``line`` of ``path`` (head side)."""

    path: str
    line: int
    start_line: int | None
    body: str


@dataclass(eq=False)
class Review:
    """A pull request review, submitted (``COMMENT``, ``APPROVE``...) or ``PENDING``."""

    repo: Repo
    pull_number: int
    id: int
    user: User
    body: str
    state: str
    commit_id: str
    submitted_at: datetime | None
    comments: list[ReviewComment] = field(default_factory=list)


@dataclass(eq=False)
class CheckRun:
    """A check run an App made on a commit, with its output's annotations as sent."""

    repo: Repo
    id: int
    name: str
    head_sha: str
    status: str
    conclusion: str | None
    started_at: datetime
    completed_at: datetime | None
    title: str | None
    summary: str | None
    annotations: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Download:
    """Bytes behind a short-lived download URL (what GitHub's log endpoints redirect to)."""

    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Fault:
    """A canned error response queued for a route (see :mod:`.faults`)."""

    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request the server received, with any credential replaced by ``***``."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: bytes
    route: str | None
    login: str | None
    status: int

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)
