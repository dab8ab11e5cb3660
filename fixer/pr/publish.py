"""Publish a prepared fix: push fixer's branch and open or update its pull request, or
post the analysis as one comment, edited on later runs.

Only fixer's own branch (``fixer/pr-N``) is ever pushed, with a lease on the commit last
seen there, and only when that commit is fixer's own work; the pull request's branch is
never touched. A small fix can also, or instead, be a review of suggested changes on the
head's lines (``--review``); a fork fixer cannot push to gets that review, else the fix
as a comment. When the fix comes
from an artifact, its commit is rebuilt from the patch in a private index of a fresh
fetch: no file of the repository is checked out and nothing of it runs.
"""

from __future__ import annotations

from pathlib import Path

import git

from fixer.errors import FatalError
from fixer.forge.git import BOT
from fixer.forge.github import GitHub, GitHubError, PullInfo
from fixer.forge.push import push
from fixer.pr import render
from fixer.pr.bots import already_tried, attempt
from fixer.pr.checkout import commit_patch, fetch_commit, remote_tip, tree_of
from fixer.pr.outcome import Action, Done, PrOptions, Work
from fixer.pr.suggest import MAX_SUGGESTIONS, suggestions
from fixer.pr.target import Target
from fixer.redact import mask


def publish(
    gh: GitHub, target: Target, pull: PullInfo, work: Work, options: PrOptions, tmp: Path
) -> Done:
    p = work.prepared
    if options.once_per_head and p.outcome != "nothing":
        recorded = _record_attempt(gh, target, work, options)
        if isinstance(recorded, Done):
            return recorded
        done = _publish(gh, target, pull, work, options, tmp)
        return replace_summary(done, f"{done.summary}; {recorded}")
    done = _publish(gh, target, pull, work, options, tmp)
    if not options.check_run or not p.annotations or p.outcome == "nothing":
        return done
    return replace_summary(done, f"{done.summary}; {_annotate(gh, target, work, options)}")


def _record_attempt(gh: GitHub, target: Target, work: Work, options: PrOptions) -> Done | str:
    """Before publishing a bot's fix: stop when fixer already tried this head (a check run
    named fixer is on it), else record this attempt as that check run, annotations and
    all. Publishing runs one at a time per head, so the look and the record are one step;
    without the record nothing is published, since the next run could not see it."""
    p = work.prepared
    tried = attempt(gh, target.repo, p.head_sha)
    if tried is not None:
        return _done(target, work, options, "skipped", already_tried(p.head_sha, tried))
    try:
        return _annotate(gh, target, work, options, strict=True)
    except GitHubError as exc:
        raise GitHubError(
            f"{exc}; fixer records its attempt on a bot's pull request as a check run, so the "
            "token must be a GitHub App's (the workflow's GITHUB_TOKEN is one) with checks: write"
        ) from None


def _annotate(
    gh: GitHub, target: Target, work: Work, options: PrOptions, *, strict: bool = False
) -> str:
    """The diagnosis as a check run with an annotation on each failing line: what was
    done, or why not (only a GitHub App's token, such as GITHUB_TOKEN, may create one;
    ``strict`` lets that error through)."""
    p = work.prepared
    n = len(p.annotations)
    lines = f"{n} failing line{'' if n == 1 else 's'}"
    if options.dry_run:
        return f"would annotate {lines} in a check run"
    marks = [(a.path, a.start_line, a.end_line, a.title, mask(a.message)) for a in p.annotations]
    title = f"fixer: {p.summary}"
    try:
        posted = gh.check_run(target.repo, p.head_sha, title, mask(p.report), marks)
    except GitHubError as exc:
        if strict:
            raise
        return f"no check run ({exc})"
    return f"annotated {lines} in the check run {posted.url}"


