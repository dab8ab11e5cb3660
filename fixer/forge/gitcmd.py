"""Running git for fixer: one environment and one runner for every command.

Every git command runs with :func:`git_env`: :func:`fixer.proc.clean_env` (no
credentials), no ``GIT_*`` variable that could point git at another repository or index,
no prompts, and hooks disabled (``core.hooksPath=/dev/null``): hooks are the repository's
own code, and fixer runs none of it. gitpython only opens repositories (in pure Python);
commands go through :func:`run_git`, because gitpython builds each command's environment from
``os.environ`` and cannot drop a variable (code using :attr:`Worktree.repo`'s ``.git``
should keep that in mind).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.errors import BadInput, ToolError
from fixer.proc import clean_env
from fixer.redact import mask

if TYPE_CHECKING:  # loaded by those who open repositories with it (not ``fixer fix``)
    import git

SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


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


def run_git(
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
        raise tool_error(done, secrets)
    return done


class Background:
    """``git ARGS`` started now, in the background; :meth:`output` or :meth:`finish`
    waits for it."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self._proc: subprocess.Popen[bytes] | None
        self._cmd = ["git", *args]
        self._error = ""
        try:
            self._proc = subprocess.Popen(
                self._cmd,
                cwd=cwd,
                env=git_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:  # no git, or ``cwd`` is gone
            self._proc = None
            self._error = f"cannot run git in {cwd}: {exc.strerror}"

    def output(self) -> bytes | None:
        """What it printed, once it has exited; None when it failed or could not start."""
        if self._proc is None:
            return None
        out, _ = self._proc.communicate()
        code, self._proc = self._proc.returncode, None
        return out if code == 0 else None

    def finish(self, timeout: float = 900) -> None:
        """Wait for it; raise :class:`ToolError` as :func:`run_git` would when it failed
        (nothing when it was waited for already)."""
        if self._proc is None:
            if self._error:
                error, self._error = self._error, ""
                raise ToolError(self._cmd, 127, stderr=error)
            return
        proc, self._proc = self._proc, None
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise ToolError(self._cmd, 124, stderr=f"timed out after {timeout:g} s") from None
        if proc.returncode != 0:
            raise tool_error(subprocess.CompletedProcess(self._cmd, proc.returncode, out, err), ())

    def stop(self) -> None:
        """End it if it still runs: its output is not wanted."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.communicate()
            self._proc = None


def git_out(cwd: Path, *args: str) -> str:
    return run_git(cwd, *args).stdout.decode("utf-8", "surrogateescape").strip()


def scrub(data: bytes, secrets: Sequence[str]) -> str:
    """git's output as text, masked (:func:`fixer.redact.mask`), ``secrets`` exactly."""
    return mask(data.decode("utf-8", "replace"), secrets)


def tool_error(done: subprocess.CompletedProcess[bytes], secrets: Sequence[str]) -> ToolError:
    cmd = [scrub(str(a).encode(), secrets) for a in done.args]
    return ToolError(cmd, done.returncode, scrub(done.stdout, secrets), scrub(done.stderr, secrets))


def work_tree(repo: git.Repo | Path) -> Path:
    if isinstance(repo, Path):  # the top folder of a clone (fixer.forge.git.check_clone)
        return repo
    if repo.working_tree_dir is None:
        raise BadInput(f"{repo.git_dir}: a bare repository has no working tree")
    return Path(repo.working_tree_dir)


def resolve(cwd: Path, ref: str) -> str | None:
    found = run_git(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return found.stdout.decode().strip() if found.returncode == 0 else None


def branch_ref(branch: str) -> str:
    ref = f"refs/heads/{branch}"
    if (
        branch.startswith("-")
        or run_git(Path("/"), "check-ref-format", ref, check=False).returncode != 0
    ):
        raise BadInput(f"{branch!r}: not a valid branch name")
    return ref
