"""Credentials out of fixer's own process environment, out of every command line, and out
of reach of same-user processes that read process memory.

The repository's code runs under fixer (a mypy plugin, ``setup.py``, an ESLint config) and
can walk up its process tree and read ``/proc/<pid>/environ`` and ``/proc/<pid>/cmdline``
of every ancestor its user owns. Stripping the token from the tools' environments
(:func:`fixer.proc.clean_env`) is not enough: the kernel keeps the environment fixer was
started with for as long as the process image lives, whatever ``os.environ`` says later.

So, when fixer starts as a program with a credential in its environment (any variable
:data:`fixer.redact.SECRET` matches), :func:`isolate` re-executes the same command line
with that environment minus the credentials, and hands the credentials over through an
inherited pipe: the new image's ``/proc/<pid>/environ`` holds none, nothing goes on a
command line, and the pipe is read and closed before anything else runs. The process
then marks itself non-dumpable (``prctl(PR_SET_DUMPABLE, 0)``): its ``/proc/<pid>/``
files (environ, mem, maps) become root's, ptrace by the same user is refused, and no core
file is written. :func:`held` gives a credential's value to the code that needs it.

Hand-written: no library does this. The prctl call goes through :mod:`ctypes` (Linux
only; elsewhere it is skipped, see docs/security.md for what that leaves).
"""

from __future__ import annotations

import ctypes
import os
import sys

from fixer.redact import SECRET, remember

FD_VAR = "FIXER_SECRETS_FD"  # the number of the pipe the credentials come through
PR_SET_DUMPABLE = 4
MAX_HANDOVER = 60_000  # bytes a pipe takes before the writer would block (64 KiB)
_held: dict[str, str] = {}


def held(name: str) -> str | None:
    """The credential ``name`` this process holds: from the handover, else its environment."""
    return _held.get(name, os.environ.get(name))


def credentials(env: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    """The variables of ``env`` that look like credentials (:data:`fixer.redact.SECRET`)."""
    return {k: v for k, v in env.items() if SECRET.search(k) and k != FD_VAR and v}


def isolate() -> None:
    """At the start of the program: take the credentials over from the pipe after a
    re-execution, or re-execute without them in the environment; then be non-dumpable.

    Returns only in a process whose environment holds no credential (or when the
    platform cannot re-execute, which :func:`nondumpable` does not change)."""
    fd = os.environ.pop(FD_VAR, None)
    if fd is not None:
        _receive(int(fd))
    elif credentials(os.environ) and os.name == "posix" and len(sys.orig_argv) > 0:
        _reexec(credentials(os.environ))
    nondumpable()


def _receive(fd: int) -> None:
    import json  # only after a re-execution: not at every start of fixer

    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read(MAX_HANDOVER + 1)
    values = json.loads(data.decode("utf-8")) if data else {}
    for name, value in values.items():
        _held[str(name)] = str(value)
        remember(str(value))


def _reexec(secrets: dict[str, str]) -> None:
    import json

    data = json.dumps(secrets).encode("utf-8")
    if len(data) > MAX_HANDOVER:  # more than a pipe holds: keep them where they are
        return
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    os.set_inheritable(read, True)
    env = {k: v for k, v in os.environ.items() if k not in secrets}
    env[FD_VAR] = str(read)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
    except OSError:  # cannot run the interpreter again: carry on as started
        os.close(read)


def nondumpable() -> bool:
    """Make this process non-dumpable (Linux): same-user processes can then neither read
    its memory or environment through ``/proc`` nor attach to it. Whether it is now."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols: libc's
        return int(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False