def _publish(
    gh: GitHub, target: Target, pull: PullInfo, work: Work, options: PrOptions, tmp: Path
) -> Done:
    p = work.prepared
    if p.outcome == "nothing":
        if options.actor:  # someone asked: tell them on the pull request, not only here
            body = render.nothing_comment(target, options.actor, p.summary)
            return _comment(gh, target, work, options, body, p.summary)
        return _done(target, work, options, "nothing", p.summary)
    if p.outcome == "report":
        body = render.diagnosis_comment(target, p.head_sha, p.report)
        why = f"nothing to push ({p.summary}){_retire_stale_fix(gh, target, pull, work, options)}"
        return _comment(gh, target, work, options, body, why)
    home = pull.head_repo
    cannot_push = home is None or (pull.is_fork and not gh.can_push(home))
    reviewed: Done | str = ""
    if cannot_push or options.review != "fix-pr":
        reviewed = _suggest(gh, target, work, options)
        if isinstance(reviewed, Done) and (
            cannot_push or options.review == "suggestions" or reviewed.action == "outdated"
        ):
            return reviewed
    instead = f" ({reviewed})" if isinstance(reviewed, str) and reviewed else ""
    if home is None or cannot_push:
        body = render.fork_comment(target, home, pull.head_ref, p.report)
        why = f"{p.summary}; fixer cannot push to {home or 'the deleted fork'}{instead}"
        return _comment(gh, target, work, options, body, why)
    done = _deliver(gh, target, pull, home, work, options, tmp)
    if isinstance(reviewed, Done):  # both: the fix pull request and the review
        return replace_summary(done, f"{done.summary}; {reviewed.summary}")
    return replace_summary(done, done.summary + instead)


def replace_summary(done: Done, summary: str) -> Done:
    from dataclasses import replace

    return replace(done, summary=summary)


def _suggest(gh: GitHub, target: Target, work: Work, options: PrOptions) -> Done | str:
    """The fix as a review of suggested changes on the head's lines: what was done, or why
    it could not be (then the fix goes by pull request or comment)."""
    p = work.prepared
    found = suggestions(p.patch.decode("utf-8", "replace"))
    if found is None:
        return (
            "too large or of a kind a suggestion cannot carry (a new, deleted, renamed or "
            f"binary file; more than {MAX_SUGGESTIONS} hunks), so no suggested changes"
        )
    n = len(found)
    said = f"{n} suggested change{'s' if n > 1 else ''}"
    if options.dry_run:
        return _done(target, work, options, "reviewed", f"would review {target} with {said}")
    comments = [(s.path, s.start_line, s.line, s.body) for s in found]
    body = render.review_body(target, p.head_sha, n, p.report)
    try:
        posted = gh.review(target.repo, target.number, p.head_sha, body, comments)
    except GitHubError as exc:  # off the diff's lines, or the fixed head is gone (422)
        now = gh.get_pull(target.repo, target.number).head_sha
        if now != p.head_sha:
            return _done(target, work, options, "outdated", _moved_on(target, p.head_sha, now))
        return f"GitHub refused the suggested changes: {exc}"
    return _done(target, work, options, "reviewed", f"reviewed with {said}", url=posted.url)


def _moved_on(target: Target, fixed: str, now: str) -> str:
    return (
        f"{target} moved on from {fixed[:12]} to {now[:12]} while the fix was made: GitHub "
        "no longer takes suggested changes on the fixed head, so none were posted and no fix "
        "was pushed; fixer runs again on the new head when asked"
    )


def _comment(
    gh: GitHub, target: Target, work: Work, options: PrOptions, body: str, why: str
) -> Done:
    if options.dry_run:
        return _done(target, work, options, "commented", f"would comment on {target}: {why}")
    posted = gh.upsert_comment(target.repo, target.number, target.marker, body)
    assert posted is not None  # upsert_comment creates when it finds nothing
    verb = "commented" if posted.created else "edited the comment"
    return _done(target, work, options, "commented", f"{verb}: {why}", url=posted.url)


