"""Workflow runs, their jobs, and the log downloads (302 to a short-lived URL)."""

from __future__ import annotations

from ..faults import not_found
from ..models import PullRequest, Repo, WorkflowRun
from ..payloads.actions import job as job_payload
from ..payloads.actions import workflow_run
from ..routing import ApiError, Call, Reply, Route, paginate

RUN_FILTERS = ("head_sha", "event", "actor", "branch", "status")
UNSUPPORTED_RUN_FILTERS = ("created", "check_suite_id")


def list_runs(call: Call) -> Reply:
    repo = call.repo()
    for name in UNSUPPORTED_RUN_FILTERS:
        if name in call.query:
            raise NotImplementedError(f"the fake does not filter workflow runs by {name!r}")
    runs = sorted(repo.runs.values(), key=lambda run: run.id, reverse=True)
    runs = [
        run
        for run in runs
        if all(_run_matches(run, name, call.query.get(name)) for name in RUN_FILTERS)
    ]
    page, headers = paginate(call, runs)
    body = {"total_count": len(runs), "workflow_runs": [_run(call, run) for run in page]}
    return Reply(200, body, headers)


def get_run(call: Call) -> Reply:
    return Reply(200, _run(call, _find_run(call, call.repo())))


def list_jobs(call: Call) -> Reply:
    run = _find_run(call, call.repo())
    latest = call.query.get("filter", "latest") == "latest"
    jobs = [job for job in run.jobs if not latest or job.run_attempt == run.run_attempt]
    page, headers = paginate(call, jobs)
    body = {"total_count": len(jobs), "jobs": [job_payload(item, call.urls) for item in page]}
    return Reply(200, body, headers)


def download_run_logs(call: Call) -> Reply:
    run = _find_run(call, call.repo())
    if run.logs_zip is None:
        raise ApiError.of(not_found())
    name = f"logs_{run.id}.zip"
    key = call.state.offer_download(name, run.logs_zip, "application/zip")
    return Reply(302, None, (("Location", call.urls.download(key, name)),))


def download_job_logs(call: Call) -> Reply:
    found = call.state.find_job(call.repo(), int(call.path["job_id"]))
    if found is None or found.log is None or found.status != "completed":
        raise ApiError.of(not_found())
    content = found.log.encode("utf-8")
    name = f"job-logs-{found.id}.txt"
    key = call.state.offer_download(name, content, "text/plain")
    return Reply(302, None, (("Location", call.urls.download(key, name)),))


def _find_run(call: Call, repo: Repo) -> WorkflowRun:
    run = repo.runs.get(int(call.path["run_id"]))
    if run is None:
        raise ApiError.of(not_found())
    return run


def _run(call: Call, run: WorkflowRun) -> dict[str, object]:
    listed = run.lists_pulls and not call.query.get("exclude_pull_requests")
    pulls = _pulls_of(run) if listed else []
    return workflow_run(run, call.urls, pulls)


def _pulls_of(run: WorkflowRun) -> list[PullRequest]:
    """Open pulls of the run's repository whose head is the run's (never those from forks)."""
    return [
        pull
        for pull in run.repo.pulls.values()
        if pull.state == "open"
        and pull.head_repo is run.repo
        and (pull.head_sha == run.head_sha or pull.head_ref == run.head_branch)
    ]


def _run_matches(run: WorkflowRun, name: str, wanted: object) -> bool:
    if wanted is None:
        return True
    if name == "status":
        return wanted in (run.status, run.conclusion)
    if name == "branch":
        return run.head_branch == wanted
    if name == "actor":
        return run.actor.login.lower() == str(wanted).lower()
    return bool(getattr(run, name) == wanted)


ROUTES = (
    Route("GET", "/repos/{owner}/{repo}/actions/runs", list_runs),
    Route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", get_run),
    Route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", list_jobs),
    Route("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/logs", download_run_logs),
    Route("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs", download_job_logs),
)
