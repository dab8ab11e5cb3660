"""Git with GitHub's repositories: fetch one commit, read fixer's remote branch, and turn a
patch into a commit without running anything from the repository.

A repository is fetched by URL into a fresh ``git init`` (no remote is configured, so no
URL is written to ``.git/config``), one commit deep. Like every git command of fixer, these
run with :func:`fixer.forge.git.git_env`: hooks off, no credential helper, and the token
only in the environment as an ``http.<url>.extraHeader`` for that one URL.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import git

from fixer.errors import BadInput, FatalError
from fixer.forge.git import Author
from fixer.forge.gitcmd import SHA, branch_ref, git_env, git_out, run_git, scrub
from fixer.forge.push import auth_config

MAX_PATCH = 4 << 20
_SUMMARY = re.compile(r"^ (create|delete|rename|copy|mode change) ", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class RemoteTip:
    """The commit at the tip of a remote branch, as far as fixer needs to know it."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    author: str  # "Name <email>"
    committer: str

    def made_by(self, who: Author) -> bool:
        ident = f"{who.name} <{who.email}>"
        return self.author == ident and self.committer == ident


def fetch_commit(
    dest: Path, url: str, sha: str, token: str | None, ref: str | None = None
) -> git.Repo:
    """A new repository in ``dest`` holding ``sha`` from ``url`` (one commit deep), with
    HEAD detached at it and nothing checked out. When the server will not serve a commit by
    its id, the branch ``ref`` is fetched instead and must point at ``sha``."""
    if url.startswith("-") or not SHA.fullmatch(sha):
        raise BadInput(f"cannot fetch {sha!r} from {url!r}")
    dest.mkdir(parents=True, exist_ok=True)
    run_git(dest, "init", "--quiet")
    failed = _fetch(dest, url, sha, token)
    if failed and ref is not None:
        failed = _fetch(dest, url, branch_ref(ref), token)
        if not failed and _head_of_fetch(dest) != sha:
            failed = f"branch {ref} is no longer at {sha[:12]}; run fixer again"
    if failed:
        raise FatalError(f"cannot fetch commit {sha[:12]} from {url}: {failed}")
    run_git(dest, "update-ref", "--no-deref", "HEAD", sha)
    return git.Repo(dest)


def clone_at(dest: Path, url: str, sha: str, token: str | None, ref: str | None = None) -> git.Repo:
    """:func:`fetch_commit`, then the commit's files checked out (hooks never run)."""
    repo = fetch_commit(dest, url, sha, token, ref)
    run_git(dest, "checkout", "--quiet", "--detach", sha)
    return repo


def _fetch(dest: Path, url: str, what: str, token: str | None) -> str | None:
    """Fetch ``what`` (a commit or a ref) one commit deep: None, or why it failed."""
    auth, secrets = auth_config(url, token)
    args = ("fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--depth=1", url, what)
    done = run_git(dest, *args, env=git_env(auth), check=False, secrets=secrets)
    if done.returncode == 0:
        return None
    lines = scrub(done.stderr, secrets).strip().splitlines()
    fatal = [ln.removeprefix("fatal: ") for ln in lines if ln.startswith("fatal: ")]
    return (fatal or lines or [f"git fetch exited with {done.returncode}"])[0]


def _head_of_fetch(dest: Path) -> str | None:
    found = run_git(dest, "rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}", check=False)
    return found.stdout.decode().strip() or None


def remote_tip(dest: Path, url: str, branch: str, token: str | None) -> RemoteTip | None:
    """The tip of ``branch`` at ``url`` (fetched into ``dest``), or None when it is absent."""
    ref = branch_ref(branch)
    if url.startswith("-"):
        raise BadInput(f"{url!r}: not a repository URL")
    auth, secrets = auth_config(url, token)
    listed = run_git(dest, "ls-remote", url, ref, env=git_env(auth), secrets=secrets)
    rows = [ln.split("\t") for ln in listed.stdout.decode().splitlines()]
    shas = [row[0] for row in rows if row[-1] == ref]
    if not shas:
        return None
    failed = _fetch(dest, url, ref, token)
    if failed or _head_of_fetch(dest) != shas[0]:
        why = failed or "it changed while fixer looked; run fixer again"
        raise FatalError(f"cannot read {branch} at {url}: {why}")
    return _read_commit(dest, shas[0])


