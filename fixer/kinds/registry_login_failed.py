"""``registry.login-failed``: a package or image registry refused the job's credentials.

- npm: ``npm error code E401`` (``npm ERR! code E401`` before npm 10), then ``Unable to
  authenticate, your authentication token seems to be invalid.`` or ``401 Unauthorized - GET
  https://npm.pkg.github.com/... - authentication token not provided``;
- docker (``docker login``, docker/login-action): ``Error response from daemon: Get
  "https://ghcr.io/v2/": denied: denied`` or ``...: unauthorized: incorrect username or
  password``; login-action without its secrets: ``Username and password required``.

Never fixed: the credentials live in the repository's secrets, which fixer cannot see.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding

NPM = re.compile(r"^npm (?:error|ERR!) code E401\b")
NPM_URL = re.compile(r"\b(?:GET|PUT) (?P<url>https?://\S+)")
DOCKER = re.compile(
    r"Error response from daemon: Get \"?(?P<url>https?://[^\"\s]+)\"?: (?P<why>(?:unauthorized"
    r"|denied)\b.*)$"
)
DOCKER_EMPTY = "Username and password required"


class RegistryLoginParser(Parser):
    emits = frozenset({"registry.login-failed"})
    rank = 87
    triggers = (b"code E401", b"Error response from daemon: Get", DOCKER_EMPTY.encode())

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text).strip()
        if NPM.match(text):
            following = [line for line in hit.after(2) if line.startswith("npm ")]
            url = next((m["url"] for m in map(NPM_URL.search, following) if m), "")
            extra = tuple(
                hit.evidence(strip_marker(line).strip(), hit.line + 1 + i)
                for i, line in enumerate(following[:1])
            )
            self._report(hit, "npm", url, "E401", extra)
            return
        docker = DOCKER.search(text)
        if docker:
            self._report(hit, "docker", docker["url"], docker["why"].strip(), ())
        elif DOCKER_EMPTY in text:
            self._report(hit, "docker", "", "no username or password given", ())

    def _report(self, hit: Hit, tool: str, url: str, why: str, extra: tuple[Evidence, ...]) -> None:
        registry = re.sub(r"^https?://([^/]+).*$", r"\1", url) if url else ""
        details = {"registry": registry or tool, "reason": why}
        where = f"`{registry}`" if registry else f"the {tool} registry"
        if tool == "npm":
            fix = (
                f"The token npm sent to {where} is invalid, expired or missing: check the"
                " secret the step passes as `NODE_AUTH_TOKEN` (setup-node's `registry-url`"
                " writes the `.npmrc` that reads it) and, for GitHub Packages, that the"
                " token may read the package (`packages: read`)."
            )
        else:
            fix = (
                f"{where} refused the login: check the username and the secret the login step"
                " passes (for ghcr.io the job's `GITHUB_TOKEN` needs `packages: write`), and"
                " that secrets reach the job (they do not on `pull_request` from a fork)."
            )
        hit.report(
            Finding(
                kind="registry.login-failed",
                tool="npm" if tool == "npm" else "docker",
                message=f"{where[0].upper()}{where[1:]} refused the job's credentials ({why})",
                fix=fix,
                details=details,
                ident=f"{tool}|{registry}",
            ),
            extra=extra,
        )


class RegistryLoginFailed(Kind):
    id = "registry.login-failed"
    title = "A registry that refused the job's credentials"
    parser = RegistryLoginParser
    recognizes = "npm `E401`, `docker login` / docker/login-action `unauthorized` or `denied`"
    not_fixable = "the credentials live in the repository's secrets, which fixer cannot see"
