"""GitHub for fixer: a small typed interface over PyGithub, with GitHub's errors made plain.

Every call goes through :meth:`GitHub.call`: a server error (5xx) or a lost connection is
retried after a short backoff; a rate limit (403 or 429 with ``x-ratelimit-remaining: 0``
or ``Retry-After``) is waited out when the wait is short (``Pacing.max_wait``), else it
ends the run with a message saying when to try again; any other error becomes one
:class:`GitHubError` line (404: not found or no access; 401: bad credentials). PyGithub's
own retries and throttling are off, so these rules are the only ones. The token is
scrubbed from every message, and exceptions are raised ``from None`` so that no response
body rides along in a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Literal, TypeVar

import github
import requests
from github import Auth, Github, GithubException
from github.PullRequest import ReviewComment

from fixer.errors import FatalError
from fixer.forge.github_types import (
    DEFAULT_API,
    JobInfo,
    Judged,
    Pacing,
    Posted,
    PullInfo,
    RunInfo,
    RunState,
    describe,
    judge,
    latest_failed,
    pull_info,
)
from fixer.redact import mask

T = TypeVar("T")
Permission = Literal["admin", "write", "read", "none"]

__all__ = [
    "DEFAULT_API",
    "GitHub",
    "GitHubError",
    "JobInfo",
    "Pacing",
    "Permission",
    "Posted",
    "PullInfo",
    "RunInfo",
    "RunState",
]


class GitHubError(FatalError):
    """GitHub refused or failed a request; the message says what to do."""


class GitHub:
    """The few things fixer asks of GitHub, for one token."""

    def __init__(self, token: str, api_url: str = DEFAULT_API, pacing: Pacing | None = None):
        self.token = token
        self.api_url = api_url.rstrip("/")
        self.pacing = pacing or Pacing()
        self._login: str | None = None
        self._gh = Github(
            base_url=self.api_url,
            auth=Auth.Token(token),
            retry=None,
            seconds_between_requests=0,
            seconds_between_writes=0,
            per_page=100,
            lazy=True,
            timeout=30,
            user_agent="fixer",
        )

    def scrub(self, text: str) -> str:
        """``text`` masked (:func:`fixer.redact.mask`), the token exactly."""
        return mask(text, (self.token,))

    def call(self, what: str, fn: Callable[[], T], *, creates: bool = False) -> T:
        """``fn()``, retried or turned into a :class:`GitHubError` as the module says. A
        call that ``creates`` something is not repeated after a server error or a lost
        connection (it may have been done): only after a rate limit, which refuses it."""
        pacing = replace(self.pacing, backoff=()) if creates else self.pacing
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except GithubException as exc:
                said = self.scrub(describe(exc.data))
                verdict = judge(exc.status, exc.headers or {}, said, what, attempt, pacing)
            except requests.RequestException as exc:
                reason = self.scrub(f"{type(exc).__name__}: {exc}")
                verdict = judge(0, {}, reason, what, attempt, pacing, self.api_url)
            self.wait_or_raise(verdict)

    def wait_or_raise(self, verdict: Judged) -> None:
        if isinstance(verdict, str):
            raise GitHubError(self.scrub(verdict)) from None
        time.sleep(verdict)

    def _repo(self, full_name: str) -> github.Repository.Repository:
        return self._gh.get_repo(full_name)

    # -- reading ---------------------------------------------------------------------------

    def get_pull(self, repo: str, number: int) -> PullInfo:
        return self.call(
            f"pull request {repo}#{number}",
            lambda: pull_info(self._repo(repo).get_pull(number)),
        )

    def failed_runs(self, repo: str, head_sha: str) -> tuple[list[RunInfo], int]:
        """The latest run of each workflow for ``head_sha`` that failed, and how many runs
        for it have not finished yet."""

        def fetch() -> tuple[list[RunInfo], int]:
            runs = list(self._repo(repo).get_workflow_runs(head_sha=head_sha))
            return latest_failed(runs), sum(run.status != "completed" for run in runs)

        return self.call(f"workflow runs of {repo} for {head_sha[:12]}", fetch)

    def get_run(self, repo: str, run_id: int) -> RunInfo:
        """One workflow run of ``repo`` (``GET /repos/{owner}/{repo}/actions/runs/{id}``)."""

        def fetch() -> RunInfo:
            r = self._repo(repo).get_workflow_run(run_id)
            return RunInfo(r.id, r.name or "", r.run_number, r.html_url)

        return self.call(f"run {run_id} of {repo}", fetch)

    def run_state(self, repo: str, run_id: int) -> RunState:
        """How run ``run_id`` of ``repo`` ended, on which commit, for which pull requests."""

        def fetch() -> RunState:
            r = self._repo(repo).get_workflow_run(run_id)
            head = r.head_repository  # None once the fork is deleted
            return RunState(
                RunInfo(r.id, r.name or "", r.run_number, r.html_url),
                r.status,
                r.conclusion,
                r.event,
                r.head_sha,
                r.head_branch,
                head.full_name if head is not None else None,
                tuple(p.number for p in r.pull_requests if p.head.sha == r.head_sha),
            )

        return self.call(f"run {run_id} of {repo}", fetch)

    def pulls_of_commit(self, repo: str, sha: str) -> list[int]:
        """The open pull requests of ``repo`` that GitHub associates with commit ``sha``
        (``GET /repos/{owner}/{repo}/commits/{sha}/pulls``), lowest number first."""

        def fetch() -> list[int]:
            pulls = self._repo(repo).get_commit(sha).get_pulls()
            return sorted(p.number for p in pulls if p.state == "open")

        return self.call(f"pull requests of {repo} with commit {sha[:12]}", fetch)

    def check_runs(self, repo: str, sha: str, name: str) -> list[Posted]:
        """The check runs named ``name`` on commit ``sha``, latest first."""

        def fetch() -> list[Posted]:
            runs = self._repo(repo).get_commit(sha).get_check_runs(check_name=name)
            return [Posted(r.id, r.html_url or r.url, created=False) for r in runs]

        return self.call(f"check runs of {repo}@{sha[:12]}", fetch)

    def failed_jobs(self, repo: str, run_id: int) -> list[JobInfo]:
        def fetch() -> list[JobInfo]:
            jobs = self._repo(repo).get_workflow_run(run_id).jobs()
            return [JobInfo(j.id, j.name) for j in jobs if j.conclusion == "failure"]

        return self.call(f"jobs of run {run_id} in {repo}", fetch)

    def permission(self, repo: str, user: str) -> Permission:
        """``admin``, ``write`` (also for ``maintain``), ``read`` or ``none``."""
        found = self.call(
            f"permission of {user} on {repo}",
            lambda: self._repo(repo).get_collaborator_permission(user),
        )
        grades: dict[str, Permission] = {"admin": "admin", "maintain": "write", "write": "write"}
        return grades.get(found, "read" if found in ("read", "triage") else "none")

    def can_push(self, repo: str) -> bool:
        """Whether the token may push to ``repo`` (False when GitHub does not say)."""

        def fetch() -> bool:
            perms = self._repo(repo).permissions
            return bool(perms is not None and perms.push)

        return self.call(f"repository {repo}", fetch)

    # -- writing ---------------------------------------------------------------------------

    def find_pull(self, repo: str, head_label: str) -> Posted | None:
        """The open pull request of ``repo`` whose head is ``owner:branch``."""

        def fetch() -> Posted | None:
            for pull in self._repo(repo).get_pulls(state="open", head=head_label):
                return Posted(pull.number, pull.html_url, created=False)
            return None

        return self.call(f"pull requests of {repo} from {head_label}", fetch)

    def open_pull(self, repo: str, head: str, base: str, title: str, body: str) -> Posted:
        def create() -> Posted:
            pull = self._repo(repo).create_pull(base, head, title=title, body=body, draft=False)
            return Posted(pull.number, pull.html_url, created=True)

        what = f"opening a pull request in {repo} from {head} into {base}"
        return self.call(what, create, creates=True)

    def update_pull(self, repo: str, number: int, title: str, body: str) -> Posted:
        def edit() -> Posted:
            pull = self._repo(repo).get_pull(number)
            pull.edit(title=title, body=body)
            return Posted(number, pull.html_url, created=False)

        return self.call(f"updating pull request {repo}#{number}", edit)

    def pull_body(self, repo: str, number: int) -> str:
        def fetch() -> str:
            return self._repo(repo).get_pull(number).body or ""

        return self.call(f"pull request {repo}#{number}", fetch)

    def close_pull(self, repo: str, number: int, note: str) -> None:
        """Say why on the pull request, then close it."""

        def close() -> None:
            pull = self._repo(repo).get_pull(number)
            pull.create_issue_comment(note)
            pull.edit(state="closed")

        self.call(f"closing pull request {repo}#{number}", close, creates=True)

    def comment(self, repo: str, number: int, body: str) -> Posted:
        def create() -> Posted:
            made = self._repo(repo).get_issue(number).create_comment(body)
            return Posted(made.id, made.html_url, created=True)

        return self.call(f"commenting on {repo}#{number}", create, creates=True)

    def review(
        self,
        repo: str,
        number: int,
        commit_sha: str,
        body: str,
        comments: Sequence[tuple[str, int, int, str]],
    ) -> Posted:
        """A submitted review (``COMMENT``) of ``repo#number`` whose ``comments`` (path,
        first line, last line, text) sit on the head's side of the diff at ``commit_sha``
        (the head the fix was made against: GitHub anchors them there, and refuses with
        422 a commit that is no longer part of the pull request)."""

        def comment(path: str, start: int, end: int, text: str) -> ReviewComment:
            made = ReviewComment(path=path, line=end, side="RIGHT", body=text)
            if start < end:
                made["start_line"], made["start_side"] = start, "RIGHT"
            return made

        def create() -> Posted:
            pull = self._repo(repo).get_pull(number)
            lines = [comment(*c) for c in comments]
            commit = self._repo(repo).get_commit(commit_sha)  # lazy: no request
            made = pull.create_review(commit, body=body, event="COMMENT", comments=lines)
            return Posted(made.id, made.html_url, created=True)

        return self.call(f"reviewing {repo}#{number}", create, creates=True)

    def check_run(
        self,
        repo: str,
        head_sha: str,
        title: str,
        summary: str,
        annotations: Sequence[tuple[str, int, int, str, str]],
    ) -> Posted:
        """A completed, neutral check run named ``fixer`` on ``head_sha`` whose
        ``annotations`` (path, first line, last line, title, message) mark the failing
        lines, so that they show in the pull request's "Files changed". Only a GitHub App's
        token (the workflow's GITHUB_TOKEN is one) may create check runs."""

        def create() -> Posted:
            marks: list[dict[str, str | int]] = [
                {
                    "path": path,
                    "start_line": start,
                    "end_line": end,
                    "annotation_level": "failure",
                    "title": heading[:255],
                    "message": message[:64_000],
                }
                for path, start, end, heading, message in annotations[:50]
            ]
            output: dict[str, str | list[dict[str, str | int]]] = {
                "title": title[:200],
                "summary": summary[:65_535],
                "annotations": marks,
            }
            made = self._repo(repo).create_check_run(
                name="fixer", head_sha=head_sha, conclusion="neutral", output=output
            )
            return Posted(made.id, made.html_url or made.url, created=True)

        return self.call(f"the check run of {repo}@{head_sha[:12]}", create, creates=True)

    def upsert_comment(
        self, repo: str, number: int, marker: str, body: str, *, create: bool = True
    ) -> Posted | None:
        """Edit fixer's comment holding ``marker`` on ``repo#number``, else post one (unless
        ``create`` is False). Only a bot's comment (the token's own user when GitHub says
        who that is) counts, whatever anyone else wrote."""
        me = self.login()

        def find() -> github.IssueComment.IssueComment | None:
            found = None
            for c in self._repo(repo).get_issue(number).get_comments():
                who = c.user  # None for a deleted account
                mine = who is not None and (who.login == me if me else who.type == "Bot")
                if mine and marker in (c.body or ""):
                    found = c
            return found

        old = self.call(f"comments of {repo}#{number}", find)
        if old is None:
            return self.comment(repo, number, body) if create else None

        def edit(c: github.IssueComment.IssueComment) -> Posted:
            c.edit(body)
            return Posted(c.id, c.html_url, created=False)

        return self.call(f"editing comment {old.id} on {repo}#{number}", lambda: edit(old))

    def login(self) -> str | None:
        """The token's user; None for tokens that cannot ask (an Actions or App token)."""
        if self._login is None:
            try:
                self._login = self.call("the token's user", lambda: self._gh.get_user().login)
            except GitHubError:
                self._login = ""
        return self._login or None
