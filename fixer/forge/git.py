"""Git for fixer: a private worktree at HEAD, commits on fixer's own branch, guarded pushes.

fixer never touches the user's working tree, index, HEAD or current branch. It works in
a linked worktree (``git worktree add --detach``) of the HEAD commit, in a fresh temporary
directory; uncommitted and untracked changes in the user's tree are therefore ignored
(:func:`has_uncommitted_changes` lets the CLI warn about them). All fixer writes to the
user's repository are the worktree's bookkeeping under ``.git/worktrees/`` (removed on
exit), new objects, and the branch ref ``fixer/<short-sha>``.

Every git command runs with :func:`git_env`: :func:`fixer.proc.clean_env` (no
credentials), no ``GIT_*`` variable that could point git at another repository or index,
no prompts, and hooks disabled (``core.hooksPath=/dev/null``): hooks are the repository's
own code, and fixer runs none of it. gitpython only opens repositories (in pure Python);
commands go through :func:`_git`, because gitpython builds each command's environment from
``os.environ`` and cannot drop a variable (code using :attr:`Worktree.repo`'s ``.git``
should keep that in mind).

Pushing with a token: the token travels only in the environment of ``git push``, as the
configuration ``http.<remote url>.extraHeader = Authorization: Basic ...`` given through
``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/``GIT_CONFIG_VALUE_n``. It is never on a command
line (visible to every user in ``ps``), in a file, in a remote URL or a credential helper
(an askpass script would hand it to git's credential machinery, which may store it), and
it is replaced by ``***`` in every error.
"""

from __future__ import annotations

import atexit
import base64
import functools
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from urllib.parse import urlsplit, urlunsplit

import git

from fixer.errors import BadInput, FatalError, ToolError
from fixer.forge.files import check_rel
from fixer.proc import clean_env

