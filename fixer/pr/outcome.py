"""The options of ``fixer pr`` and what a run did, as values the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from fixer import redact
from fixer.errors import EXIT_FOUND, EXIT_OK
from fixer.forge.github_types import DEFAULT_API, Pacing
from fixer.model import FixResult
from fixer.pr.artifact import Prepared
from fixer.pr.target import Target

if TYPE_CHECKING:
    import git

# outdated: the pull request's head moved on while the fix was made; nothing was posted;
# skipped: a bot's run that fixer leaves alone (not a bot's, fixer's own, tried before)
Action = Literal[
    "opened",
    "updated",
    "commented",
    "reviewed",
    "refused",
    "nothing",
    "prepared",
    "outdated",
    "skipped",
]
# how a verified fix reaches the pull request: a fix pull request, a review of suggested
# changes (small fixes; a fork fixer cannot push to gets one instead of the patch), or both
Review = Literal["fix-pr", "suggestions", "both"]


@dataclass(frozen=True, slots=True)
class PrOptions:
    token: str
    api_url: str = DEFAULT_API
    repo: Path | None = None  # an existing clone at the pull request's head, instead of cloning
    actor: str | None = None  # who asked: checked for admin, maintain or write access
    dry_run: bool = False  # read everything, fix and verify, write nothing to GitHub
    python: str | None = None
    index_url: str | None = None
    allow_unverified: bool = False  # also push fixes whose failing tool could not run
    pacing: Pacing = field(default_factory=Pacing)
    review: Review = "fix-pr"
    check_run: bool = False  # also publish the diagnosis as a check run with annotations
    # a bot's pull request, unasked: the attempt is recorded (a check run named fixer on
    # the head) before anything is published, and a recorded one stops the run
    once_per_head: bool = False


@dataclass(frozen=True, slots=True)
class Work:
    """A prepared fix and, when this process made it, the clone holding its commit."""

    prepared: Prepared
    repo: git.Repo | None = None  # the fix is committed on the target's branch here
    result: FixResult | None = None


@dataclass(frozen=True, slots=True)
class Done:
    """What ``fixer pr`` did (or, in a dry run, would do)."""

    target: Target | None  # None: a run fixer left alone before finding its pull request
    action: Action
    summary: str  # one line for humans
    head_sha: str | None = None
    url: str | None = None  # the fix pull request, or the comment
    branch: str | None = None
    commit: str | None = None
    complete: bool = True  # every fixable finding was fixed and verified
    dry_run: bool = False
    result: FixResult | None = None

    @property
    def exit_code(self) -> int:
        if self.action == "prepared":
            return EXIT_OK  # the folder says the rest
        return EXIT_FOUND if self.action == "refused" or not self.complete else EXIT_OK

    def to_json(self) -> str:
        doc = {
            "schema_version": 1,
            "pull_request": str(self.target) if self.target else None,
            "action": self.action,
            "summary": self.summary,
            "head_sha": self.head_sha,
            "url": self.url,
            "branch": self.branch,
            "commit": self.commit,
            "complete": self.complete,
            "dry_run": self.dry_run,
        }
        return redact.dumps(doc)

    def line(self) -> str:
        prefix = "dry run: " if self.dry_run else ""
        refused = "refused: " if self.action == "refused" else ""
        return f"{prefix}{self.target or 'fixer'}: {refused}{self.summary}"