def _deliver(
    gh: GitHub,
    target: Target,
    pull: PullInfo,
    home: str,
    work: Work,
    options: PrOptions,
    tmp: Path,
) -> Done:
    p, branch = work.prepared, target.branch
    existing = gh.find_pull(home, f"{pull.head_owner}:{branch}")
    if options.dry_run:
        into = f"open a pull request into {pull.head_ref}"
        where = f"update {existing.url}" if existing else into
        summary = f"would push {branch} to {home} and {where}: {p.title}"
        action: Action = "updated" if existing else "opened"
        return _done(target, work, options, action, summary, branch=branch)
    url = str(pull.head_clone_url)
    repo = work.repo or _rebuild(tmp / "publish", url, pull.head_ref, branch, work, options.token)
    commit = _push(repo, url, home, branch, p.head_sha, options.token)
    body = render.pr_body(target, pull.head_ref, p.head_sha, p.report)
    if existing is not None:
        posted = gh.update_pull(home, existing.id, p.title, body)
    else:
        posted = gh.open_pull(home, branch, pull.head_ref, p.title, body)
    note = render.superseded_comment(target, p.head_sha, posted.url)
    gh.upsert_comment(target.repo, target.number, target.marker, note, create=False)
    action = "opened" if posted.created else "updated"
    return _done(
        target,
        work,
        options,
        action,
        f"{action} {posted.url}: {p.title}",
        url=posted.url,
        branch=branch,
        commit=commit,
    )


def _retire_stale_fix(
    gh: GitHub, target: Target, pull: PullInfo, work: Work, options: PrOptions
) -> str:
    """Close fixer's pull request of an earlier head when the new head has nothing to fix:
    its fix no longer applies. Returns what was done, for the summary."""
    home = pull.head_repo
    existing = gh.find_pull(home, f"{pull.head_owner}:{target.branch}") if home else None
    if home is None or existing is None:
        return ""
    head = work.prepared.head_sha
    if f"`{head[:12]}`" in gh.pull_body(home, existing.id):
        return ""  # fixer's pull request is about this very head: it stays
    if options.dry_run:
        return f"; would close the stale fix {existing.url}"
    gh.close_pull(home, existing.id, render.stale_fix_note(target, head))
    return f"; closed the stale fix {existing.url}"


def _rebuild(dest: Path, url: str, ref: str, branch: str, work: Work, token: str) -> git.Repo:
    """The prepared patch committed as ``branch`` on a fresh fetch of the head (of ``ref``)."""
    p = work.prepared
    repo = fetch_commit(dest, url, p.head_sha, token, ref)
    commit_patch(dest, p.head_sha, p.patch, p.message or p.title, BOT, branch)
    return repo


def _push(repo: git.Repo, url: str, home: str, branch: str, base: str, token: str) -> str:
    """Push ``branch`` over fixer's last commit there (if any): nobody else's work is ever
    replaced, and an identical fix is not pushed again."""
    dest = Path(str(repo.working_tree_dir))
    commit = repo.commit(f"refs/heads/{branch}").hexsha
    tip = remote_tip(dest, url, branch, token)
    if tip is not None and not tip.made_by(BOT):
        raise FatalError(
            f"{home}: branch {branch} holds a commit that is not fixer's ({tip.author}); "
            "fixer leaves it alone: merge or delete it, then run fixer again"
        )
    if tip is not None and tip.parents == (base,) and tip.tree == tree_of(dest, commit):
        return tip.sha
    return push(repo, url, branch, tip.sha if tip else None, token)


def _done(
    target: Target,
    work: Work,
    options: PrOptions,
    action: Action,
    summary: str,
    *,
    url: str | None = None,
    branch: str | None = None,
    commit: str | None = None,
) -> Done:
    p = work.prepared
    return Done(
        target,
        action,
        summary,
        p.head_sha,
        url,
        branch,
        commit,
        p.complete,
        options.dry_run,
        work.result,
    )