BRANCH_PREFIX = "fixer/"
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# GIT_* variables kept from the caller's environment; every other one is dropped
_KEEP = {"GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "GIT_SSL_CAINFO", "GIT_SSL_CAPATH"}
_KEEP |= {"GIT_EXEC_PATH", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM"}
_CONFIG = (
    ("core.hooksPath", "/dev/null"),
    ("core.fsmonitor", "false"),
    ("core.askPass", ""),
    ("credential.helper", ""),
    ("commit.gpgSign", "false"),
    ("push.gpgSign", "false"),
    ("push.followTags", "false"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
)


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str


BOT = Author("fixer[bot]", "fixer[bot]@users.noreply.github.com")


class PushRejected(FatalError):
    """The remote refused the push: its branch is not what fixer last saw."""


def git_env(
    config: Sequence[tuple[str, str]] = (), extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of every git command fixer runs (see the module docstring)."""
    env = {k: v for k, v in clean_env().items() if not k.startswith("GIT_") or k in _KEEP}
    env.pop("SSH_ASKPASS", None)
    pairs = (*_CONFIG, *config)
    env["GIT_CONFIG_COUNT"] = str(len(pairs))
    for i, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C", LANGUAGE="C")
    env.update(extra or {})
    return env


def open_repo(path: Path | str) -> git.Repo:
    """The repository at ``path``; :class:`BadInput` unless it is a clone with a commit."""
    where = Path(path)
    if not where.is_dir():
        raise BadInput(f"{where}: no such directory")
    try:
        repo = git.Repo(where)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise BadInput(f"{where}: not the top directory of a git repository") from None
    if repo.bare:
        raise BadInput(f"{where}: a bare repository; fixer needs a clone with a working tree")
    if _resolve(where, "HEAD") is None:
        raise BadInput(f"{where}: the repository has no commits yet")
    return repo


def has_uncommitted_changes(repo: git.Repo) -> bool:
    """True when the user's tree differs from HEAD (fixer ignores such changes)."""
    return bool(_git(_top(repo), "status", "--porcelain", "-z").stdout)


def default_branch_name(base_sha: str) -> str:
    return f"{BRANCH_PREFIX}{base_sha[:7]}"


_OPEN: set[Worktree] = set()  # open worktrees, closed by atexit if still open


class Worktree:
    """A detached worktree of ``repo``'s HEAD in a fresh ``fixer-*`` temporary directory.

    Leaving the ``with`` block (normally, by an exception or by KeyboardInterrupt) runs
    ``git worktree remove --force``, falls back to deleting the files and ``git worktree
    prune`` if git refuses, and deletes the temporary directory. As a backstop, an
    :mod:`atexit` hook closes any worktree still open, and SIGTERM, when the program has
    not set its own handler, is turned into ``SystemExit(143)`` so that the same cleanup
    runs. Only SIGKILL leaves a ``/tmp/fixer-*`` directory behind (``git worktree prune``
    forgets it once the directory is deleted).
    """

    def __init__(self, repo: git.Repo) -> None:
        self.source = _top(repo)
        base = _resolve(self.source, "HEAD")
        if base is None:
            raise BadInput(f"{self.source}: the repository has no commits yet")
        self.base_sha = base
        self._tmp: Path | None = None
        self._repo: git.Repo | None = None

    @property
    def path(self) -> Path:
        if self._tmp is None:
            raise RuntimeError("the worktree is not open")
        return self._tmp / "wt"

    @property
    def repo(self) -> git.Repo:
        if self._repo is None:
            raise RuntimeError("the worktree is not open")
        return self._repo

    def __enter__(self) -> Worktree:
        if self._tmp is not None:
            raise RuntimeError("the worktree is already open")
        _install_cleanup()
        self._tmp = Path(tempfile.mkdtemp(prefix="fixer-"))
        _OPEN.add(self)
        try:
            _git(
                self.source, "worktree", "add", "--quiet", "--detach", str(self.path), self.base_sha
            )
            self._repo = git.Repo(self.path)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the worktree and its temporary directory; safe to call twice."""
        if self._tmp is None:
            return
        if self._repo is not None:
            self._repo.close()
            self._repo = None
        try:
            gone = _git(self.source, "worktree", "remove", "--force", str(self.path), check=False)
            if gone.returncode != 0:
                shutil.rmtree(self.path, ignore_errors=True)
                _git(self.source, "worktree", "prune", check=False)
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
            _OPEN.discard(self)


def _close_all() -> None:
    for worktree in list(_OPEN):
        worktree.close()


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@functools.cache
def _install_cleanup() -> None:
    atexit.register(_close_all)
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


def commit(
    worktree: Worktree,
    paths: Sequence[str],
    message: str,
    author: Author = BOT,
    branch: str | None = None,
) -> str:
    """Commit exactly ``paths`` in the worktree and point ``branch`` at the commit.

    The author is also the committer. ``branch`` (default ``fixer/<short base sha>``) is
    created, or moved when it already holds only commits by ``author`` on top of the
    worktree's base, which is what an earlier fixer run on the same base leaves. Any other
    existing branch of that name, or one checked out anywhere, is refused, never
    overwritten. The branch is only a ref: no working tree checks it out.
    """
    name = branch or default_branch_name(worktree.base_sha)
    ref = _branch_ref(name)
    rels = sorted({check_rel(p) for p in paths})
    if not rels:
        raise BadInput("nothing to commit: no paths given")
    wt = worktree.path
    old = _resolve(wt, ref)
    if old is not None:
        _check_own_branch(wt, name, old, worktree.base_sha, author)
    _git(wt, "add", "--", *rels, env=git_env(extra={"GIT_LITERAL_PATHSPECS": "1"}))
    staged = _git(wt, "diff", "--cached", "--name-only", "--no-renames", "-z").stdout
    files = {p for p in staged.decode("utf-8", "surrogateescape").split("\0") if p}
    if not files or not files <= set(rels):
        _git(wt, "reset", "--quiet")
        what = "the paths are unchanged" if not files else f"would add {sorted(files - set(rels))}"
        raise BadInput(f"nothing to commit on {name}: {what}")
    who = {"NAME": author.name, "EMAIL": author.email}
    ident = {f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in who.items()}
    args = ("commit", "--quiet", "--no-verify", "--cleanup=whitespace", "--file=-")
    _git(wt, *args, env=git_env(extra=ident), stdin=message.encode())
    new = _out(wt, "rev-parse", "--verify", "HEAD")
    _git(wt, "update-ref", "-m", "fixer: commit", ref, new, old or "")
    return new


def diff(worktree: Worktree, *, colored: bool = False, paths: Sequence[str] = ()) -> str:
    """The worktree's files against the base commit (new untracked files included).

    ``paths`` limits it. Line endings are kept; binary files show as "Binary files
    differ"; bytes that are not UTF-8 show as U+FFFD (this text is for reading: the
    commit is the artefact).
    """
    wt = worktree.path
    rels = [check_rel(p) for p in paths]
    tmp = Path(tempfile.mkdtemp(prefix="fixer-index-"))
    try:  # a copy of the worktree's index, so that marking new files touches nothing
        shutil.copyfile(
            _out(wt, "rev-parse", "--path-format=absolute", "--git-path", "index"), tmp / "i"
        )
        env = git_env(extra={"GIT_INDEX_FILE": str(tmp / "i"), "GIT_LITERAL_PATHSPECS": "1"})
        new = _git(wt, "ls-files", "-z", "--others", "--exclude-standard", "--", *rels, env=env)
        untracked = [p for p in new.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
        if untracked:
            _git(wt, "add", "--intent-to-add", "--", *untracked, env=env)
        color = "--color=always" if colored else "--no-color"
        opts = ("--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")
        out = _git(wt, "diff", color, *opts, worktree.base_sha, "--", *rels, env=env).stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out.decode("utf-8", "replace")


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
    if expected_old_sha is not None and not _SHA.fullmatch(expected_old_sha):
        raise BadInput(f"{expected_old_sha}: the expected remote commit must be a full sha")
    ref = _branch_ref(branch)
    cwd = _top(repo)
    sha = _resolve(cwd, ref)
    if sha is None:
        raise BadInput(f"{branch}: no such branch to push")
    url = _remote_url(cwd, remote)
    auth, secrets = _auth_config(url, token)
    lease = f"--force-with-lease={ref}:{expected_old_sha or ''}"
    args = ("push", "--porcelain", "--no-verify", "--recurse-submodules=no", lease, remote)
    done = _git(cwd, *args, f"{ref}:{ref}", env=git_env(auth), check=False, secrets=secrets)
    if done.returncode == 0:
        return sha
    refused = [ln for ln in _text(done.stdout, secrets).splitlines() if ln.startswith("!\t")]
    if refused:
        why = refused[0].split("\t")[-1]
        seen = f"at {expected_old_sha[:7]}" if expected_old_sha else "absent"
        if "stale info" in why:
            why = f"it changed there since fixer saw it {seen}, so fixer leaves it alone"
        raise PushRejected(f"{_display(url)}: refused to update {branch}: {why}")
    raise _tool_error(done, secrets)


def _check_own_branch(wt: Path, name: str, tip: str, base: str, author: Author) -> None:
    """Refuse unless ``tip`` is checked out nowhere and is ``author``'s commits on ``base``."""
    listed = _out(wt, "worktree", "list", "--porcelain")
    if f"branch refs/heads/{name}" in listed.splitlines():
        raise BadInput(f"branch {name} is checked out in a working tree; fixer will not move it")
    on_base = _git(wt, "merge-base", "--is-ancestor", base, tip, check=False).returncode == 0
    fmt = "--format=%an%x00%ae"
    log = _out(wt, "log", "--no-show-signature", "--no-use-mailmap", fmt, f"{base}..{tip}")
    if not on_base or set(log.splitlines()) != {f"{author.name}\0{author.email}"}:
        raise BadInput(
            f"branch {name} already exists and is not fixer's work on {base[:7]};"
            " delete it or choose another branch name"
        )


def _git(
    cwd: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    stdin: bytes = b"",
    check: bool = True,
    secrets: Sequence[str] = (),
) -> subprocess.CompletedProcess[bytes]:
    cmd = ["git", *args]
    try:
        done = subprocess.run(
            cmd, cwd=cwd, env=env or git_env(), input=stdin, capture_output=True, timeout=900
        )
    except subprocess.TimeoutExpired:
        raise ToolError(cmd, 124, stderr="timed out after 900 s") from None
    except OSError as exc:  # no git, or ``cwd`` is gone
        raise ToolError(cmd, 127, stderr=f"cannot run git in {cwd}: {exc.strerror}") from None
    if check and done.returncode != 0:
        raise _tool_error(done, secrets)
    return done


def _out(cwd: Path, *args: str) -> str:
    return _git(cwd, *args).stdout.decode("utf-8", "surrogateescape").strip()


def _text(data: bytes, secrets: Sequence[str]) -> str:
    text = data.decode("utf-8", "replace")
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _tool_error(done: subprocess.CompletedProcess[bytes], secrets: Sequence[str]) -> ToolError:
    cmd = [_text(str(a).encode(), secrets) for a in done.args]
    return ToolError(cmd, done.returncode, _text(done.stdout, secrets), _text(done.stderr, secrets))


def _top(repo: git.Repo) -> Path:
    if repo.working_tree_dir is None:
        raise BadInput(f"{repo.git_dir}: a bare repository has no working tree")
    return Path(repo.working_tree_dir)


def _resolve(cwd: Path, ref: str) -> str | None:
    found = _git(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return found.stdout.decode().strip() if found.returncode == 0 else None


def _branch_ref(branch: str) -> str:
    ref = f"refs/heads/{branch}"
    if (
        branch.startswith("-")
        or _git(Path("/"), "check-ref-format", ref, check=False).returncode != 0
    ):
        raise BadInput(f"{branch!r}: not a valid branch name")
    return ref


def _remote_url(cwd: Path, remote: str) -> str:
    if remote.startswith("-"):
        raise BadInput(f"{remote}: not a remote")
    named = _git(cwd, "remote", "get-url", "--push", remote, check=False)
    url = named.stdout.decode().strip() if named.returncode == 0 else remote
    if urlsplit(url).password:
        raise BadInput(f"{_display(url)}: the remote URL holds a password; pass the token instead")
    return url


def _auth_config(url: str, token: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """Git configuration that sends ``token`` to ``url`` only, and the strings to scrub."""
    scheme = urlsplit(url).scheme
    if not token or scheme not in ("http", "https"):
        return [], [token] if token else []
    if scheme != "https":
        raise BadInput(f"{_display(url)}: fixer sends a token only over https")
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    key = f"http.{_display(url)}.extraHeader"
    # the empty value first drops headers configured elsewhere (actions/checkout leaves one)
    return [(key, ""), (key, f"Authorization: Basic {basic}")], [token, basic]


def _display(url: str) -> str:
    """``url`` without user, password, query and fragment."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
