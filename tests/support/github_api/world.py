"""What the fake GitHub contains and the lookups GitHub's rules need.

``FakeGitHub`` (in :mod:`.state`) adds seeding, faults and bookkeeping on top.
"""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

from .models import Job, PullRequest, Repo, Role, User

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


class World:
    def __init__(self, *, start: datetime = START) -> None:
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.tokens: dict[str, str] = {}
        self.repos: dict[str, Repo] = {}
        self._ids = itertools.count(1001)
        self._now = start

    def tick(self) -> datetime:
        """Advance the fake clock by one second and return the new time."""
        self._now += timedelta(seconds=1)
        return self._now

    def next_id(self) -> int:
        return next(self._ids)

    def repo(self, repo: Repo | str) -> Repo:
        if isinstance(repo, Repo):
            return repo
        return self.repos[repo.lower()]

    def find_repo(self, owner: str, name: str) -> Repo | None:
        return self.repos.get(f"{owner}/{name}".lower())

    def find_user(self, login: str) -> User | None:
        return self.users.get(login.lower())

    def user_for_token(self, token: str) -> User | None:
        login = self.tokens.get(token)
        return None if login is None else self.users[login.lower()]

    def role(self, repo: Repo, login: str) -> Role:
        """The owner is admin; others have their role, else read (public repo) or none."""
        if login.lower() == repo.owner.login.lower():
            return "admin"
        return repo.roles.get(login.lower(), "none" if repo.private else "read")

    def resolve_head(self, repo: Repo, head: str) -> tuple[Repo, str]:
        """``branch`` names a branch of ``repo``; ``owner:branch`` one of ``owner``'s fork."""
        owner, sep, ref = head.partition(":")
        if not sep:
            return repo, head
        fork = self.find_repo(owner, repo.name)
        if fork is None:
            raise KeyError(f"no repository {owner}/{repo.name} for head {head!r}")
        return fork, ref

    def open_pull(
        self,
        repo: Repo,
        user: User,
        title: str,
        body: str | None,
        head: tuple[Repo, str],
        base_ref: str,
        draft: bool = False,
    ) -> PullRequest:
        """Open a pull request; both branches must exist."""
        head_repo, head_ref = head
        now = self.tick()
        pull = PullRequest(
            repo=repo,
            number=repo.next_number,
            id=self.next_id(),
            user=user,
            title=title,
            body=body,
            head_repo=head_repo,
            head_ref=head_ref,
            head_sha=head_repo.branches[head_ref],
            base_ref=base_ref,
            base_sha=repo.branches[base_ref],
            created_at=now,
            updated_at=now,
            draft=draft,
        )
        repo.next_number += 1
        repo.pulls[pull.number] = pull
        return pull

    def find_job(self, repo: Repo, job_id: int) -> Job | None:
        jobs = (job for run in repo.runs.values() for job in run.jobs)
        return next((job for job in jobs if job.id == job_id), None)
