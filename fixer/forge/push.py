"""Pushing fixer's branch, and only fixer's branch, with a lease.

Pushing with a token: the token travels only in the environment of ``git push``, as the
configuration ``http.<remote url>.extraHeader = Authorization: Basic ...`` given through
``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/``GIT_CONFIG_VALUE_n``. It is never on a command
line (visible to every user in ``ps``), in a file, in a remote URL or a credential helper
(an askpass script would hand it to git's credential machinery, which may store it), and
it is replaced by ``***`` in every error.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from fixer.errors import BadInput, FatalError
from fixer.forge.gitcmd import (
    SHA,
    branch_ref,
    git_env,
    resolve,
    run_git,
    scrub,
    tool_error,
    work_tree,
)

if TYPE_CHECKING:
    import git

BRANCH_PREFIX = "fixer/"


class PushRejected(FatalError):
    """The remote refused the push: its branch is not what fixer last saw."""


def push(
    repo: git.Repo,
    remote: str,
    branch: str,
    expected_old_sha: str | None,
    token: str | None = None,
) -> str:
    """Push ``refs/heads/<branch>`` to ``remote`` (a URL, a path or a remote's name).

    Only ``fixer/...`` branches are pushed, with ``--force-with-lease``: the remote branch
    must be ``expected_old_sha`` (None: must not exist) or the push is refused with
    :class:`PushRejected`. ``token`` is sent only to https remotes (see the module
    docstring); plain http with a token is refused. Returns the pushed commit.
    """
    if not branch.startswith(BRANCH_PREFIX):
        raise BadInput(f"{branch}: fixer pushes only its own {BRANCH_PREFIX}... branches")
    if expected_old_sha is not None and not SHA.fullmatch(expected_old_sha):
        raise BadInput(f"{expected_old_sha}: the expected remote commit must be a full sha")
    ref = branch_ref(branch)
    cwd = work_tree(repo)
    sha = resolve(cwd, ref)
    if sha is None:
        raise BadInput(f"{branch}: no such branch to push")
    url = remote_url(cwd, remote)
    auth, secrets = auth_config(url, token)
    lease = f"--force-with-lease={ref}:{expected_old_sha or ''}"
    args = ("push", "--porcelain", "--no-verify", "--recurse-submodules=no", lease, remote)
    done = run_git(cwd, *args, f"{ref}:{ref}", env=git_env(auth), check=False, secrets=secrets)
    if done.returncode == 0:
        return sha
    refused = [ln for ln in scrub(done.stdout, secrets).splitlines() if ln.startswith("!\t")]
    if refused:
        why = refused[0].split("\t")[-1]
        seen = f"at {expected_old_sha[:7]}" if expected_old_sha else "absent"
        if "stale info" in why:
            why = f"it changed there since fixer saw it {seen}, so fixer leaves it alone"
        raise PushRejected(f"{display_url(url)}: refused to update {branch}: {why}")
    raise tool_error(done, secrets)


def remote_url(cwd: Path, remote: str) -> str:
    if remote.startswith("-"):
        raise BadInput(f"{remote}: not a remote")
    named = run_git(cwd, "remote", "get-url", "--push", remote, check=False)
    url = named.stdout.decode().strip() if named.returncode == 0 else remote
    if urlsplit(url).password:
        raise BadInput(
            f"{display_url(url)}: the remote URL holds a password; pass the token instead"
        )
    return url


def auth_config(url: str, token: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """Git configuration that sends ``token`` to ``url`` only, and the strings to scrub."""
    scheme = urlsplit(url).scheme
    if not token or scheme not in ("http", "https"):
        return [], [token] if token else []
    if scheme != "https":
        raise BadInput(f"{display_url(url)}: fixer sends a token only over https")
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    key = f"http.{display_url(url)}.extraHeader"
    # the empty value first drops headers configured elsewhere (actions/checkout leaves one)
    return [(key, ""), (key, f"Authorization: Basic {basic}")], [token, basic]


def display_url(url: str) -> str:
    """``url`` without user, password, query and fragment."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
