"""Download a run's logs: its log archive, or the failed jobs' logs when the archive is gone.

Both endpoints answer with a redirect to a short-lived URL on another host. The redirect
is followed without the Authorization header (that host is not GitHub's API and must not
see the token), and the answer is streamed to a file, up to a size cap. Errors are judged
like every other GitHub call (:func:`fixer.forge.github_types.judge`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from fixer.errors import BadInput
from fixer.forge.github import GitHub, GitHubError, RunInfo
from fixer.forge.github_types import describe, judge

MAX_LOG_BYTES = 1 << 30
REDIRECTS = (301, 302, 303, 307, 308)
GONE = (404, 410)


def download_logs(
    gh: GitHub, repo: str, run: RunInfo, into: Path, cap: int = MAX_LOG_BYTES
) -> Path:
    """The run's log archive (a ``.zip``), else a folder of its failed jobs' logs laid out
    like the archive (``N_<job>.txt``)."""
    into.mkdir(parents=True, exist_ok=True)
    api = f"{gh.api_url}/repos/{repo}/actions"
    archive = into / f"run-{run.id}.zip"
    with requests.Session() as session:
        what = f"the logs of run {run.id} ({run.name})"
        if _fetch(gh, session, f"{api}/runs/{run.id}/logs", archive, what, cap):
            return archive
        folder = into / f"run-{run.id}"
        folder.mkdir(exist_ok=True)
        found = 0
        for n, job in enumerate(gh.failed_jobs(repo, run.id)):
            path = folder / f"{n}_{_file_name(job.name)}.txt"
            found += _fetch(
                gh, session, f"{api}/jobs/{job.id}/logs", path, f"the log of job {job.id}", cap
            )
    if not found:
        raise GitHubError(f"{what}: they are gone (expired or deleted); re-run the workflow")
    return folder


def _fetch(
    gh: GitHub, session: requests.Session, url: str, dest: Path, what: str, cap: int
) -> bool:
    """Save ``url``'s content in ``dest``: True, or False when GitHub says it is gone."""
    attempt = 0
    while True:
        attempt += 1
        try:
            status, headers, said = _get(gh, session, url, dest, what, cap)
        except requests.RequestException as exc:
            status, headers, said = 0, {}, gh.scrub(f"{type(exc).__name__}: {exc}")
        if status == 200:
            return True
        if status in GONE:
            return False
        gh.wait_or_raise(judge(status, headers, said, what, attempt, gh.pacing, gh.api_url))


def _get(
    gh: GitHub, session: requests.Session, url: str, dest: Path, what: str, cap: int
) -> tuple[int, Mapping[str, str], str]:
    headers = {
        "Authorization": f"Bearer {gh.token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "fixer",
    }
    with session.get(url, headers=headers, allow_redirects=False, stream=True, timeout=30) as r:
        if r.status_code == 200:
            _save(r, dest, what, cap)
            return 200, r.headers, ""
        if r.status_code not in REDIRECTS or "Location" not in r.headers:
            return r.status_code, r.headers, gh.scrub(describe(_json(r)))
        location = urljoin(url, r.headers["Location"])
    if urlsplit(location).scheme not in ("http", "https"):
        return 502, {}, "a redirect to a URL that is not http(s)"
    # a new request with no Authorization header, whatever host the download comes from
    with session.get(location, headers={"User-Agent": "fixer"}, stream=True, timeout=60) as r:
        if r.status_code == 200:
            _save(r, dest, what, cap)
        return r.status_code, r.headers, f"the download host answered {r.status_code}"


def _save(response: requests.Response, dest: Path, what: str, cap: int) -> None:
    size = 0
    with dest.open("wb") as out:
        for chunk in response.iter_content(1 << 16):
            size += len(chunk)
            if size > cap:
                out.close()
                dest.unlink()
                raise BadInput(f"{what}: larger than {cap >> 20} MB; fixer reads no more")
            out.write(chunk)


def _json(response: requests.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return response.text[:200]


def _file_name(job: str) -> str:
    """A job's name as a file name the way GitHub's archive writes it."""
    return re.sub(r"[/\\:\x00-\x1f]", "_", job).strip() or "job"
