"""The one place that wires I/O together: logs -> diagnosis (-> fix -> verify -> PR).

Each function imports the layers it uses when it runs: ``fixer fix`` starts git's
checkout of the worktree first, and loads the parsers while git writes the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.errors import BadInput
from fixer.model import Diagnosis, FixResult
from fixer.progress import Progress, warn

if TYPE_CHECKING:
    import git

    from fixer.forge.git import Worktree
    from fixer.logs.scan import JobScan
    from fixer.snapshot import Snapshot
    from fixer.verify.mypy_process import WarmMypy


def diagnose_logs(
    sources: Sequence[str],
    repo: Path | Snapshot | None = None,
    progress: Progress | None = None,
) -> Diagnosis:
    """Read every source and return the run's root causes, its paths mapped to ``repo``'s
    files (a folder, or the run's snapshot)."""
    return diagnose_scans(scan_logs(sources, progress), repo, progress)


def scan_logs(sources: Sequence[str], progress: Progress | None = None) -> Iterator[JobScan]:
    """Each job of the sources, scanned once (the same run given twice is read once)."""
    from fixer.kinds import parsers
    from fixer.logs.scan import Scanner
    from fixer.logs.sources import open_sources

    scanner = Scanner(parsers())
    seen: set[tuple[str | int, ...]] = set()
    for job in open_sources(sources):
        if progress:
            progress.update(f"reading {job.name}")
        scan = scanner.scan(job)
        if scan.identity not in seen:  # the same run given twice (folder and zip)
            seen.add(scan.identity)
            yield scan


def diagnose_scans(
    scans: Iterable[JobScan],
    repo: Path | Snapshot | None = None,
    progress: Progress | None = None,
) -> Diagnosis:
    """The root causes of the scanned jobs, their paths mapped to ``repo``'s files."""
    from fixer.diagnose.aggregate import diagnose
    from fixer.diagnose.locate import make_resolver
    from fixer.snapshot import Snapshot, take

    if repo is None:
        result = diagnose(scans)
    else:
        snapshot = repo if isinstance(repo, Snapshot) else take(repo)
        result = diagnose(scans, make_resolver(snapshot.index))
    if progress:
        progress.done()
    return result


@dataclass(frozen=True, slots=True)
class FixOptions:
    repo: Path
    dry_run: bool = False
    branch: str | None = None
    author: tuple[str, str] = ("fixer[bot]", "fixer[bot]@users.noreply.github.com")
    python: str | None = None
    index_url: str | None = None
    allow_unverified: bool = False  # commit fixes whose failing tool could not run, too


def fix_logs(
    sources: Sequence[str],
    options: FixOptions,
    progress: Progress | None = None,
    warm: WarmMypy | None = None,
) -> FixResult:
    """Diagnose, then fix and verify in a worktree of the repository; commit unless dry.

    ``warm``: an interpreter loading mypy for the baseline, started by the caller as early
    as it can (one is started here otherwise); it is stopped whatever happens."""
    if warm is None:
        from fixer.verify.mypy_process import WarmMypy

        warm = WarmMypy()
    try:
        from fixer.forge.git import UncommittedChanges, check_clone

        progress = progress or Progress(enabled=False)
        repo = check_clone(options.repo)
    except BaseException:
        warm.stop()
        raise
    uncommitted = UncommittedChanges(repo)  # git status runs while the fix starts
    try:
        result = fix_sources(sources, repo, options, progress, warm)
    except BaseException:
        uncommitted.close()
        raise
    if uncommitted.found():
        warn("the repository has uncommitted changes: fixer works from HEAD and ignores them")
    return result


def fix_sources(
    sources: Sequence[str],
    repo: git.Repo | Path,
    options: FixOptions,
    progress: Progress,
    warm: WarmMypy | None = None,
) -> FixResult:
    """In a worktree of ``repo`` at HEAD: its snapshot, taken once, maps the logs' paths
    and serves planning, the codemods and verification.

    The logs are read while git checks the worktree out, and an interpreter loads mypy
    meanwhile for the baseline (``warm``, else one started here; stopped when the logs
    name no error that mypy verifies).
    """
    from fixer.forge.git import Worktree

    try:
        with Worktree(repo, background=True) as worktree:
            if warm is None:
                from fixer.verify.mypy_process import WarmMypy

                warm = WarmMypy()
            from fixer.snapshot import take
            from fixer.verify.mypy_checks import MypyChecks
            from fixer.verify.mypy_output import mypy_version

            scans = list(scan_logs(sources, progress))
            if not MypyChecks.wanted(s.finding for j in scans for s in j.sightings):
                warm.stop()  # no error mypy verifies
                warm = None
            snapshot = take(worktree.ready(), mypy_version())
            diagnosis = diagnose_scans(scans, snapshot, progress)
            return fix_diagnosis(diagnosis, worktree, snapshot, options, progress, warm)
    except BaseException:
        if warm is not None:
            warm.stop()  # once a run took it, this does nothing
        raise


# what a fix loads once its changes are written: their checks, the follow-up findings'
# planning, the commit message and the report
_LOADED_LATER = ("fixer.verify.structure", "fixer.fix.exposed", "fixer.report.terminal")


def fix_diagnosis(
    diagnosis: Diagnosis,
    worktree: Worktree,
    snapshot: Snapshot,
    options: FixOptions,
    progress: Progress,
    warm: WarmMypy | None = None,
) -> FixResult:
    from fixer.verify.mypy_checks import MypyChecks

    # mypy's cold baseline is the longest step: it starts first (in ``warm``, mypy
    # loaded already, when there is one), and runs while the checks, the codemods and
    # their libraries load
    baselines = MypyChecks.early(snapshot, options.python, diagnosis.findings, warm)
    try:
        from fixer.verify.checks import Checker

        checker = Checker(snapshot, options.repo, options.index_url, options.python, baselines)
    except BaseException:
        baselines.close()
        raise
    try:
        from fixer.fix.engine import Session
        from fixer.fix.plan import plan
        from fixer.model import Outcome

        # asked now, while mypy checks (None when dry: nothing will be committed)
        target = None if options.dry_run else _branch_target(worktree, options)
        progress.update("planning")
        tasks, unplanned = plan(diagnosis.findings, sorted(snapshot.files))
        session = Session(worktree.path, checker, progress)
        session.keep_unverified = options.allow_unverified
        for name in _LOADED_LATER:  # loaded now, while mypy checks, rather than after it
            import_module(name)
        outcomes = tuple(session.run(tasks))
        outcomes += tuple(Outcome((u.finding,), "skipped", u.reason) for u in unplanned)
    finally:
        checker.close()
        progress.done()
    from fixer.redact import mask
    from fixer.report.fix import commit_message

    result = FixResult(
        diagnosis,
        outcomes,
        "",
        worktree.base_sha,
        dry_run=options.dry_run,
        allow_unverified=options.allow_unverified,
    )
    changed = sorted({c.path for o in result.committed for c in o.changes})
    if not changed or options.dry_run:
        from fixer.forge.git import diff

        result = replace(result, diff=diff(worktree, paths=changed) if changed else "")
        return replace(result, message=mask(commit_message(result)))
    from fixer.forge.git import Author, commit, stage, staged_diff

    assert target is not None  # asked when not dry
    if isinstance(target, BadInput):
        raise target
    branch, earlier = target
    stage(worktree, changed, branch)
    result = replace(result, diff=staged_diff(worktree))
    message = mask(commit_message(result))
    sha = commit(
        worktree, changed, message, Author(*options.author), branch, tip=earlier, staged=True
    )
    return replace(result, branch=branch, commit=sha, message=message, replaced=earlier)


def _branch_target(worktree: Worktree, options: FixOptions) -> tuple[str, str | None] | BadInput:
    """The branch a commit would go on and its commit now (an earlier run's, on this
    base), or why the name cannot be a branch: asked while mypy's baseline runs, and said
    only when there is something to commit."""
    from fixer.forge.git import default_branch_name
    from fixer.forge.gitcmd import branch_ref, resolve

    branch = options.branch or default_branch_name(worktree.base_sha)
    try:
        return branch, resolve(worktree.path, branch_ref(branch))
    except BadInput as exc:
        return exc
