"""The one place that wires I/O together: logs -> diagnosis (-> fix -> verify -> PR)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.diagnose.aggregate import diagnose
from fixer.diagnose.locate import make_resolver
from fixer.kinds import parsers
from fixer.logs.scan import JobScan, Scanner
from fixer.logs.sources import open_sources
from fixer.model import Diagnosis, FixResult, Outcome
from fixer.progress import Progress, warn
from fixer.redact import mask
from fixer.snapshot import Snapshot, take

if TYPE_CHECKING:
    import git

    from fixer.forge.git import Worktree


def diagnose_logs(
    sources: Sequence[str],
    repo: Path | Snapshot | None = None,
    progress: Progress | None = None,
) -> Diagnosis:
    """Read every source and return the run's root causes, its paths mapped to ``repo``'s
    files (a folder, or the run's snapshot)."""
    scanner = Scanner(parsers())

    def scans() -> Iterator[JobScan]:
        seen: set[tuple[str | int, ...]] = set()
        for job in open_sources(sources):
            if progress:
                progress.update(f"reading {job.name}")
            scan = scanner.scan(job)
            if scan.identity not in seen:  # the same run given twice (folder and zip)
                seen.add(scan.identity)
                yield scan

    if repo is None:
        result = diagnose(scans())
    else:
        snapshot = repo if isinstance(repo, Snapshot) else take(repo)
        result = diagnose(scans(), make_resolver(snapshot.index))
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
    sources: Sequence[str], options: FixOptions, progress: Progress | None = None
) -> FixResult:
    """Diagnose, then fix and verify in a worktree of the repository; commit unless dry."""
    from fixer.forge.git import UncommittedChanges, check_clone

    progress = progress or Progress(enabled=False)
    repo = check_clone(options.repo)
    uncommitted = UncommittedChanges(repo)  # git status runs while the fix starts
    try:
        result = fix_sources(sources, repo, options, progress)
    except BaseException:
        uncommitted.close()
        raise
    if uncommitted.found():
        warn("the repository has uncommitted changes: fixer works from HEAD and ignores them")
    return result


def fix_sources(
    sources: Sequence[str], repo: git.Repo | Path, options: FixOptions, progress: Progress
) -> FixResult:
    """In a worktree of ``repo`` at HEAD: its snapshot, taken once, maps the logs' paths
    and serves planning, the codemods and verification."""
    from fixer.forge.git import Worktree
    from fixer.verify.mypy_output import mypy_version

    with Worktree(repo) as worktree:
        snapshot = take(worktree.path, mypy_version())
        diagnosis = diagnose_logs(sources, snapshot, progress)
        return fix_diagnosis(diagnosis, worktree, snapshot, options, progress)


def fix_diagnosis(
    diagnosis: Diagnosis,
    worktree: Worktree,
    snapshot: Snapshot,
    options: FixOptions,
    progress: Progress,
) -> FixResult:
    from fixer.verify.mypy_checks import MypyChecks

    # mypy's cold baseline is the longest step: it starts first, and runs while the
    # checks, the codemods and their libraries load
    baselines = MypyChecks.early(snapshot, options.python, diagnosis.findings)
    try:
        from fixer.forge.index import PackageIndex, index_url_from_env
        from fixer.verify.checks import Checker

        index = PackageIndex(options.index_url or index_url_from_env())
        checker = Checker(snapshot, options.repo, index, options.python, baselines)
    except BaseException:
        baselines.close()
        raise
    try:
        from fixer.fix.engine import Session
        from fixer.fix.plan import plan

        progress.update("planning")
        tasks, unplanned = plan(diagnosis.findings, sorted(snapshot.files))
        session = Session(worktree.path, checker, progress)
        session.keep_unverified = options.allow_unverified
        outcomes = tuple(session.run(tasks))
        outcomes += tuple(Outcome((u.finding,), "skipped", u.reason) for u in unplanned)
    finally:
        checker.close()
        progress.done()
    from fixer.forge.git import Author, commit, default_branch_name, diff
    from fixer.forge.gitcmd import branch_ref, resolve
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
    result = replace(result, diff=diff(worktree, paths=changed) if changed else "")
    message = mask(commit_message(result))
    if not changed or options.dry_run:
        return replace(result, message=message)
    branch = options.branch or default_branch_name(worktree.base_sha)
    earlier = resolve(worktree.path, branch_ref(branch))  # an earlier run's, on this base
    sha = commit(worktree, changed, message, Author(*options.author), branch)
    return replace(result, branch=branch, commit=sha, message=message, replaced=earlier)
