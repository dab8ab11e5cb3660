"""``github.token-permissions``: the GitHub API refused the job's token (HTTP 403
``Resource not accessible by integration``).

The words are the API's; the clients around them vary: octokit (``actions/github-script``
and most JavaScript actions: ``RequestError [HttpError]: Resource not accessible by
integration``, the runner's ``##[error]Unhandled error: HttpError: ...``, then the
request's ``url: 'https://api.github.com/...'`` a few lines below), the ``gh`` CLI
(``HTTP 403: Resource not accessible by integration (https://api.github.com/...)``),
PyGithub (``GithubException: 403 {"message": "Resource not accessible by integration",
...}``). The endpoint, when the log shows it, says which permission the call needs.

Never fixed: granting a token more than it has is a security decision.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

MESSAGE = "Resource not accessible by integration"
URL = re.compile(r"(https://api\.github\.com/[^\s'\")]+)")
# the REST path that a permission governs (the first that matches)
PERMISSIONS = (
    (re.compile(r"/pulls\b"), "pull-requests: write"),
    (re.compile(r"/(?:issues|labels|milestones)\b"), "issues: write"),
    (re.compile(r"/(?:check-runs|check-suites)\b"), "checks: write"),
    (re.compile(r"/statuses\b"), "statuses: write"),
    (re.compile(r"/deployments\b"), "deployments: write"),
    (re.compile(r"/packages\b"), "packages: write"),
    (re.compile(r"/actions\b"), "actions: write"),
    (re.compile(r"/pages\b"), "pages: write"),
    (re.compile(r"/(?:contents|git|releases|branches|merges|commits)\b"), "contents: write"),
)
LOOKAHEAD = 40


class TokenPermissionsParser(Parser):
    emits = frozenset({"github.token-permissions"})
    rank = 86
    triggers = (MESSAGE.encode(),)

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        if MESSAGE not in text:
            return
        url_match = URL.search(text)
        url_line = None
        if url_match is None:
            for offset, line in enumerate(hit.after(LOOKAHEAD), start=1):
                url_match = URL.search(line)
                if url_match:
                    url_line = (hit.line + offset, line.strip())
                    break
        url = url_match.group(1) if url_match else ""
        permission = next((p for pattern, p in PERMISSIONS if pattern.search(url)), "")
        details = {"status": "403"}
        if url:
            details["url"] = url
        if permission:
            details["permission"] = permission
        grant = f"`{permission}`" if permission else "the permission the call needs"
        extra = (hit.evidence(url_line[1], url_line[0]),) if url_line else ()
        hit.report(
            Finding(
                kind="github.token-permissions",
                tool="github",
                message=f"The job's token may not do this: 403 {MESSAGE}"
                + (f" ({url})" if url else ""),
                fix=(
                    f"Grant the token {grant} in the workflow's or the job's `permissions:`"
                    " (a `permissions:` block drops every permission it does not name). On"
                    " `pull_request` from a fork the token stays read-only whatever it says:"
                    " comment or label from a separate `workflow_run` workflow instead."
                ),
                details=details,
                ident=url or "token",
            ),
            extra=extra,
            latent=True,  # an action's step fails with no exit code
        )

    def finish(self, sightings: list[Sighting]) -> None:
        """A client prints the refusal several times (the error, then ``Unhandled error``):
        one sighting per command, the first, with the endpoint when any names it."""
        first: dict[int, Sighting] = {}
        for sighting in sightings:
            seen = first.get(sighting.segment)
            if seen is None or (
                "url" in sighting.finding.details and "url" not in seen.finding.details
            ):
                first[sighting.segment] = sighting
        sightings[:] = list(first.values())


class GithubTokenPermissions(Kind):
    id = "github.token-permissions"
    title = "A token without the permission a step needs"
    parser = TokenPermissionsParser
    recognizes = (
        "HTTP 403 `Resource not accessible by integration` (octokit, `gh`, PyGithub), with the"
        " endpoint and the permission it needs"
    )
    not_fixable = "granting the token more than it has is a security decision"
