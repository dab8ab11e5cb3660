"""``check-run``: a check run as GitHub returns it."""

from __future__ import annotations

from ..models import CheckRun
from ..routing import Urls
from .common import JSON, iso, node_id


def check_run(run: CheckRun, urls: Urls) -> JSON:
    url = f"{urls.repo(run.repo)}/check-runs/{run.id}"
    return {
        "id": run.id,
        "node_id": node_id("CheckRun", run.id),
        "head_sha": run.head_sha,
        "name": run.name,
        "url": url,
        "html_url": f"{urls.repo_web(run.repo)}/runs/{run.id}",
        "details_url": None,
        "status": run.status,
        "conclusion": run.conclusion,
        "started_at": iso(run.started_at),
        "completed_at": iso(run.completed_at),
        "external_id": None,
        "check_suite": {"id": run.id + 1},
        "output": {
            "title": run.title,
            "summary": run.summary,
            "text": None,
            "annotations_count": len(run.annotations),
            "annotations_url": f"{url}/annotations",
        },
        "app": None,
        "pull_requests": [],
    }
