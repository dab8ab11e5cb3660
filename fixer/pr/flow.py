"""``fixer pr``: from a red pull request to a fix pull request, or to a comment.

Three ways to run it. :func:`run` does everything in one process (for trusted setups).
:func:`run_output` only fixes and verifies, with a read-only token, and writes the result
to a folder; :func:`run_publish` reads such a folder and only pushes and posts, without
running anything from the repository (see docs/security.md for why the two are split).
:func:`execute_run` starts from a failed workflow run instead of a pull request: a bot's
pull request, fixed unasked and at most once per head (:mod:`fixer.pr.bots`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import git

from fixer.app import FixOptions, fix_sources
from fixer.errors import BadInput, FatalError
from fixer.forge.git import open_repo
from fixer.forge.github import GitHub, PullInfo
from fixer.model import FixResult
from fixer.pr import artifact, render
from fixer.pr.artifact import MAX_ANNOTATIONS, Annotation, Prepared
from fixer.pr.bots import Skip, pull_of_run
from fixer.pr.checkout import binary_diff, clone_at
from fixer.pr.logs import download_logs
from fixer.pr.outcome import Done, PrOptions, Work
from fixer.pr.publish import publish
from fixer.pr.runs import RunRef
from fixer.pr.target import Target
from fixer.progress import Progress
from fixer.redact import mask
from fixer.report.fix import summary_line


def execute(
    target: Target,
    options: PrOptions,
    progress: Progress,
    *,
    output: Path | None = None,
    publish: Path | None = None,
) -> Done:
    """:func:`run_output` with ``output``, :func:`run_publish` with ``publish``, else
    :func:`run`; whatever goes wrong, the token is not in the error's message."""
    try:
        if output is not None:
            return run_output(target, options, output, progress)
        if publish is not None:
            return run_publish(target, options, publish, progress)
        return run(target, options, progress)
    except Exception as exc:
        if mask(str(exc), (options.token,)) == mask(str(exc)):
            raise
        if isinstance(exc, FatalError):
            exc.message = mask(exc.message, (options.token,))
            raise
        raise RuntimeError(mask(str(exc), (options.token,))) from None
    finally:
        progress.done()


def execute_run(
    ref: RunRef,
    bots: Sequence[str],
    options: PrOptions,
    progress: Progress,
    *,
    output: Path | None = None,
    publish: Path | None = None,
) -> Done:
    """:func:`execute` for the bot's pull request whose head run ``ref`` failed on, once
    per head; a run fixer leaves alone is a ``skipped`` outcome that says why. The
    publisher finds the pull request again from the run: it trusts nothing the
    unprivileged job wrote but the patch and the report, checked as ever."""
    progress.update(f"reading run {ref.id}")
    gh = GitHub(options.token, options.api_url, options.pacing)
    try:
        found = pull_of_run(gh, ref, bots)
    except Exception:
        progress.done()
        raise
    if isinstance(found, Skip):
        progress.done()
        return Done(found.target, "skipped", found.reason, found.head_sha, dry_run=options.dry_run)
    once = replace(options, actor=None, once_per_head=True)
    return execute(found[0], once, progress, output=output, publish=publish)


def run(target: Target, options: PrOptions, progress: Progress) -> Done:
    """Fix the pull request's CI and publish the outcome, in this process."""
    gh = GitHub(options.token, options.api_url, options.pacing)
    refused = authorize(gh, target, options, reply=True)
    if refused is not None:
        return refused
    pull = open_pull(gh, target)
    with tempfile.TemporaryDirectory(prefix="fixer-pr-") as tmp:
        work = prepare(gh, target, pull, options, Path(tmp), progress)
        return publish(gh, target, pull, work, options, Path(tmp))


def run_output(target: Target, options: PrOptions, folder: Path, progress: Progress) -> Done:
    """Fix and verify; write the outcome to ``folder``; push and post nothing."""
    artifact.check_free(folder)
    gh = GitHub(options.token, options.api_url, options.pacing)
    refused = authorize(gh, target, options, reply=False)
    if refused is not None:
        return refused
    pull = open_pull(gh, target)
    with tempfile.TemporaryDirectory(prefix="fixer-pr-") as tmp:
        work = prepare(gh, target, pull, options, Path(tmp), progress)
    p = work.prepared
    artifact.write(p, folder)
    return Done(
        target,
        "prepared",
        f"wrote the {p.outcome} ({p.summary}) to {folder}",
        p.head_sha,
        complete=p.complete,
        dry_run=options.dry_run,
        result=work.result,
    )