def _read_commit(dest: Path, sha: str) -> RemoteTip:
    raw = git_out(dest, "cat-file", "commit", sha)
    head = raw.split("\n\n", 1)[0].splitlines()
    fields: dict[str, list[str]] = {}
    for line in head:
        key, _, value = line.partition(" ")
        fields.setdefault(key, []).append(value)

    def ident(key: str) -> str:  # "Name <email> 1700000000 +0000" -> "Name <email>"
        return fields.get(key, [""])[0].rsplit(" ", 2)[0]

    tree = fields["tree"][0]
    return RemoteTip(
        sha, tree, tuple(fields.get("parent", [])), ident("author"), ident("committer")
    )


def tree_of(dest: Path, sha: str) -> str:
    return git_out(dest, "rev-parse", f"{sha}^{{tree}}")


def binary_diff(dest: Path, base: str, commit: str) -> bytes:
    """``base..commit`` as a patch ``git apply`` takes back byte for byte."""
    opts = ("--binary", "--full-index", "--no-color", "--no-ext-diff", "--no-textconv")
    return run_git(dest, "diff", *opts, "--src-prefix=a/", "--dst-prefix=b/", base, commit).stdout


def commit_patch(
    dest: Path, base: str, patch: bytes, message: str, author: Author, branch: str
) -> str:
    """Commit ``patch`` on top of ``base`` as ``branch`` (which must not exist yet), in a
    private index: no file is checked out and nothing of the repository runs. The patch may
    only change the contents of existing files."""
    ref = branch_ref(branch)
    check_patch(dest, patch)
    tmp = Path(tempfile.mkdtemp(prefix="fixer-index-"))
    try:
        env = git_env(extra={"GIT_INDEX_FILE": str(tmp / "index")})
        run_git(dest, "read-tree", base, env=env)
        run_git(dest, "apply", "--cached", "--whitespace=nowarn", "-", env=env, stdin=patch)
        tree = run_git(dest, "write-tree", env=env).stdout.decode().strip()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    who = {"NAME": author.name, "EMAIL": author.email}
    ident = {f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in who.items()}
    made = run_git(
        dest,
        "commit-tree",
        tree,
        "-p",
        base,
        "-F",
        "-",
        env=git_env(extra=ident),
        stdin=message.encode(),
    )
    sha = made.stdout.decode().strip()
    run_git(dest, "update-ref", "-m", "fixer: commit", ref, sha, "")
    return sha


def check_patch(dest: Path, patch: bytes) -> list[str]:
    """The files ``patch`` changes; :class:`BadInput` for anything but edits of files."""
    if not patch.strip():
        raise BadInput("the patch is empty")
    if len(patch) > MAX_PATCH:
        raise BadInput(f"the patch is larger than {MAX_PATCH >> 20} MB")
    done = run_git(dest, "apply", "--numstat", "--summary", "-", stdin=patch, check=False)
    if done.returncode != 0:
        raise BadInput("the patch is not one git can read")
    text = done.stdout.decode("utf-8", "replace")
    if _SUMMARY.search(text):
        raise BadInput("the patch creates, deletes, renames or re-modes files; fixer never does")
    paths = []
    for line in text.splitlines():
        added, _, rest = line.partition("\t")
        if added == "-":
            raise BadInput("the patch changes a binary file; fixer never does")
        paths.append(rest.partition("\t")[2])
    if any(p.startswith(".git/") or "/.git/" in p for p in paths):
        raise BadInput("the patch touches git's own files")
    return paths
