"""``--run URL`` of ``fixer diagnose`` and ``fixer fix``: a run's web address, its log
archive downloaded with the user's token, and the local clone it belongs to.

The token is ``$GITHUB_TOKEN`` (or ``$GH_TOKEN``), else what ``gh auth token`` prints
for the run's host; the download is :func:`fixer.pr.logs.download_logs` (the archive,
else the failed jobs' logs), the same as ``fixer pr`` uses. Without ``--repo``, the
current directory is the repository when one of its git remotes is the run's
repository: the run's paths map to it, and ``fix`` works in it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fixer.errors import BadInput, FatalError, ToolError
from fixer.forge.github_types import DEFAULT_API
from fixer.proc import run
from fixer.redact import remember

_NAME = r"[A-Za-z0-9_.-]+"
_RUN = re.compile(
    rf"https?://(?P<host>[^/\s]+)/(?P<owner>{_NAME})/(?P<name>{_NAME})/actions/runs/"
    r"(?P<id>[0-9]+)(?:/(?:attempts/[0-9]+|job/[0-9]+))?/?(?:[?#]\S*)?"
)
# a remote's URL: https://host/o/r(.git), ssh://git@host/o/r.git, git@host:o/r.git
_SCP = re.compile(r"[^@/\s]+@(?P<host>[^:/\s]+):(?P<path>\S+)")


@dataclass(frozen=True, slots=True)
class RunRef:
    host: str
    owner: str
    name: str
    id: int

    @property
    def repo(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def url(self) -> str:
        return f"https://{self.host}/{self.repo}/actions/runs/{self.id}"


def parse_run(text: str, flag: str = "--run") -> RunRef:
    """``https://github.com/OWNER/REPO/actions/runs/ID`` (an attempt's or a job's page
    too); anything else is bad input."""
    match = _RUN.fullmatch(text.strip())
    if not match:
        raise BadInput(
            f"{flag} {text!r}: not a run's address (https://github.com/OWNER/REPO/actions/runs/ID)"
        )
    return RunRef(match["host"].lower(), match["owner"], match["name"], int(match["id"]))


def api_url(ref: RunRef, given: str | None) -> str:
    """``--api-url``, else ``$GITHUB_API_URL``, else the run's host's API."""
    if given or os.environ.get("GITHUB_API_URL"):
        return given or os.environ["GITHUB_API_URL"]
    return DEFAULT_API if ref.host == "github.com" else f"https://{ref.host}/api/v3"


def find_token(host: str) -> str:
    """``$GITHUB_TOKEN``, ``$GH_TOKEN``, else ``gh auth token`` for ``host``."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        token = os.environ.get(name, "").strip()
        if token:
            remember(token)
            return token
    try:
        done = run(["gh", "auth", "token", "--hostname", host], Path.cwd(), timeout=30)
    except ToolError:
        done = None
    token = done.stdout.strip() if done is not None and done.returncode == 0 else ""
    if not token:
        raise FatalError(
            "no token to download the run's logs: set GITHUB_TOKEN, or log in with `gh auth "
            "login`; or download them yourself (gh run download, gh run view --log-failed)"
        )
    remember(token)
    return token


def download_run(ref: RunRef, into: Path, given_api: str | None = None) -> Path:
    """The run's log archive (or its failed jobs' logs), saved under ``into``."""
    from fixer.forge.github import GitHub
    from fixer.pr.logs import download_logs

    gh = GitHub(find_token(ref.host), api_url(ref, given_api))
    info = gh.get_run(ref.repo, ref.id)
    return download_logs(gh, ref.repo, info, into)


def remote_repo(url: str) -> tuple[str, str] | None:
    """(host, ``owner/name``) of a git remote's URL, lower case; None for a local path."""
    scp = _SCP.fullmatch(url.strip())
    if scp and "://" not in url:
        host, path = scp["host"], scp["path"]
    else:
        parts = urlsplit(url.strip())
        if not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
    path = path.strip("/").removesuffix(".git")
    if path.count("/") != 1:
        return None
    return host.lower(), path.lower()


def clone_of(ref: RunRef, folder: Path) -> Path | None:
    """The top of the git repository at ``folder`` when one of its remotes is the run's
    repository on the run's host; else None."""
    try:
        top = run(["git", "rev-parse", "--show-toplevel"], folder, timeout=30)
        remotes = run(["git", "remote", "-v"], folder, timeout=30)
    except ToolError:
        return None
    if top.returncode != 0 or remotes.returncode != 0:
        return None
    wanted = (ref.host, ref.repo.lower())
    for line in remotes.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 2 and remote_repo(fields[1]) == wanted:
            return Path(top.stdout.strip())
    return None
