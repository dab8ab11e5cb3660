"""``workflow-run`` and ``job``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import timedelta

from ..models import Job, PullRequest, WorkflowRun
from ..routing import Urls
from .common import JSON, iso, node_id
from .pulls import pull_request_minimal
from .repos import minimal_repository
from .users import simple_user


def workflow_run(run: WorkflowRun, urls: Urls, pulls: Sequence[PullRequest]) -> JSON:
    api = urls.repo(run.repo)
    url = f"{api}/actions/runs/{run.id}"
    suite = run.id + 500_000
    previous = f"{url}/attempts/{run.run_attempt - 1}" if run.run_attempt > 1 else None
    return {
        "id": run.id,
        "name": run.name,
        "node_id": node_id("WorkflowRun", run.id),
        "check_suite_id": suite,
        "check_suite_node_id": node_id("CheckSuite", suite),
        "head_branch": run.head_branch,
        "head_sha": run.head_sha,
        "path": run.path,
        "display_title": run.display_title,
        "run_number": run.run_number,
        "run_attempt": run.run_attempt,
        "referenced_workflows": [],
        "event": run.event,
        "status": run.status,
        "conclusion": run.conclusion,
        "workflow_id": run.workflow_id,
        "url": url,
        "html_url": f"{urls.repo_web(run.repo)}/actions/runs/{run.id}",
        "pull_requests": [pull_request_minimal(pull, urls) for pull in pulls],
        "created_at": iso(run.created_at),
        "updated_at": iso(run.updated_at),
        "run_started_at": iso(run.created_at),
        "actor": simple_user(run.actor, urls),
        "triggering_actor": simple_user(run.actor, urls),
        "jobs_url": f"{url}/jobs",
        "logs_url": f"{url}/logs",
        "check_suite_url": f"{api}/check-suites/{suite}",
        "artifacts_url": f"{url}/artifacts",
        "cancel_url": f"{url}/cancel",
        "rerun_url": f"{url}/rerun",
        "previous_attempt_url": previous,
        "workflow_url": f"{api}/actions/workflows/{run.workflow_id}",
        "head_commit": _head_commit(run),
        "repository": minimal_repository(run.repo, urls),
        "head_repository": minimal_repository(run.head_repo, urls),
    }


def job(job: Job, urls: Urls) -> JSON:
    run = job.run
    api = urls.repo(run.repo)
    completed = job.created_at + timedelta(minutes=1) if job.status == "completed" else None
    return {
        "id": job.id,
        "run_id": run.id,
        "run_url": f"{api}/actions/runs/{run.id}",
        "run_attempt": job.run_attempt,
        "node_id": node_id("CheckRun", job.id),
        "head_sha": run.head_sha,
        "url": f"{api}/actions/jobs/{job.id}",
        "html_url": f"{urls.repo_web(run.repo)}/actions/runs/{run.id}/job/{job.id}",
        "status": job.status,
        "conclusion": job.conclusion,
        "created_at": iso(job.created_at),
        "started_at": iso(job.created_at),
        "completed_at": iso(completed),
        "name": job.name,
        "steps": [
            {
                "name": step.name,
                "status": step.status,
                "conclusion": step.conclusion,
                "number": step.number,
                "started_at": iso(job.created_at),
                "completed_at": iso(completed) if step.status == "completed" else None,
            }
            for step in job.steps
        ],
        "check_run_url": f"{api}/check-runs/{job.id}",
        "labels": list(job.labels),
        "runner_id": 1 if job.runner_name else None,
        "runner_name": job.runner_name,
        "runner_group_id": 1 if job.runner_name else None,
        "runner_group_name": "GitHub Actions" if job.runner_name else None,
        "workflow_name": run.name,
        "head_branch": run.head_branch,
    }


def _head_commit(run: WorkflowRun) -> JSON:
    person = {
        "name": run.actor.name or run.actor.login,
        "email": run.actor.email or f"{run.actor.id}+{run.actor.login}@users.noreply.github.com",
    }
    return {
        "id": run.head_sha,
        "tree_id": hashlib.sha1(f"tree:{run.head_sha}".encode()).hexdigest(),
        "message": run.display_title,
        "timestamp": iso(run.created_at),
        "author": person,
        "committer": person,
    }
