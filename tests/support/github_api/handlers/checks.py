"""Check runs: create one, completed or not, with its output's annotations.

As GitHub does, a ``conclusion`` or ``completed_at`` completes the run, and more than 50
annotations in one request are refused (422).
"""

from __future__ import annotations

from typing import Any

from ..faults import validation_failed
from ..models import CheckRun
from ..payloads.checks import check_run
from ..routing import ApiError, Call, Reply, Route

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


ROUTES = (Route("POST", "/repos/{owner}/{repo}/check-runs", create_check_run),)
