"""``FakeGitHub``: the server's in-memory world, which tests seed before and inspect after.

Every change the server makes happens under :attr:`FakeGitHub.lock`; a test that reads state
while a client is still running should take it too.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .models import (
    Conclusion,
    Download,
    Fault,
    IssueComment,
    Job,
    PullRequest,
    RecordedRequest,
    Repo,
    Role,
    RunStatus,
    Step,
    User,
    UserType,
    WorkflowRun,
)
from .world import START, World

MIN_TOKEN_LENGTH = 8


@dataclass(slots=True)
class QueuedFault:
    method: str
    path: str
    fault: Fault
    remaining: int


class FakeGitHub(World):
    def __init__(self, *, start: datetime = START) -> None:
        super().__init__(start=start)
        self.requests: list[RecordedRequest] = []
        self.problems: list[str] = []
        self.downloads: dict[str, Download] = {}
        self._faults: list[QueuedFault] = []

    # -- seeding -----------------------------------------------------------------------

    def add_user(
        self,
        login: str,
        *,
        token: str | None = None,
        type: UserType = "User",
        name: str | None = None,
        email: str | None = None,
    ) -> User:
        """Create (or find) a user; ``token`` authenticates as them."""
        with self.lock:
            user = self.users.get(login.lower())
            if user is None:
                user = User(login, self.next_id(), self.tick(), type, name, email)
                self.users[login.lower()] = user
            if token is not None:
                if len(token) < MIN_TOKEN_LENGTH:
                    # Short tokens would make the "no token in any URL" check meaningless.
                    raise ValueError(f"use a token of at least {MIN_TOKEN_LENGTH} characters")
                self.tokens[token] = user.login
            return user

    def add_repo(
        self,
        full_name: str,
        *,
        default_branch: str = "main",
        private: bool = False,
        description: str | None = None,
        clone_url: str | None = None,
    ) -> Repo:
        """Create a repository (and its owner) with one commit on ``default_branch``."""
        owner_login, _, name = full_name.partition("/")
        with self.lock:
            owner = self.add_user(owner_login)
            repo = Repo(
                owner,
                name,
                self.next_id(),
                self.tick(),
                default_branch,
                private,
                description,
                clone_url,
            )
            self.repos[full_name.lower()] = repo
            self.push(repo, default_branch)
            return repo

    def push(self, repo: Repo | str, branch: str, sha: str | None = None) -> str:
        """Record that ``branch`` now points at ``sha`` (a made-up SHA when omitted)."""
        with self.lock:
            target = self.repo(repo)
            if sha is None:
                seed = f"{target.full_name}:{branch}:{self.next_id()}"
                sha = hashlib.sha1(seed.encode()).hexdigest()
            target.branches[branch] = sha
            return sha

    def set_role(self, repo: Repo | str, login: str, role: Role) -> None:
        """Give ``login`` a role on ``repo``: admin, maintain, write, triage, read or none."""
        with self.lock:
            self.add_user(login)
            self.repo(repo).roles[login.lower()] = role

    def add_pull(
        self,
        repo: Repo | str,
        *,
        head: str,
        author: str,
        title: str = "Change things",
        body: str | None = None,
        base: str | None = None,
    ) -> PullRequest:
        """Open a pull request from ``head`` (``branch``, or ``owner:branch`` of a fork),
        pushing the head branch first if it does not exist yet."""
        with self.lock:
            target = self.repo(repo)
            head_repo, head_ref = self.resolve_head(target, head)
            if head_ref not in head_repo.branches:
                self.push(head_repo, head_ref)
            user = self.add_user(author)
            base_ref = base or target.default_branch
            return self.open_pull(target, user, title, body, (head_repo, head_ref), base_ref)

    def add_run(
        self,
        repo: Repo | str,
        *,
        head_sha: str,
        head_branch: str | None,
        name: str = "CI",
        event: str = "pull_request",
        status: RunStatus = "completed",
        conclusion: Conclusion | None = "failure",
        actor: str | None = None,
        logs_zip: bytes | None = None,
        run_attempt: int = 1,
        head_repo: Repo | str | None = None,
    ) -> WorkflowRun:
        """Record a workflow run; ``logs_zip`` is its log archive (None: logs expired)."""
        with self.lock:
            target = self.repo(repo)
            now = self.tick()
            run = WorkflowRun(
                repo=target,
                id=self.next_id(),
                name=name,
                head_repo=self.repo(head_repo or target),
                head_branch=head_branch,
                head_sha=head_sha,
                event=event,
                actor=self.add_user(actor or target.owner.login),
                workflow_id=100 + sum(map(ord, name)),
                run_number=len(target.runs) + 1,
                created_at=now,
                updated_at=now,
                status=status,
                conclusion=conclusion,
                run_attempt=run_attempt,
                display_title=name,
                logs_zip=logs_zip,
            )
            target.runs[run.id] = run
            return run

    def add_job(
        self,
        run: WorkflowRun,
        name: str,
        *,
        conclusion: Conclusion | None = "failure",
        steps: Iterable[tuple[str, str | None]] = (),
        log: str | None = None,
        run_attempt: int | None = None,
    ) -> Job:
        """Add a job to ``run``; ``steps`` are ``(name, conclusion)`` pairs; no conclusion
        means the job is still in progress (and has no log yet)."""
        with self.lock:
            job = Job(
                run=run,
                id=self.next_id(),
                name=name,
                run_attempt=run_attempt or run.run_attempt,
                created_at=self.tick(),
                status="completed" if conclusion else "in_progress",
                conclusion=conclusion,
                steps=[
                    Step(step, n, conclusion=result) for n, (step, result) in enumerate(steps, 1)
                ],
                log=log,
            )
            run.jobs.append(job)
            return job

    def add_comment(self, repo: Repo | str, number: int, author: str, body: str) -> IssueComment:
        with self.lock:
            target = self.repo(repo)
            now = self.tick()
            user = self.add_user(author)
            comment = IssueComment(target, number, self.next_id(), user, body, now, now)
            target.comments[comment.id] = comment
            return comment

    # -- faults and downloads ----------------------------------------------------------

    def fail(self, method: str, path: str, fault: Fault, *, times: int = 1) -> None:
        """Answer the next ``times`` matching requests with ``fault``.

        ``path`` is a route template (``/repos/{owner}/{repo}/pulls``) or a concrete path.
        """
        with self.lock:
            self._faults.append(QueuedFault(method.upper(), path, fault, times))

    def diff_lines(self, repo: Repo, pull: PullRequest, commit: str) -> dict[str, set[int]] | None:
        """The head-side lines of each file that the pull request's diff at ``commit``
        shows (where GitHub lets a review comment sit); None when this state holds no git
        to ask."""
        return None

    def pull_commits(self, repo: Repo, pull: PullRequest) -> set[str] | None:
        """The commits of the pull request (``base..head``); None when this state holds
        no git to ask."""
        return None

    def take_fault(self, method: str, path: str, template: str) -> Fault | None:
        with self.lock:
            for queued in self._faults:
                if queued.method == method and queued.path in (path, template):
                    queued.remaining -= 1
                    if queued.remaining == 0:
                        self._faults.remove(queued)
                    return queued.fault
            return None

    def offer_download(self, name: str, content: bytes, content_type: str) -> str:
        """Publish ``content`` under a fresh unguessable key and return the key."""
        with self.lock:
            key = secrets.token_urlsafe(18)
            self.downloads[key] = Download(name, content, content_type)
            return key

    # -- inspection --------------------------------------------------------------------

    def requests_to(self, method: str, route: str) -> list[RecordedRequest]:
        """Recorded requests whose route template or concrete path is ``route``."""
        with self.lock:
            return [
                request
                for request in self.requests
                if request.method == method.upper() and route in (request.route, request.path)
            ]

    def pull_for_head(self, repo: Repo | str, head_label: str) -> PullRequest | None:
        """The open pull request whose head is ``owner:branch``, if any."""
        with self.lock:
            pulls = self.repo(repo).pulls.values()
            return next(
                (p for p in pulls if p.state == "open" and p.head_label == head_label), None
            )
