"""Check runs: create one, completed or not, with its output's annotations; list those
of a commit (by SHA or branch), by name and status.

As GitHub does, a ``conclusion`` or ``completed_at`` completes the run, and more than 50
annotations in one request are refused (422).
"""

from __future__ import annotations

from typing import Any

from ..faults import validation_failed
from ..models import CheckRun
from ..payloads.checks import check_run
from ..routing import ApiError, Call, Reply, Route, paginate

DOCS = "https://docs.github.com/rest/checks/runs#create-a-check-run"
MAX_ANNOTATIONS = 50


def create_check_run(call: Call) -> Reply:
    repo = call.repo()
    body: dict[str, Any] = call.body
    output: dict[str, Any] = body.get("output") or {}
    annotations = list(output.get("annotations", []))
    if len(annotations) > MAX_ANNOTATIONS:
        error = {"resource": "CheckRun", "field": "annotations", "code": "invalid"}
        raise ApiError.of(validation_failed(error, docs=DOCS))
    for mark in annotations:
        if mark["start_line"] > mark["end_line"]:
            error = {"resource": "CheckRun", "field": "annotations", "code": "invalid"}
            raise ApiError.of(validation_failed(error, docs=DOCS))
    now = call.state.tick()
    done = "conclusion" in body or "completed_at" in body
    run = CheckRun(
        repo,
        call.state.next_id(),
        body["name"],
        body["head_sha"],
        "completed" if done else body.get("status", "queued"),
        body.get("conclusion"),
        now,
        now if done else None,
        output.get("title"),
        output.get("summary"),
        annotations,
    )
    repo.check_runs[run.id] = run
    return Reply(201, check_run(run, call.urls))


def list_for_ref(call: Call) -> Reply:
    repo = call.repo()
    ref = str(call.path["ref"])
    sha = repo.branches.get(ref.removeprefix("refs/heads/"), ref)
    if "app_id" in call.query:
        raise NotImplementedError("the fake does not filter check runs by app_id")
    runs = [
        run
        for run in sorted(repo.check_runs.values(), key=lambda r: r.id, reverse=True)
        if run.head_sha == sha
        and call.query.get("check_name") in (None, run.name)
        and call.query.get("status") in (None, run.status)
    ]
    if call.query.get("filter", "latest") == "latest":  # the latest of each name
        names: set[str] = set()
        runs = [r for r in runs if not (r.name in names or names.add(r.name))]
    page, headers = paginate(call, runs)
    body = {"total_count": len(runs), "check_runs": [check_run(r, call.urls) for r in page]}
    return Reply(200, body, headers)


ROUTES = (
    Route("POST", "/repos/{owner}/{repo}/check-runs", create_check_run),
    Route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", list_for_ref),
)