def run_publish(target: Target, options: PrOptions, folder: Path, progress: Progress) -> Done:
    """Publish what :func:`run_output` wrote, once GitHub confirms it is still current."""
    gh = GitHub(options.token, options.api_url, options.pacing)
    refused = authorize(gh, target, options, reply=True)
    if refused is not None:
        return refused
    pull = open_pull(gh, target)
    prepared = artifact.read(folder)
    if (prepared.repo.lower(), prepared.number) != (target.repo.lower(), target.number):
        raise BadInput(f"{folder}: made for {prepared.repo}#{prepared.number}, not {target}")
    if prepared.head_sha != pull.head_sha:
        raise FatalError(
            f"{target}: its head moved from {prepared.head_sha[:12]} to {pull.head_sha[:12]} "
            "since the fix was prepared; run fixer again"
        )
    progress.update("publishing")
    with tempfile.TemporaryDirectory(prefix="fixer-pr-") as tmp:
        return publish(gh, target, pull, Work(prepared), options, Path(tmp))


def authorize(gh: GitHub, target: Target, options: PrOptions, *, reply: bool) -> Done | None:
    """None when no actor is named or the actor may write to the repository; else the
    refusal, after a polite reply on the pull request when ``reply`` is set."""
    if options.actor is None:
        return None
    permission = gh.permission(target.repo, options.actor)
    if permission in ("admin", "write"):
        return None
    url = None
    if reply and not options.dry_run:
        text = render.refusal(target, options.actor, permission)
        url = gh.comment(target.repo, target.number, text).url
    summary = (
        f"{options.actor} has {permission} access to {target.repo}; fixer runs only when "
        "someone with admin, maintain or write access asks"
    )
    return Done(target, "refused", summary, url=url, dry_run=options.dry_run)


def open_pull(gh: GitHub, target: Target) -> PullInfo:
    pull = gh.get_pull(target.repo, target.number)
    if pull.state != "open":
        raise BadInput(f"{target} is {pull.state}; fixer works on open pull requests")
    return pull


def prepare(
    gh: GitHub, target: Target, pull: PullInfo, options: PrOptions, tmp: Path, progress: Progress
) -> Work:
    """Find the failed runs of the head, read their logs, fix and verify in a clone."""
    sha = pull.head_sha
    progress.update(f"looking for failed runs of {sha[:7]}")
    runs, running = gh.failed_runs(target.repo, sha)
    if not runs:
        going = f"; {running} run(s) not finished yet" if running else ""
        summary = f"no failed workflow run for head {sha[:12]}{going}"
        return Work(Prepared(target.repo, target.number, sha, "nothing", summary))
    logs = []
    for found in runs:
        progress.update(f"downloading the logs of run {found.id}")
        logs.append(str(download_logs(gh, target.repo, found, tmp / "logs")))
    progress.update(f"fetching {sha[:7]}")
    repo = checkout(target, pull, options, tmp)
    path = Path(str(repo.working_tree_dir))
    fix = FixOptions(
        repo=path,
        dry_run=options.dry_run,
        branch=target.branch,
        python=options.python,
        index_url=options.index_url,
        allow_unverified=options.allow_unverified,
    )
    result = fix_sources(logs, repo, fix, progress)
    sources = [f"{run.name} #{run.run_number} (run {run.id})" for run in runs]
    return Work(
        _prepared(target, sha, result, sources, path), repo if result.commit else None, result
    )


def _prepared(
    target: Target, sha: str, result: FixResult, sources: list[str], path: Path
) -> Prepared:
    """What to publish: the verified patch (binary-safe when committed), or the report."""
    fixed = bool(result.committed)  # what Safety lets be pushed, not what was printed
    patch = result.diff.encode()
    if result.commit:
        patch = binary_diff(path, result.base, result.commit)
    return Prepared(
        target.repo,
        target.number,
        sha,
        "fix" if fixed else "report",
        summary_line(result),
        result.complete,
        render.title(result, target) if fixed else "",
        result.message,
        render.report(result, sources),
        patch if fixed else b"",
        annotations_of(result),
    )


def annotations_of(result: FixResult) -> tuple[Annotation, ...]:
    """Each root cause whose file and line are known, for the check run's annotations."""
    from fixer.kinds import title

    found = []
    for f in result.diagnosis.findings:
        if not (f.resolved and f.path and f.line):
            continue
        end = f.details.get("end_line", "")
        last = int(end) if end.isdigit() and int(end) >= f.line else f.line
        found.append(Annotation(f.path, f.line, last, title(f.kind), f.message))
    return tuple(found[:MAX_ANNOTATIONS])


def checkout(target: Target, pull: PullInfo, options: PrOptions, tmp: Path) -> git.Repo:
    """The pull request's head: ``--repo`` when given (it must be at the head), else a
    fresh clone of the head repository at the head commit."""
    if options.repo is not None:
        repo = open_repo(options.repo)
        head = repo.head.commit.hexsha
        if head != pull.head_sha:
            raise BadInput(
                f"{options.repo}: HEAD is {head[:12]}, but the head of {target} is "
                f"{pull.head_sha[:12]}; check that out first"
            )
        return repo
    if pull.head_clone_url is None:
        raise FatalError(f"{target}: the fork it comes from was deleted; there is no code to fix")
    return clone_at(tmp / "repo", pull.head_clone_url, pull.head_sha, options.token, pull.head_ref)
