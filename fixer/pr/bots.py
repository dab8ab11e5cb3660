"""Bots' own red pull requests: ``fixer pr --workflow-run URL``, for the ``workflow_run``
event of a run that failed on a pull request that Dependabot or Renovate opened, so that
a dependency bump that breaks mypy or a lock file gets its fix without anyone asking.

From the run to the pull request, through the API: the run must have ended in failure,
on a commit of the repository itself (never a fork's); its pull request is the one the
run lists, else one GitHub associates with the run's head commit (``GET
/repos/{owner}/{repo}/commits/{sha}/pulls``: a run lists none for a fork and sometimes
none for a bot), open, with that very commit as its head. Then, in this order:

- **the loop guard**: never fixer's own pull request (its branch ``fixer/...``, the
  marker fixer writes in what it posts, or opened with this very token), whatever the
  list of bots says;
- **the author**: one of the bots (``dependabot[bot]``, ``renovate[bot]`` unless told
  otherwise); anyone else's pull request waits for a ``/fixer`` comment;
- **one attempt per head**: fixer records an attempt as a check run named ``fixer`` on
  the head commit; when one is there, fixer has already tried (or been asked) and stops.
  The publisher looks again just before it records and publishes (publishing runs one at
  a time per head, in the workflow's concurrency group), so two failed workflows of one
  head make one fix.

Each refusal is a :class:`Skip` with its reason: a green outcome, not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fixer.pr.target import Target

if TYPE_CHECKING:  # kept light
    from fixer.forge.github import GitHub, PullInfo
    from fixer.pr.runs import RunRef

ATTEMPT_CHECK = "fixer"  # the check run that records fixer's attempt on a head
BRANCH_PREFIX = "fixer/"  # fixer's own branches (fixer/pr-N, fixer/<sha>)
MARKER = "<!-- fixer:"  # the start of the hidden tag in fixer's bodies and comments


@dataclass(frozen=True, slots=True)
class Skip:
    """Why fixer leaves the run alone, and the pull request when it got that far."""

    reason: str
    target: Target | None = None
    head_sha: str | None = None


def parse_bots(text: str) -> tuple[str, ...]:
    """``dependabot[bot],renovate[bot]`` (commas and spaces both separate)."""
    return tuple(name for name in text.replace(",", " ").split() if name)


def pull_of_run(gh: GitHub, ref: RunRef, bots: Sequence[str]) -> tuple[Target, PullInfo] | Skip:
    """The bot's pull request whose head run ``ref`` failed on, or why there is none to
    fix (see the module's docstring for the rules, in their order)."""
    state = gh.run_state(ref.repo, ref.id)
    sha, run = state.head_sha, f"run {ref.id} ({state.run.name} #{state.run.run_number})"
    if state.status != "completed" or state.conclusion != "failure":
        ended = f"ended {state.conclusion}" if state.status == "completed" else "is not finished"
        return Skip(f"{run} {ended}; fixer acts on failed runs", head_sha=sha)
    if state.head_repo is None or state.head_repo.lower() != ref.repo.lower():
        where = state.head_repo or "a deleted repository"
        return Skip(
            f"{run} ran on a commit of {where}: fixer acts unasked only on pull requests "
            f"of {ref.repo} itself",
            head_sha=sha,
        )
    numbers = state.pull_numbers or tuple(gh.pulls_of_commit(ref.repo, sha))
    pull = next(
        (
            found
            for found in (gh.get_pull(ref.repo, n) for n in numbers)
            if found.state == "open" and found.head_sha == sha and not found.is_fork
        ),
        None,
    )
    if pull is None:
        return Skip(f"no open pull request of {ref.repo} has {sha[:12]} as its head", head_sha=sha)
    target = Target(ref.owner, ref.name, pull.number)
    own = fixers_own(gh, pull)
    if own:
        why = f"{target} is fixer's own pull request ({own}); fixer never fixes it"
        return Skip(why, target, sha)
    if pull.author.lower() not in {bot.lower() for bot in bots}:
        return Skip(
            f"{target} was opened by {pull.author}, not by {' or '.join(bots)}; a "
            "maintainer's /fixer comment asks for its fix",
            target,
            sha,
        )
    tried = attempt(gh, ref.repo, sha)
    if tried is not None:
        return Skip(already_tried(sha, tried), target, sha)
    return target, pull


def fixers_own(gh: GitHub, pull: PullInfo) -> str:
    """What shows that fixer opened ``pull`` (empty when nothing does)."""
    if pull.head_ref.startswith(BRANCH_PREFIX):
        return f"its branch is {pull.head_ref}"
    if MARKER in pull.body:
        return "its description holds fixer's marker"
    me = gh.login()
    if me is not None and pull.author.lower() == me.lower():
        return f"opened by {me}, this token's user"
    return ""


def attempt(gh: GitHub, repo: str, sha: str) -> str | None:
    """The address of the check run that records fixer's attempt on ``sha``, if any."""
    found = gh.check_runs(repo, sha, ATTEMPT_CHECK)
    return found[0].url if found else None


def already_tried(sha: str, url: str) -> str:
    return f"fixer already tried head {sha[:12]} ({url}); it tries once per head"
